import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACRender
import OACSupport

/// Writes an imported catalog as oac catalog YAML: Team documents for the owners the specs named, a Service
/// per service, and on request a minimal Platform so the result compiles on its own.
public struct CatalogWriter {
    public struct Options: Sendable {
        /// Owner of services whose spec names none (an existing team; no Team document is written for it).
        public var owner: String
        /// Retention tier of services whose spec names none.
        public var tier: String
        /// Also write a minimal Platform (one Prometheus, one retention tier long enough for every window).
        public var platform: Bool
        /// Name of that Platform.
        public var platformName: String

        public init(
            owner: String = "imported", tier: String = "standard", platform: Bool = false,
            platformName: String = "imported"
        ) {
            self.owner = owner
            self.tier = tier
            self.platform = platform
            self.platformName = platformName
        }
    }

    public let catalog: ImportedCatalog
    public let options: Options

    public init(_ catalog: ImportedCatalog, options: Options) {
        self.catalog = catalog
        self.options = options
    }

    /// Output files (relative paths) and their text: `platform.yaml`, `teams.yaml`, `<service>.yaml`.
    public func files() -> [OutputFile] {
        var out: [OutputFile] = []
        if options.platform { out.append(OutputFile(path: "platform.yaml", contents: header + platform())) }
        let teams = teamNames
        if !teams.isEmpty { out.append(OutputFile(path: "teams.yaml", contents: header + teams.map(team).joined(separator: "---\n"))) }
        for s in catalog.services { out.append(OutputFile(path: "\(s.name).yaml", contents: header + service(s))) }
        return out
    }

    /// Every document in one stream.
    public func text() -> String {
        var docs: [String] = []
        if options.platform { docs.append(platform()) }
        docs += teamNames.map(team)
        docs += catalog.services.map(service)
        return header + docs.joined(separator: "---\n")
    }

    var header: String {
        let from = catalog.sources.isEmpty ? "" : " from \(catalog.sources.joined(separator: ", "))"
        return "# Imported by oac\(from.replacingOccurrences(of: "\n", with: " ")); review the warnings the import printed.\n"
    }

    /// Owners named by the specs, plus the fallback owner when a service needed it and it is ours to write.
    var teamNames: [String] {
        var names = catalog.teams
        if catalog.services.contains(where: { $0.owner == nil }), options.owner == CatalogWriter.Options().owner {
            names.insert(options.owner)
        }
        return names.sorted()
    }

    /// The longest window any SLO needs kept, at least 90 days (what the compiler asks of a `gold` tier, so
    /// imported tier names never fail a retention check).
    var retention: PromDuration {
        let windows = catalog.services.flatMap(\.slos).map { slo -> PromDuration in
            switch slo.window {
            case .rolling(let d): d
            case .calendar(let p): p.longest
            }
        }
        return max(windows.max() ?? .days(90), .days(90))
    }

    func platform() -> String {
        var y = YAMLBuilder(header: nil)
        y.line(0, "apiVersion: oac/v1")
        y.line(0, "kind: Platform")
        y.line(0, "metadata:")
        y.line(2, "name: \(YAMLText.string(options.platformName))")
        y.line(0, "spec:")
        y.line(2, "prometheus:")
        y.line(4, "version: \"2.42\"")
        y.line(4, "retention: \(retention)")
        y.line(2, "retentionTiers:")
        let tiers = Set(catalog.services.map { $0.tier ?? options.tier }).union(catalog.services.isEmpty ? [options.tier] : [])
        for t in tiers.sorted() {
            y.line(4, "- name: \(YAMLText.string(t))")
            y.line(6, "metrics:")
            y.line(8, "local: \(retention)")
        }
        return y.text
    }

    func team(_ name: String) -> String {
        var y = YAMLBuilder(header: nil)
        y.line(0, "apiVersion: oac/v1")
        y.line(0, "kind: Team")
        y.line(0, "metadata:")
        y.line(2, "name: \(YAMLText.string(name))")
        return y.text
    }

    func service(_ s: ImportedService) -> String {
        var y = YAMLBuilder(header: nil)
        y.line(0, "apiVersion: oac/v1")
        y.line(0, "kind: Service")
        y.line(0, "metadata:")
        y.line(2, "name: \(YAMLText.string(s.name))")
        y.line(0, "spec:")
        if let d = s.description { y.line(2, "description: \(YAMLText.string(d))") }
        y.line(2, "owner: \(YAMLText.string(s.owner ?? options.owner))")
        y.line(2, "tier: \(YAMLText.string(s.tier ?? options.tier))")
        if let r = s.runbook { y.line(2, "runbook: \(YAMLText.string(r))") }
        if s.slos.isEmpty { return y.text }
        y.line(2, "slos:")
        for slo in s.slos { write(slo, into: &y) }
        return y.text
    }

    func write(_ slo: ImportedSLO, into y: inout YAMLBuilder) {
        y.line(4, "- name: \(YAMLText.string(slo.name))")
        if let d = slo.description { y.line(6, "description: \(YAMLText.string(d))") }
        y.line(6, "objective: \(ExactDecimal(slo.objective))")
        switch slo.window {
        case .rolling(let d): y.line(6, "window: \(d)")
        case .calendar(let p): y.line(6, "window: \(p.rawValue)")
        }
        y.line(6, "sli:")
        switch slo.sli {
        case .events(let counting, let selector, let total):
            y.line(8, "events:")
            y.line(10, "\(counting.rawValue): \(YAMLText.string(selector))")
            y.line(10, "total: \(YAMLText.string(total))")
        case .eventQueries(let counting, let query, let total):
            y.line(8, "events:")
            y.line(10, "\(counting.rawValue)Query: \(YAMLText.string(query))")
            y.line(10, "totalQuery: \(YAMLText.string(total))")
        case .latency(let histogram, let threshold):
            y.line(8, "latency:")
            y.line(10, "histogram: \(YAMLText.string(histogram))")
            y.line(10, "threshold: \(ExactDecimal(threshold))")
        case .threshold(let query, let op, let value):
            y.line(8, "threshold:")
            y.line(10, "query: \(YAMLText.string(query))")
            y.line(10, "op: \(YAMLText.string(op.rawValue))")
            y.line(10, "value: \(ExactDecimal(value))")
        }
        guard !slo.page || !slo.ticket || !slo.labels.isEmpty || !slo.annotations.isEmpty else { return }
        y.line(6, "alerting:")
        if !slo.page { y.line(8, "page: false") }
        if !slo.ticket { y.line(8, "ticket: false") }
        for (key, list) in [("labels", slo.labels), ("annotations", slo.annotations)] where !list.isEmpty {
            y.line(8, "\(key):")
            for kv in list { y.line(10, "\(YAMLText.string(kv.key)): \(YAMLText.string(kv.value))") }
        }
    }
}
