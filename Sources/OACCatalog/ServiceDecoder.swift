import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// `kind: Service`: targets, metrics and logs (tables in Schema+Service.swift).
extension DocumentDecoder {
    // MARK: - Service

    func service(_ node: YAMLNode, name: Located<String>, location: SourceLocation) -> ServiceSpec? {
        guard
            let f = reader.fields(
                node, path: "spec",
                table: Schema.service)
        else { return nil }
        var s = ServiceSpec(name: name, location: location)
        s.description = reader.string(f, "description")?.value
        s.owner = reader.string(f, "owner")
        s.tier = reader.string(f, "tier")
        s.type = reader.string(f, "type")
        if let t = s.type, ServiceType(rawValue: t.value) == nil {
            invalidChoice(t, path: "spec.type", choices: ServiceType.allCases.map(\.rawValue))
        }
        s.regions = reader.stringList(f, "regions")
        s.job = reader.string(f, "job")
        if let job = s.job, job.value.isEmpty || job.value.contains(where: { $0.isNewline }) {
            reader.diagnostics.error(
                "`spec.job` must be a non-empty single-line string", rule: CheckID.invalidValue,
                at: job.location)
        }
        s.runbook = reader.string(f, "runbook")
        if let rb = s.runbook { checkURL(rb, path: "spec.runbook") }
        s.instances = reader.int(f, "instances", min: 1, max: 1_000_000)
        if let tn = reader.value(f, "targets") { targets(tn, into: &s) }
        if let sn = reader.value(f, "scrape") { scrape(sn, into: &s) }
        for (i, mn) in (reader.sequence(f, "metrics") ?? []).enumerated() {
            if let m = metric(mn, path: NodeReader.NodePath("spec.metrics", index: i)) { s.metrics.append(m) }
        }
        for (i, ln) in (reader.sequence(f, "logs") ?? []).enumerated() {
            let path = NodeReader.NodePath("spec.logs", index: i)
            guard let lf = reader.fields(ln, path: path, table: Schema.log) else { continue }
            s.logs.append(
                LogSpecEntry(
                    location: lf.location, selector: reader.string(lf, "selector"),
                    volumePerDay: reader.size(lf, "volumePerDay"), retention: reader.duration(lf, "retention")))
        }
        for (i, sn) in (reader.sequence(f, "slos") ?? []).enumerated() {
            if let slo = slo(sn, path: NodeReader.NodePath("spec.slos", index: i)) { s.slos.append(slo) }
        }
        s.errorBudgetPolicy = budgetPolicy(f, "errorBudgetPolicy", path: "spec.errorBudgetPolicy")
        s.maintenanceWindows = budgetWindows(f, "maintenanceWindows", correction: false)
        s.corrections = budgetWindows(f, "corrections", correction: true)
        return s
    }

    func checkURL(_ v: Located<String>, path: String) {
        guard let url = URL(string: v.value), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
            url.host != nil
        else {
            reader.diagnostics.error(
                "`\(path)` must be an http(s) URL, found `\(v.value)`", rule: CheckID.invalidValue,
                at: v.location)
            return
        }
        if url.user != nil || url.password != nil {
            reader.diagnostics.error(
                "`\(path)` carries credentials in the URL", rule: CheckID.inlineSecret, at: v.location,
                hint: "remove the user:password part; links must not hold secrets")
        }
    }

    func targets(_ node: YAMLNode, into s: inout ServiceSpec) {
        guard let f = reader.fields(node, path: "spec.targets", table: Schema.targets) else { return }
        s.targetsLocation = f.location
        guard f.entries.count == 1, let (kind, _) = f.entries.first else {
            reader.diagnostics.error(
                "`spec.targets` must use exactly one of \(Schema.targets.allowed.joined(separator: ", "))",
                rule: f.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: f.location)
            return
        }
        switch kind {
        case "static":
            s.targetsValueLocation = reader.value(f, "static").map(reader.location)
            if let node = reader.value(f, "static"), case .mapping(let m) = node {
                // Per region: each region's own addresses.
                var byRegion: [RegionTargets] = []
                for (k, v) in m {
                    guard let region = reader.string(k, path: "spec.targets.static") else { continue }
                    let path = "spec.targets.static.\(region.value)"
                    guard case .sequence = v else {
                        reader.wrongType(v, expected: "a list", path: path)
                        continue
                    }
                    let list = staticList(v, path: path)
                    s.staticRegions.append(region)
                    byRegion.append(RegionTargets(region: region.value, targets: list.map(\.value)))
                }
                s.targets = .staticByRegion(byRegion)
                return
            }
            s.targets = .static((reader.stringList(f, "static") ?? []).map(checkHostPort).map(\.value))
        case "file":
            guard let p = reader.string(f, "file") else { return }
            if !Self.isFileSDPath(p.value) {
                reader.diagnostics.error(
                    "`spec.targets.file` `\(p.value)` is not a name Prometheus file discovery reads",
                    rule: CheckID.invalidValue, at: p.location,
                    hint: "end it in .json, .yml or .yaml; a `*` may stand only in its last path element, e.g. /etc/prometheus/targets/api-*.json")
            }
            s.targets = .file(p.value)
            s.targetsValueLocation = p.location
        default:
            guard let kn = reader.value(f, "kubernetes"),
                let kf = reader.fields(kn, path: "spec.targets.kubernetes", table: Schema.kubernetes)
            else { return }
            let selector = reader.string(kf, "selector")
            let namespace = reader.string(kf, "namespace")
            s.targets = .kubernetes(namespace: namespace?.value, selector: selector?.value)
            if let namespace, !Self.isKubernetesName(namespace.value) || namespace.value.contains(".") {
                reader.diagnostics.error(
                    "`spec.targets.kubernetes.namespace` `\(namespace.value)` is not a Kubernetes namespace name",
                    rule: CheckID.invalidName, at: namespace.location, hint: "at most 63 lower-case letters, digits and `-`")
            }
            if let selector, let parsed = KubernetesLabelSelector(parsing: selector.value) {
                _ = checkSelectorSyntax(parsed, text: selector, path: "spec.targets.kubernetes.selector")
            }
            var settings = s.scrape ?? ScrapeSettings()
            settings.kubernetes = kubernetesScrape(kf)
            s.scrape = settings
        }
    }

