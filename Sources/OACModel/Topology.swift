import Foundation
import OACPromQL

/// The Prometheus servers a platform runs: one per shard of every region, and where SLOs are evaluated
/// (a global server, Thanos or Mimir) — or a single Prometheus when the platform has no `global`.
public struct Topology: Sendable, Hashable {
    public enum Layout: Sendable, Hashable {
        /// One Prometheus scrapes everything and evaluates every rule.
        case single
        /// Shards record SLIs; SLOs are evaluated globally (federation, Thanos ruler or Mimir ruler).
        case global(GlobalMode)
    }

    public struct Shard: Sendable, Hashable {
        /// nil for a single Prometheus of a platform without regions.
        public var region: String?
        public var index: Int
        public var count: Int
        /// `host:port` of this server (the region's address pattern with `{shard}` filled in), if known.
        public var address: String?
        /// Services scraped here (all services of the region), sorted.
        public var services: [String]
        /// `--storage.tsdb.retention.time` of this server.
        public var retention: PromDuration
    }

    public var layout: Layout
    /// Every shard, sorted by region then index; exactly one for `.single`.
    public var shards: [Shard]
    public var globalAddress: String?
    /// Retention of the place where SLOs are evaluated (global Prometheus, or the single one).
    public var globalRetention: PromDuration

    public var isSingle: Bool { layout == .single }

    /// Used when no tier says otherwise (Prometheus' own default).
    public static let defaultRetention = PromDuration.days(15)

    public static func isSingle(_ p: Platform) -> Bool { p.global == nil }
    public static func isFederated(_ p: Platform) -> Bool { p.global?.mode == .federation }

    /// The retention of the global Prometheus: `spec.global.retention`, else `spec.prometheus.retention`, else
    /// the longest local retention of the given tiers.
    public static func globalRetention(_ p: Platform, tiers: [RetentionTier]) -> PromDuration {
        p.global?.retention ?? p.prometheus.retention ?? tiers.map(\.local).max() ?? defaultRetention
    }

    /// How long the place evaluating `slo` of `service` can look back over the series the SLO ranges over.
    /// Federation and a single Prometheus: that server's retention. Thanos and Mimir: the rulers read the
    /// long-term store, which keeps raw samples for the tier's `raw` retention (else its `local`).
    public static func evaluationRetention(_ model: Model, service: Service) -> PromDuration {
        let p = model.platform
        switch p.global?.mode {
        case .thanos?, .mimir?:
            let tier = model.tier(named: service.tier)
            return tier?.raw ?? tier?.local ?? defaultRetention
        case .federation?:
            return globalRetention(p, tiers: model.services.compactMap { model.tier(named: $0.tier) })
        case nil:
            return p.prometheus.retention ?? model.services.compactMap { model.tier(named: $0.tier)?.local }.max()
                ?? defaultRetention
        }
    }

    public static func plan(_ model: Model, estimate: CostEstimate) -> Topology {
        let p = model.platform
        func retention(_ services: [Service]) -> PromDuration {
            p.prometheus.retention ?? services.compactMap { model.tier(named: $0.tier)?.local }.max() ?? defaultRetention
        }
        let allTiers = model.services.compactMap { model.tier(named: $0.tier) }
        guard let mode = p.global?.mode else {
            let region = p.regions.first
            let shard = Shard(
                region: region?.name, index: 0, count: 1, address: region.flatMap { address($0.address, 0, replicas: $0.replicas) },
                services: model.services.map(\.name).sorted(), retention: retention(model.services))
            return Topology(
                layout: .single, shards: [shard], globalAddress: shard.address,
                globalRetention: retention(model.services))
        }
        var shards: [Shard] = []
        for region in p.regions {
            let count = estimate.regions.first { $0.name == region.name }?.shards ?? 1
            let members = model.services.filter { $0.regions.contains(region.name) }
            for i in 0..<count {
                shards.append(
                    Shard(
                        region: region.name, index: i, count: count, address: address(region.address, i, replicas: region.replicas),
                        services: members.map(\.name).sorted(), retention: retention(members)))
            }
        }
        return Topology(
            layout: .global(mode), shards: shards, globalAddress: p.global?.address,
            globalRetention: globalRetention(p, tiers: allTiers))
    }

    /// The shard's address: `{shard}` filled in, and `{replica}` too (with 0) when the region runs one server per
    /// shard; with pairs it stays for `Region.replicaAddresses` to expand.
    static func address(_ pattern: String?, _ shard: Int, replicas: Int = 1) -> String? {
        pattern.map { p in
            let a = p.replacingOccurrences(of: "{shard}", with: String(shard))
            return replicas > 1 ? a : a.replacingOccurrences(of: Region.replicaPlaceholder, with: "0")
        }
    }

    /// Which shard scrapes each static target of a service in a region of `count` shards.
    public static func assignments(_ targets: [String], shards count: Int) -> [(target: String, shard: Int)] {
        targets.map { ($0, count > 1 ? Hashmod.shard(of: $0, modulus: count) : 0) }
    }
}

// MARK: - Long-term storage

/// Retention flags of `thanos compact` for one tier: raw, 5-minute and 1-hour resolutions. A resolution
/// the tier does not keep lasts as long as the finer one (Thanos reads 0 as "forever", never as "none").
public struct ThanosRetention: Sendable, Hashable {
    public var raw: PromDuration
    public var fiveMinutes: PromDuration
    public var oneHour: PromDuration

    /// `thanos compact` exits at start-up when downsampling is on and raw < 40h or 5m < 10d.
    public static let minimumRaw = PromDuration.hours(40)
    public static let minimumFiveMinutes = PromDuration.days(10)

    public init(raw: PromDuration, fiveMinutes: PromDuration, oneHour: PromDuration) {
        self.raw = raw
        self.fiveMinutes = fiveMinutes
        self.oneHour = oneHour
    }

    public init(_ tier: RetentionTier) {
        raw = tier.raw ?? tier.local
        fiveMinutes = tier.downsampled5m ?? raw
        oneHour = tier.downsampled1h ?? fiveMinutes
    }

    /// The longest of each resolution: what one bucket shared by several tiers must keep.
    public static func longest(_ all: [ThanosRetention]) -> ThanosRetention? {
        guard let first = all.first else { return nil }
        return all.dropFirst().reduce(first) {
            ThanosRetention(
                raw: max($0.raw, $1.raw), fiveMinutes: max($0.fiveMinutes, $1.fiveMinutes),
                oneHour: max($0.oneHour, $1.oneHour))
        }
    }

    public var flags: [String] {
        [
            "--retention.resolution-raw=\(raw)", "--retention.resolution-5m=\(fiveMinutes)",
            "--retention.resolution-1h=\(oneHour)"
        ]
    }
}
