import Foundation
import OACModel
import OACRender

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

        public init(owner: String = "imported", tier: String = "standard", platform: Bool = false,
                    platformName: String = "imported") {
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
        var y = Lines()
        y.add(0, "apiVersion: oac/v1")
        y.add(0, "kind: Platform")
        y.add(0, "metadata:")
        y.add(2, "name: \(YAMLText.string(options.platformName))")
        y.add(0, "spec:")
        y.add(2, "prometheus:")
        y.add(4, "version: \"2.42\"")
        y.add(4, "retention: \(retention)")
        y.add(2, "retentionTiers:")
        let tiers = Set(catalog.services.map { $0.tier ?? options.tier }).union(catalog.services.isEmpty ? [options.tier] : [])
        for t in tiers.sorted() {
            y.add(4, "- name: \(YAMLText.string(t))")
            y.add(6, "metrics:")
            y.add(8, "local: \(retention)")
        }
        return y.text
    }

    func team(_ name: String) -> String {
        var y = Lines()
        y.add(0, "apiVersion: oac/v1")
        y.add(0, "kind: Team")
        y.add(0, "metadata:")
        y.add(2, "name: \(YAMLText.string(name))")
        return y.text
    }

    func service(_ s: ImportedService) -> String {
        var y = Lines()
        y.add(0, "apiVersion: oac/v1")
        y.add(0, "kind: Service")
        y.add(0, "metadata:")
        y.add(2, "name: \(YAMLText.string(s.name))")
        y.add(0, "spec:")
        if let d = s.description { y.add(2, "description: \(YAMLText.string(d))") }
        y.add(2, "owner: \(YAMLText.string(s.owner ?? options.owner))")
        y.add(2, "tier: \(YAMLText.string(s.tier ?? options.tier))")
        if let r = s.runbook { y.add(2, "runbook: \(YAMLText.string(r))") }
        if s.slos.isEmpty { return y.text }
        y.add(2, "slos:")
        for slo in s.slos { write(slo, into: &y) }
        return y.text
    }

    func write(_ slo: ImportedSLO, into y: inout Lines) {
        y.add(4, "- name: \(YAMLText.string(slo.name))")
        if let d = slo.description { y.add(6, "description: \(YAMLText.string(d))") }
        y.add(6, "objective: \(ExactDecimal(slo.objective))")
        switch slo.window {
        case .rolling(let d): y.add(6, "window: \(d)")
        case .calendar(let p): y.add(6, "window: \(p.rawValue)")
        }
        y.add(6, "sli:")
        switch slo.sli {
        case .events(let counting, let selector, let total):
            y.add(8, "events:")
            y.add(10, "\(counting.rawValue): \(YAMLText.string(selector))")
            y.add(10, "total: \(YAMLText.string(total))")
        case .eventQueries(let counting, let query, let total):
            y.add(8, "events:")
            y.add(10, "\(counting.rawValue)Query: \(YAMLText.string(query))")
            y.add(10, "totalQuery: \(YAMLText.string(total))")
        case .latency(let histogram, let threshold):
            y.add(8, "latency:")
            y.add(10, "histogram: \(YAMLText.string(histogram))")
            y.add(10, "threshold: \(ExactDecimal(threshold))")
        case .threshold(let query, let op, let value):
            y.add(8, "threshold:")
            y.add(10, "query: \(YAMLText.string(query))")
            y.add(10, "op: \(YAMLText.string(op.rawValue))")
            y.add(10, "value: \(ExactDecimal(value))")
        }
        guard !slo.page || !slo.ticket || !slo.labels.isEmpty || !slo.annotations.isEmpty else { return }
        y.add(6, "alerting:")
        if !slo.page { y.add(8, "page: false") }
        if !slo.ticket { y.add(8, "ticket: false") }
        for (key, list) in [("labels", slo.labels), ("annotations", slo.annotations)] where !list.isEmpty {
            y.add(8, "\(key):")
            for kv in list { y.add(10, "\(YAMLText.string(kv.key)): \(YAMLText.string(kv.value))") }
        }
    }
}

/// Indented YAML lines.
struct Lines {
    var text = ""
    mutating func add(_ indent: Int, _ line: String) { text += String(repeating: " ", count: indent) + line + "\n" }
}