    /// The addresses of a static list, each checked to be `host:port`.
    func staticList(_ node: YAMLNode, path: String) -> [Located<String>] {
        guard case .sequence(let seq) = node else { return [] }
        return Array(seq).enumerated().compactMap { reader.string($1, path: "\(path)[\($0)]") }.map(checkHostPort)
    }

    func checkHostPort(_ t: Located<String>) -> Located<String> {
        if !isHostPort(t.value) {
            reader.diagnostics.error(
                "static target `\(t.value)` is not host:port", rule: CheckID.invalidValue,
                at: t.location, hint: "write targets like 10.0.0.1:8080 or bert-0.ml:8080")
        }
        return t
    }

    /// Prometheus' file_sd pattern `^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`: a JSON or YAML file, with
    /// `*` wildcards only after the last `/`.
    static func isFileSDPath(_ path: String) -> Bool {
        let extensions = [".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"]
        guard let ext = extensions.first(where: { path.hasSuffix($0) }) else { return false }
        let stem = path.dropLast(ext.count)
        guard let star = stem.firstIndex(of: "*") else { return true }
        return !stem[star...].contains("/")
    }

    func isHostPort(_ s: String) -> Bool {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), port > 0, port < 65536 else {
            return false
        }
        let host = s[..<colon]
        return !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.[]:_".contains($0)) }
    }

    func metric(_ node: YAMLNode, path: NodeReader.NodePath) -> MetricSpecEntry? {
        guard let f = reader.fields(node, path: path, table: Schema.metric),
            let name = reader.string(f, "name")
        else { return nil }
        var m = MetricSpecEntry(name: name, type: reader.string(f, "type"), help: reader.string(f, "help")?.value)
        if !PromQL.isValidMetricName(name.value) {
            reader.diagnostics.error(
                "`\(path).name` `\(name.value)` is not a valid Prometheus metric name",
                rule: CheckID.invalidName, at: name.location, hint: "use [a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        if let t = m.type, MetricType(rawValue: t.value) == nil {
            invalidChoice(t, path: "\(path).type", choices: MetricType.allCases.map(\.rawValue))
        }
        if let ln = reader.value(f, "labels") {
            if case .mapping(let map) = ln {
                for (k, v) in map {
                    guard let key = reader.string(k, path: "\(path).labels"),
                        let count = reader.int(v, path: "\(path).labels.\(key.value)", min: 1)
                    else { continue }
                    if !PromQL.isValidLabelName(key.value) || key.value.hasPrefix("__") {
                        reader.diagnostics.error(
                            "label `\(key.value)` is not a valid Prometheus label name",
                            rule: CheckID.invalidName, at: key.location,
                            hint: "use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __")
                    }
                    m.labels[key] = count
                }
            } else {
                reader.wrongType(ln, expected: "a mapping of label name to number of values", path: "\(path).labels")
            }
        }
        if let bn = reader.value(f, "buckets") {
            m.bucketsLocation = reader.location(bn)
            for (i, b) in (reader.sequence(f, "buckets") ?? []).enumerated() {
                if let d = reader.decimal(b, path: "\(path).buckets[\(i)]") { m.buckets.append(d) }
            }
            for (a, b) in zip(m.buckets, m.buckets.dropFirst()) where b.value <= a.value {
                reader.diagnostics.error(
                    "histogram buckets must increase: \(b.value.plain()) follows \(a.value.plain())",
                    rule: CheckID.invalidValue, at: b.location)
            }
        }
        for (i, q) in (reader.sequence(f, "quantiles") ?? []).enumerated() {
            if let d = reader.decimal(q, path: "\(path).quantiles[\(i)]") { m.quantiles.append(d) }
        }
        return m
    }

}
