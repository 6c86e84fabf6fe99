import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// Writes `loki/runtime-overrides.yaml`: one tenant per team (its `lokiTenant`) with ingestion limits from
/// the team's declared log volume in its busiest region (every region's Loki loads this file), the retention of its longest tier, and `retention_stream` rules for the
/// streams kept for another period. Only keys Loki 3's per-tenant limits know (Loki refuses unknown keys).
public enum LokiOverridesRenderer: Renderer {
    /// Declared volumes are daily averages; traffic peaks at about this many times the average.
    public static let peakFactor = Decimal(3)
    /// Loki's burst lets a tenant go this many times over its rate for a moment.
    public static let burstFactor = Decimal(2)
    /// No tenant is limited below this (MB/s), so a quiet team can still replay a backlog.
    public static let minimumRateMB = Decimal(1)
    /// Loki's "MB" in `ingestion_rate_mb` is 2^20 bytes.
    static let lokiMB = Decimal(1_048_576)
    /// Loki rejects retention_stream periods under 24h.
    public static let minimumStreamPeriod = PromDuration.hours(24)

    public struct Tenant: Sendable, Hashable {
        public var name: String
        public var team: String
        public var ingestionRateMB: Decimal
        public var ingestionBurstSizeMB: Decimal
        public var retentionPeriod: PromDuration?
        public var streams: [(selector: String, period: PromDuration)]

        public static func == (l: Self, r: Self) -> Bool {
            l.name == r.name && l.ingestionRateMB == r.ingestionRateMB && l.retentionPeriod == r.retentionPeriod
                && l.streams.map { "\($0.selector) \($0.period)" } == r.streams.map { "\($0.selector) \($0.period)" }
        }

        public func hash(into h: inout Hasher) { h.combine(name) }
    }

    /// The tenants, sorted by tenant name; teams without services have none.
    public static func tenants(_ model: Model) -> [Tenant] {
        var out: [Tenant] = []
        for team in model.teams {
            let services = model.services.filter { $0.owner == team.name }
            guard !services.isEmpty else { continue }
            var streams: [(String, PromDuration?)] = []
            for s in services {
                let tierLogs = model.tier(named: s.tier)?.logs
                for log in s.logs { streams.append((log.selector, log.retention ?? tierLogs)) }
            }
            let average = busiestRegionBytesPerDay(services) / 86_400 / lokiMB
            let rate = max(minimumRateMB, roundUp(average * peakFactor))
            let period = services.compactMap { model.tier(named: $0.tier)?.logs }.max()
            let rules = streams.compactMap { sel, p -> (selector: String, period: PromDuration)? in
                guard let p, p != period else { return nil }
                return (sel, p)
            }.sorted { ($0.selector, $0.period) < ($1.selector, $1.period) }
            out.append(
                Tenant(
                    name: team.lokiTenant, team: team.name, ingestionRateMB: rate,
                    ingestionBurstSizeMB: roundUp(rate * burstFactor), retentionPeriod: period, streams: rules))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Each region runs its own Loki, which loads this file and enforces a tenant's limit on that region's
    /// traffic only: the limit is the busiest region's volume (`volumePerDay` is per region), never a sum over
    /// regions. A service without regions counts in one.
    static func busiestRegionBytesPerDay(_ services: [Service]) -> Decimal {
        var byRegion: [String: Decimal] = [:]
        for s in services {
            let volume = s.logs.reduce(Decimal(0)) { $0 + Decimal($1.volumePerDay.bytes) }
            for region in s.regions.isEmpty ? [""] : s.regions { byRegion[region, default: 0] += volume }
        }
        return byRegion.values.max() ?? 0
    }

    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        [RenderJob { [file(input.model)] }]
    }

    static func file(_ model: Model) -> OutputFile {
        var y = YAMLBuilder()
        let tenants = tenants(model)
        if tenants.isEmpty {
            y.line(0, "overrides: {}")
            return OutputFile(path: Conventions.lokiOverridesFile, contents: y.text)
        }
        y.line(0, "overrides:")
        for t in tenants {
            y.line(2, "# team \(t.team)")
            y.line(2, "\(YAMLText.string(t.name)):")
            y.raw(4, "ingestion_burst_size_mb", t.ingestionBurstSizeMB.plain(maxFractionDigits: 2))
            y.raw(4, "ingestion_rate_mb", t.ingestionRateMB.plain(maxFractionDigits: 2))
            if let p = t.retentionPeriod { y.raw(4, "retention_period", p.description) }
            guard !t.streams.isEmpty else { continue }
            y.line(4, "retention_stream:")
            for s in t.streams {
                y.line(6, "- selector: \(YAMLText.string(s.selector))")
                y.line(8, "priority: 1")
                y.raw(8, "period", s.period.description)
            }
        }
        return OutputFile(path: Conventions.lokiOverridesFile, contents: y.text)
    }

    /// Up to the next hundredth.
    static func roundUp(_ d: Decimal) -> Decimal {
        var v = d
        var out = Decimal()
        NSDecimalRound(&out, &v, 2, .up)
        return out
    }
}
