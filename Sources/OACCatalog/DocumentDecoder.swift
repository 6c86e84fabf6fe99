import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// Decodes one YAML document of any kind into its spec, reporting what does not fit the language.
struct DocumentDecoder {
    let reader: NodeReader

    static let namePattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"

    func decode(_ root: YAMLNode, into catalog: inout Catalog) {
        if reader.isNull(root) { return }  // an empty document (e.g. a trailing `---`)
        guard let top = reader.fields(root, path: "", allowed: ["apiVersion", "kind", "metadata", "spec", "incidents"]) else {
            return
        }
        let kindNode = reader.value(top, "kind")
        let kind = kindNode.flatMap { reader.string($0, path: "kind") }
        guard let kind else {
            reader.diagnostics.error("missing required field `kind`", rule: CheckID.missingField, at: top.location,
                                     hint: "one of: \(CatalogLoader.kinds.joined(separator: ", "))")
            return
        }
        guard CatalogLoader.kinds.contains(kind.value) else {
            let hint = Suggestion.closest(to: kind.value, in: CatalogLoader.kinds, ignoringCase: true).map { "did you mean `\($0)`?" }
                ?? "one of: \(CatalogLoader.kinds.joined(separator: ", "))"
            reader.diagnostics.error("unknown kind `\(kind.value)`", rule: CheckID.unknownKind, at: kind.location,
                                     hint: hint)
            return
        }
        if let v = reader.string(top, "apiVersion") {
            if v.value != CatalogLoader.apiVersion {
                reader.diagnostics.error("unsupported apiVersion `\(v.value)`", rule: CheckID.apiVersion,
                                         at: v.location, hint: "use `apiVersion: \(CatalogLoader.apiVersion)`")
            }
        } else {
            reader.diagnostics.error("missing required field `apiVersion`", rule: CheckID.apiVersion, at: top.location,
                                     hint: "add `apiVersion: \(CatalogLoader.apiVersion)`")
        }
        if kind.value == "IncidentLog" {
            if top.entries["spec"] != nil {
                reader.diagnostics.error("an IncidentLog keeps its list at the top level in `incidents`, not in `spec`",
                                         rule: CheckID.unknownKey, at: reader.location(top.entries["spec"]!.key))
            }
            if let meta = reader.value(top, "metadata") { _ = reader.fields(meta, path: "metadata", allowed: ["name", "description"]) }
            catalog.incidentLogs.append(incidentLog(top))
            return
        }
        if let inc = top.entries["incidents"] {
            reader.diagnostics.error("`incidents` belongs to an IncidentLog, not a \(kind.value)", rule: CheckID.unknownKey,
                                     at: reader.location(inc.key))
        }
        guard let name = metadataName(top) else { return }
        let specNode = reader.value(top, "spec")
        if specNode == nil, kind.value != "Team" {
            reader.diagnostics.error("missing required field `spec`", rule: CheckID.missingField, at: top.location)
            return
        }
        let location = top.location
        switch kind.value {
        case "Platform":
            if let p = platform(specNode!, name: name, location: location) { catalog.platforms.append(p) }
        case "Team":
            if let t = team(specNode, name: name, location: location) { catalog.teams.append(t) }
        case "Service":
            if let s = service(specNode!, name: name, location: location) { catalog.services.append(s) }
        default:
            break
        }
    }

    func metadataName(_ top: NodeReader.Fields) -> Located<String>? {
        guard let meta = reader.value(top, "metadata") else {
            reader.diagnostics.error("missing required field `metadata.name`", rule: CheckID.missingField,
                                     at: top.location)
            return nil
        }
        guard let f = reader.fields(meta, path: "metadata", allowed: ["name", "description", "labels"], required: ["name"]),
              let name = reader.string(f, "name") else { return nil }
        checkName(name, what: "metadata.name")
        return name
    }

    /// Names reach PromQL, YAML, file paths and URLs: keep them to DNS-label syntax.
    @discardableResult
    func checkName(_ name: Located<String>, what: @autoclosure () -> String) -> Bool {
        if isValidName(name.value) { return true }
        reader.diagnostics.error("`\(what())` `\(name.value)` is not a valid name", rule: CheckID.invalidName,
                                 at: name.location,
                                 hint: "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (\(Self.namePattern))")
        return false
    }

    func isValidName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 63 else { return false }
        func ok(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard ok(u.first!), ok(u.last!) else { return false }
        return u.allSatisfy { ok($0) || $0 == 45 }
    }

    // MARK: - Platform

    func platform(_ node: YAMLNode, name: Located<String>, location: SourceLocation) -> PlatformSpec? {
        guard let f = reader.fields(node, path: "spec",
                                    allowed: ["prometheus", "regions", "global", "retentionTiers", "pricing", "alerting",
                                              "grafana", "lint"],
                                    required: ["retentionTiers"]) else { return nil }
        var p = PlatformSpec(name: name, location: location)
        if let pn = reader.value(f, "prometheus"),
           let pf = reader.fields(pn, path: "spec.prometheus",
                                  allowed: ["version", "scrapeInterval", "evaluationInterval", "seriesPerShard",
                                            "retention"]) {
            p.prometheusVersion = reader.string(pf, "version")
            if let v = p.prometheusVersion, PrometheusVersion(parsing: v.value) == nil {
                reader.diagnostics.error("`spec.prometheus.version` must be a version like \"2.42\", found `\(v.value)`",
                                         rule: CheckID.invalidValue, at: v.location, hint: "quote it: version: \"2.42\"")
            }
            p.scrapeInterval = reader.duration(pf, "scrapeInterval")
            p.evaluationInterval = reader.duration(pf, "evaluationInterval")
            p.seriesPerShard = reader.int(pf, "seriesPerShard", min: 1)
            p.prometheusRetention = reader.duration(pf, "retention")
        }
        for (i, rn) in (reader.sequence(f, "regions") ?? []).enumerated() {
            let path = "spec.regions[\(i)]"
            guard let rf = reader.fields(rn, path: path, allowed: ["name", "shards", "address"], required: ["name"]),
                  let rname = reader.string(rf, "name") else { continue }
            checkName(rname, what: "\(path).name")
            var region = RegionSpec(name: rname, shards: nil, shardsAuto: false, address: reader.string(rf, "address"))
            if let sn = reader.value(rf, "shards") {
                if reader.scalarText(sn) == "auto" {
                    region.shardsAuto = true
                } else {
                    region.shards = reader.int(sn, path: "\(path).shards", min: 1)
                }
            } else {
                region.shards = Located(1, at: rf.location)
            }
            p.regions.append(region)
        }
        if let gn = reader.value(f, "global"), let gf = reader.fields(gn, path: "spec.global", allowed: ["mode", "address", "retention"]) {
            p.global = GlobalSpec(mode: reader.string(gf, "mode"), address: reader.string(gf, "address"),
                                  retention: reader.duration(gf, "retention"), location: gf.location)
            if let m = p.global?.mode, GlobalMode(rawValue: m.value) == nil {
                invalidChoice(m, path: "spec.global.mode", choices: GlobalMode.allCases.map(\.rawValue))
            }
        }
        for (i, tn) in (reader.sequence(f, "retentionTiers") ?? []).enumerated() {
            let path = "spec.retentionTiers[\(i)]"
            guard let tf = reader.fields(tn, path: path, allowed: ["name", "description", "metrics", "logs"],
                                         required: ["name", "metrics"]),
                  let tname = reader.string(tf, "name") else { continue }
            checkName(tname, what: "\(path).name")
            var tier = RetentionTierSpec(name: tname, description: reader.string(tf, "description")?.value,
                                         logs: reader.duration(tf, "logs"))
            if let mn = reader.value(tf, "metrics"),
               let mf = reader.fields(mn, path: "\(path).metrics", allowed: ["local", "raw", "downsampled5m", "downsampled1h"],
                                      required: ["local"]) {
                tier.local = reader.duration(mf, "local")
                tier.raw = reader.duration(mf, "raw")
                tier.downsampled5m = reader.duration(mf, "downsampled5m")
                tier.downsampled1h = reader.duration(mf, "downsampled1h")
            }
            p.retentionTiers.append(tier)
        }
        if let pn = reader.value(f, "pricing"),
           let pf = reader.fields(pn, path: "spec.pricing",
                                  allowed: ["currency", "perThousandSeriesMonth", "perGBLogsIngested", "perGBLogsStoredMonth"]) {
            p.pricing = PricingSpec(currency: reader.string(pf, "currency"),
                                    perThousandSeriesMonth: nonNegative(reader.decimal(pf, "perThousandSeriesMonth"), "spec.pricing.perThousandSeriesMonth"),
                                    perGBLogsIngested: nonNegative(reader.decimal(pf, "perGBLogsIngested"), "spec.pricing.perGBLogsIngested"),
                                    perGBLogsStoredMonth: nonNegative(reader.decimal(pf, "perGBLogsStoredMonth"), "spec.pricing.perGBLogsStoredMonth"))
        }
        if let an = reader.value(f, "alerting"),
           let af = reader.fields(an, path: "spec.alerting", allowed: ["burnRateWindows", "minEventsPerHour", "owner", "alertmanagerVersion", "smtp", "alertmanagers"]) {
            p.alerting = alerting(af)
        }
        if let gn = reader.value(f, "grafana"), let gf = reader.fields(gn, path: "spec.grafana", allowed: ["url"]) {
            p.grafanaURL = reader.string(gf, "url")
        }
        if let ln = reader.value(f, "lint") {
            for (k, v) in reader.stringMapNode(ln, path: "spec.lint") { p.lint[k.value] = v }
        }
        return p
    }

    func alerting(_ af: NodeReader.Fields) -> AlertingSpec {
        var a = AlertingSpec()
        a.minEventsPerHour = nonNegative(reader.decimal(af, "minEventsPerHour"), "spec.alerting.minEventsPerHour")
        a.owner = reader.string(af, "owner")
        a.alertmanagerVersion = reader.string(af, "alertmanagerVersion")
        a.alertmanagers = reader.stringList(af, "alertmanagers") ?? []
        if let v = a.alertmanagerVersion, PrometheusVersion(parsing: v.value) == nil {
            reader.diagnostics.error("`spec.alerting.alertmanagerVersion` must be a version like \"0.25\", found `\(v.value)`",
                                     rule: CheckID.invalidValue, at: v.location)
        }
        if let sn = reader.value(af, "smtp"),
           let sf = reader.fields(sn, path: "spec.alerting.smtp",
                                  allowed: ["smarthost", "from", "authUsername", "authPasswordFile", "authPassword", "requireTLS"],
                                  required: ["smarthost", "from"]) {
            rejectInlineSecret(sf, keys: ["authPassword"], fileKey: "authPasswordFile")
            a.smtp = SMTPSpec(location: sf.location, smarthost: reader.string(sf, "smarthost"), from: reader.string(sf, "from"),
                              authUsername: reader.string(sf, "authUsername")?.value,
                              authPasswordFile: reader.string(sf, "authPasswordFile")?.value,
                              requireTLS: reader.bool(sf, "requireTLS"))
        }
        guard let bn = reader.value(af, "burnRateWindows") else { return a }
        if case .scalar = bn {
            a.burnRateTable = reader.string(bn, path: "spec.alerting.burnRateWindows")
            if let t = a.burnRateTable, t.value != "sre-workbook" {
                invalidChoice(t, path: "spec.alerting.burnRateWindows", choices: ["sre-workbook", "a list of windows"])
            }
            return a
        }
        guard case .sequence(let rows) = bn else {
            reader.wrongType(bn, expected: "`sre-workbook` or a list of windows", path: "spec.alerting.burnRateWindows")
            return a
        }
        a.burnRateWindows = rows.enumerated().compactMap { i, rn in
            let path = "spec.alerting.burnRateWindows[\(i)]"
            guard let rf = reader.fields(rn, path: path, allowed: ["severity", "short", "long", "budgetPercent"],
                                         required: ["severity", "short", "long", "budgetPercent"]) else { return nil }
            let sev = reader.string(rf, "severity")
            if let sev, AlertSeverity(rawValue: sev.value) == nil {
                invalidChoice(sev, path: "\(path).severity", choices: AlertSeverity.allCases.map(\.rawValue))
            }
            let budget = reader.decimal(rf, "budgetPercent")
            if let b = budget, b.value <= 0 || b.value > 100 {
                reader.diagnostics.error("`\(path).budgetPercent` must be above 0 and at most 100, found \(b.value.plain())",
                                         rule: CheckID.burnRateTable, at: b.location)
            }
            return BurnRateRowSpec(location: rf.location, severity: sev, short: reader.duration(rf, "short"),
                                   long: reader.duration(rf, "long"), budgetPercent: budget)
        }
        return a
    }

    func nonNegative(_ v: Located<Decimal>?, _ path: @autoclosure () -> String) -> Located<Decimal>? {
        guard let v else { return nil }
        if v.value < 0 {
            reader.diagnostics.error("`\(path())` must not be negative, found \(v.value.plain())", rule: CheckID.invalidValue,
                                     at: v.location)
            return nil
        }
        return v
    }

    func invalidChoice(_ v: Located<String>, path: String, choices: [String]) {
        let hint = Suggestion.closest(to: v.value, in: choices, ignoringCase: true).map { "did you mean `\($0)`?" }
            ?? "one of: \(choices.joined(separator: ", "))"
        reader.diagnostics.error("`\(path)` must be one of \(choices.joined(separator: ", ")), found `\(v.value)`",
                                 rule: CheckID.invalidValue, at: v.location, hint: hint)
    }

    // MARK: - Team

    func team(_ node: YAMLNode?, name: Located<String>, location: SourceLocation) -> TeamSpec? {
        var t = TeamSpec(name: name, location: location)
        guard let node else { return t }
        guard let f = reader.fields(node, path: "spec", allowed: ["description", "lokiTenant", "page", "ticket"]) else {
            return nil
        }
        t.description = reader.string(f, "description")?.value
        t.lokiTenant = reader.string(f, "lokiTenant")
        if let tenant = t.lokiTenant, !isValidTenant(tenant.value) {
            reader.diagnostics.error("`spec.lokiTenant` `\(tenant.value)` is not a valid Loki tenant id",
                                     rule: CheckID.invalidName, at: tenant.location,
                                     hint: "use letters, digits and ! - _ . * ' ( ), at most 150 characters")
        }
        if let pn = reader.value(f, "page") { t.page = receiver(pn, path: "spec.page") }
        if let tn = reader.value(f, "ticket") { t.ticket = receiver(tn, path: "spec.ticket") }
        return t
    }

    func isValidTenant(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 150, s != ".", s != ".." else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || "!-_.*'()".unicodeScalars.contains($0)) }
    }

    func receiver(_ node: YAMLNode, path: String) -> ReceiverSpec? {
        let kinds = ["pagerduty", "slack", "email", "webhook"]
        guard let f = reader.fields(node, path: path, allowed: kinds) else { return nil }
        guard f.entries.count == 1, let (kind, entry) = f.entries.first else {
            reader.diagnostics.error("`\(path)` must name exactly one receiver (\(kinds.joined(separator: ", ")))",
                                     rule: f.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: f.location)
            return nil
        }
        let sub = "\(path).\(kind)"
        switch kind {
        case "pagerduty":
            guard let rf = reader.fields(entry.value, path: sub, allowed: ["routingKeyFile", "routingKey", "serviceKey"],
                                         required: []) else { return nil }
            rejectInlineSecret(rf, keys: ["routingKey", "serviceKey"], fileKey: "routingKeyFile")
            guard let file = requiredString(rf, "routingKeyFile") else { return nil }
            return ReceiverSpec(location: f.location, receiver: .pagerduty(routingKeyFile: file.value))
        case "slack":
            guard let rf = reader.fields(entry.value, path: sub, allowed: ["channel", "apiURLFile", "apiURL"],
                                         required: ["channel"]),
                  let channel = reader.string(rf, "channel") else { return nil }
            rejectInlineSecret(rf, keys: ["apiURL"], fileKey: "apiURLFile")
            return ReceiverSpec(location: f.location,
                                receiver: .slack(channel: channel.value, apiURLFile: reader.string(rf, "apiURLFile")?.value))
        case "email":
            guard let rf = reader.fields(entry.value, path: sub, allowed: ["to"], required: ["to"]),
                  let to = reader.string(rf, "to") else { return nil }
            if !to.value.contains("@") || to.value.contains(where: { $0.isNewline || $0 == " " }) {
                reader.diagnostics.error("`\(sub).to` is not an email address: `\(to.value)`", rule: CheckID.invalidValue,
                                         at: to.location)
            }
            return ReceiverSpec(location: f.location, receiver: .email(to: to.value))
        default:
            guard let rf = reader.fields(entry.value, path: sub, allowed: ["urlFile", "url", "bearerTokenFile", "bearerToken"])
            else { return nil }
            rejectInlineSecret(rf, keys: ["bearerToken"], fileKey: "bearerTokenFile")
            let url = reader.string(rf, "url"), urlFile = reader.string(rf, "urlFile")
            if let url { checkURL(url, path: "\(sub).url") }
            if (url == nil) == (urlFile == nil) {
                reader.diagnostics.error("`\(sub)` needs exactly one of `url` (no credentials in it) or `urlFile`",
                                         rule: url == nil ? CheckID.missingField : CheckID.invalidValue, at: rf.location)
                return nil
            }
            return ReceiverSpec(location: f.location, receiver: .webhook(url: url?.value, urlFile: urlFile?.value,
                                                                         bearerTokenFile: reader.string(rf, "bearerTokenFile")?.value))
        }
    }

    func requiredString(_ f: NodeReader.Fields, _ key: String) -> Located<String>? {
        if let s = reader.string(f, key) { return s }
        if f.entries.keys.contains(where: { !$0.hasSuffix("File") }) { return nil }  // already reported as inline
        reader.diagnostics.error("missing required field `\(f.path).\(key)`", rule: CheckID.missingField, at: f.location)
        return nil
    }

    /// Secrets never go into the catalog or the generated config: only a path to a file that holds them.
    func rejectInlineSecret(_ f: NodeReader.Fields, keys: [String], fileKey: String) {
        for k in keys {
            guard let e = f.entries[k] else { continue }
            reader.diagnostics.error("`\(f.path).\(k)` writes a secret inline in the catalog", rule: CheckID.inlineSecret,
                                     at: reader.location(e.key),
                                     hint: "store it in a file on the Alertmanager host and reference it with `\(fileKey)`")
        }
    }

    // MARK: - Service

    func service(_ node: YAMLNode, name: Located<String>, location: SourceLocation) -> ServiceSpec? {
        guard let f = reader.fields(node, path: "spec",
                                    allowed: ["description", "owner", "tier", "type", "regions", "job", "runbook", "targets",
                                              "instances", "metrics", "logs", "slos"],
                                    required: ["owner", "tier"]) else { return nil }
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
            reader.diagnostics.error("`spec.job` must be a non-empty single-line string", rule: CheckID.invalidValue,
                                     at: job.location)
        }
        s.runbook = reader.string(f, "runbook")
        if let rb = s.runbook { checkURL(rb, path: "spec.runbook") }
        s.instances = reader.int(f, "instances", min: 1, max: 1_000_000)
        if let tn = reader.value(f, "targets") { targets(tn, into: &s) }
        for (i, mn) in (reader.sequence(f, "metrics") ?? []).enumerated() {
            if let m = metric(mn, path: NodeReader.NodePath("spec.metrics", index: i)) { s.metrics.append(m) }
        }
        for (i, ln) in (reader.sequence(f, "logs") ?? []).enumerated() {
            let path = NodeReader.NodePath("spec.logs", index: i)
            guard let lf = reader.fields(ln, path: path, allowed: ["selector", "volumePerDay", "retention"],
                                         required: ["selector", "volumePerDay"]) else { continue }
            s.logs.append(LogSpecEntry(location: lf.location, selector: reader.string(lf, "selector"),
                                       volumePerDay: reader.size(lf, "volumePerDay"), retention: reader.duration(lf, "retention")))
        }
        for (i, sn) in (reader.sequence(f, "slos") ?? []).enumerated() {
            if let slo = slo(sn, path: NodeReader.NodePath("spec.slos", index: i)) { s.slos.append(slo) }
        }
        return s
    }

    func checkURL(_ v: Located<String>, path: String) {
        guard let url = URL(string: v.value), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
              url.host != nil else {
            reader.diagnostics.error("`\(path)` must be an http(s) URL, found `\(v.value)`", rule: CheckID.invalidValue,
                                     at: v.location)
            return
        }
        if url.user != nil || url.password != nil {
            reader.diagnostics.error("`\(path)` carries credentials in the URL", rule: CheckID.inlineSecret, at: v.location,
                                     hint: "remove the user:password part; links must not hold secrets")
        }
    }

    func targets(_ node: YAMLNode, into s: inout ServiceSpec) {
        guard let f = reader.fields(node, path: "spec.targets", allowed: ["static", "file", "kubernetes"]) else { return }
        s.targetsLocation = f.location
        guard f.entries.count == 1, let (kind, _) = f.entries.first else {
            reader.diagnostics.error("`spec.targets` must use exactly one of static, file, kubernetes",
                                     rule: CheckID.invalidValue, at: f.location)
            return
        }
        switch kind {
        case "static":
            let list = reader.stringList(f, "static") ?? []
            for t in list where !isHostPort(t.value) {
                reader.diagnostics.error("static target `\(t.value)` is not host:port", rule: CheckID.invalidValue,
                                         at: t.location, hint: "write targets like 10.0.0.1:8080 or bert-0.ml:8080")
            }
            s.targets = .static(list.map(\.value))
        case "file":
            if let p = reader.string(f, "file") { s.targets = .file(p.value) }
        default:
            guard let kn = reader.value(f, "kubernetes"),
                  let kf = reader.fields(kn, path: "spec.targets.kubernetes", allowed: ["namespace", "selector"],
                                         required: ["namespace"]) else { return }
            s.targets = .kubernetes(namespace: reader.string(kf, "namespace")?.value, selector: reader.string(kf, "selector")?.value)
        }
    }

    func isHostPort(_ s: String) -> Bool {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), port > 0, port < 65536 else {
            return false
        }
        let host = s[..<colon]
        return !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.[]:_".contains($0)) }
    }

    func metric(_ node: YAMLNode, path: NodeReader.NodePath) -> MetricSpecEntry? {
        guard let f = reader.fields(node, path: path, allowed: ["name", "type", "help", "labels", "buckets", "quantiles"],
                                    required: ["name", "type"]),
              let name = reader.string(f, "name") else { return nil }
        var m = MetricSpecEntry(name: name, type: reader.string(f, "type"), help: reader.string(f, "help")?.value)
        if !PromQL.isValidMetricName(name.value) {
            reader.diagnostics.error("`\(path).name` `\(name.value)` is not a valid Prometheus metric name",
                                     rule: CheckID.invalidName, at: name.location, hint: "use [a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        if let t = m.type, MetricType(rawValue: t.value) == nil {
            invalidChoice(t, path: "\(path).type", choices: MetricType.allCases.map(\.rawValue))
        }
        if let ln = reader.value(f, "labels") {
            if case .mapping(let map) = ln {
                for (k, v) in map {
                    guard let key = reader.string(k, path: "\(path).labels"),
                          let count = reader.int(v, path: "\(path).labels.\(key.value)", min: 1) else { continue }
                    if !PromQL.isValidLabelName(key.value) || key.value.hasPrefix("__") {
                        reader.diagnostics.error("label `\(key.value)` is not a valid Prometheus label name",
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
                reader.diagnostics.error("histogram buckets must increase: \(b.value.plain()) follows \(a.value.plain())",
                                         rule: CheckID.invalidValue, at: b.location)
            }
        }
        for (i, q) in (reader.sequence(f, "quantiles") ?? []).enumerated() {
            if let d = reader.decimal(q, path: "\(path).quantiles[\(i)]") { m.quantiles.append(d) }
        }
        return m
    }

    // MARK: - SLO

    func slo(_ node: YAMLNode, path: NodeReader.NodePath) -> SLOSpec? {
        guard let f = reader.fields(node, path: path,
                                    allowed: ["name", "description", "objective", "window", "sli", "alerting"],
                                    required: ["name", "objective", "sli"]),
              let name = reader.string(f, "name") else { return nil }
        checkName(name, what: "\(path).name")
        var s = SLOSpec(name: name, location: f.location)
        s.description = reader.string(f, "description")?.value
        s.objective = reader.decimal(f, "objective")
        if let wn = reader.value(f, "window"), let text = reader.scalarText(wn), let period = CalendarPeriod(rawValue: text) {
            s.calendar = Located(period, at: reader.location(wn))
            s.window = Located(period.longest, at: reader.location(wn))
        } else {
            s.window = reader.duration(f, "window")
        }
        if let sn = reader.value(f, "sli") { s.sli = sli(sn, path: path.appending(".sli")) }
        if let an = reader.value(f, "alerting"),
           let af = reader.fields(an, path: path.appending(".alerting"),
                                  allowed: ["page", "ticket", "labels", "annotations", "minEventsPerHour"]) {
            s.page = reader.bool(af, "page")
            s.ticket = reader.bool(af, "ticket")
            for (k, v) in reader.stringMap(af, "labels") {
                s.labels.append(KeyValue(k.value, v.value))
                s.labelLocations[k.value] = k.location
            }
            for (k, v) in reader.stringMap(af, "annotations") {
                s.annotations.append(KeyValue(k.value, v.value))
                s.annotationLocations[k.value] = k.location
            }
            s.minEventsPerHour = nonNegative(reader.decimal(af, "minEventsPerHour"), "\(path).alerting.minEventsPerHour")
        }
        return s
    }

    func sli(_ node: YAMLNode, path: NodeReader.NodePath) -> SLISpec? {
        let kinds = ["events", "latency", "threshold"]
        guard let f = reader.fields(node, path: path, allowed: kinds) else { return nil }
        guard f.entries.count == 1, let (kind, entry) = f.entries.first else {
            reader.diagnostics.error("`\(path)` must have exactly one of events, latency, threshold",
                                     rule: f.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: f.location)
            return nil
        }
        let sub = path.appending(".\(kind)")
        switch kind {
        case "events":
            let queryKeys = ["goodQuery", "badQuery", "totalQuery"]
            if case .mapping(let m) = entry.value, m.keys.contains(where: { reader.scalarText($0).map(queryKeys.contains) ?? false }) {
                return eventQueries(entry.value, path: sub)
            }
            guard let ef = reader.fields(entry.value, path: sub, allowed: ["good", "bad", "total"], required: ["total"]) else {
                return nil
            }
            let good = reader.string(ef, "good"), bad = reader.string(ef, "bad")
            if (good == nil) == (bad == nil), ef.entries["good"] != nil || ef.entries["bad"] != nil || true {
                if good != nil, bad != nil {
                    reader.diagnostics.error("`\(sub)` takes `good` or `bad`, not both", rule: CheckID.invalidValue,
                                             at: ef.location, hint: "keep the one your service counts")
                } else if good == nil, bad == nil, ef.entries["good"] == nil, ef.entries["bad"] == nil {
                    reader.diagnostics.error("missing required field `\(sub).bad` (or `\(sub).good`)",
                                             rule: CheckID.missingField, at: ef.location)
                }
            }
            return .events(good: good, bad: bad, total: reader.string(ef, "total"), location: ef.location)
        case "latency":
            guard let lf = reader.fields(entry.value, path: sub, allowed: ["histogram", "threshold"],
                                         required: ["histogram", "threshold"]) else { return nil }
            var threshold: Located<Decimal>?
            if let tn = reader.value(lf, "threshold"), let t = reader.string(tn, path: "\(sub).threshold") {
                if let seconds = Self.seconds(t.value) {
                    threshold = Located(seconds, at: t.location)
                } else {
                    reader.diagnostics.error("`\(sub).threshold` must be a duration like 500ms or 2s, or seconds, found `\(t.value)`",
                                             rule: CheckID.invalidDuration, at: t.location)
                }
            }
            return .latency(histogram: reader.string(lf, "histogram"), threshold: threshold, location: lf.location)
        default:
            guard let tf = reader.fields(entry.value, path: sub, allowed: ["query", "op", "value"],
                                         required: ["query", "op", "value"]) else { return nil }
            let op = reader.string(tf, "op")
            if let op, ComparisonOp(rawValue: op.value) == nil {
                invalidChoice(op, path: "\(sub).op", choices: ComparisonOp.allCases.map(\.rawValue))
            }
            return .threshold(query: reader.string(tf, "query"), op: op, value: reader.decimal(tf, "value"),
                              location: tf.location)
        }
    }

    /// The query form of `events`: PromQL templates with `$window`; selectors and queries do not mix.
    func eventQueries(_ node: YAMLNode, path: NodeReader.NodePath) -> SLISpec? {
        guard let ef = reader.fields(node, path: path, allowed: ["goodQuery", "badQuery", "totalQuery"],
                                     required: ["totalQuery"]) else { return nil }
        let good = reader.string(ef, "goodQuery"), bad = reader.string(ef, "badQuery")
        if good != nil, bad != nil {
            reader.diagnostics.error("`\(path)` takes `goodQuery` or `badQuery`, not both", rule: CheckID.invalidValue,
                                     at: ef.location, hint: "keep the one your service counts")
        } else if good == nil, bad == nil, ef.entries["goodQuery"] == nil, ef.entries["badQuery"] == nil {
            reader.diagnostics.error("missing required field `\(path).badQuery` (or `\(path).goodQuery`)",
                                     rule: CheckID.missingField, at: ef.location)
        }
        return .eventQueries(good: good, bad: bad, total: reader.string(ef, "totalQuery"), location: ef.location)
    }

    /// `500ms`, `2s`, `1.5s`, `0.25` (seconds): exact seconds.
    static func seconds(_ text: String) -> Decimal? {
        DecimalMemo.shared.parsed(text, as: .seconds, uncachedSeconds)
    }

    static func uncachedSeconds(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = Decimal(exactly: t), d > 0 { return d }
        for (unit, factor) in [("ms", Decimal(string: "0.001")!), ("s", Decimal(1)), ("m", Decimal(60)), ("h", Decimal(3600))]
        where t.hasSuffix(unit) {
            let number = String(t.dropLast(unit.count))
            if let d = Decimal(exactly: number), d > 0, !number.contains("e"), !number.contains("E") { return d * factor }
            return nil
        }
        return nil
    }

    // MARK: - Incidents

    func incidentLog(_ top: NodeReader.Fields) -> IncidentLogSpec {
        var log = IncidentLogSpec(location: top.location)
        for (i, n) in (reader.sequence(top, "incidents") ?? []).enumerated() {
            let path = "incidents[\(i)]"
            guard let f = reader.fields(n, path: path,
                                        allowed: ["id", "title", "services", "severity", "started", "detected", "acknowledged",
                                                  "mitigated", "resolved", "postmortem", "actionItems", "summary"],
                                        required: ["id", "title", "severity", "started"]) else { continue }
            var inc = IncidentSpec(location: f.location)
            inc.id = reader.string(f, "id")
            inc.title = reader.string(f, "title")
            inc.services = reader.stringList(f, "services") ?? []
            inc.severity = reader.string(f, "severity")
            if let s = inc.severity, IncidentSpec.severity(s.value) == nil {
                reader.diagnostics.error("`\(path).severity` must be SEV1…SEV4 (or P1…P4), found `\(s.value)`",
                                         rule: CheckID.invalidValue, at: s.location)
            }
            inc.started = timestamp(f, "started")
            inc.detected = timestamp(f, "detected")
            inc.acknowledged = timestamp(f, "acknowledged")
            inc.mitigated = timestamp(f, "mitigated")
            inc.resolved = timestamp(f, "resolved")
            if let pn = reader.value(f, "postmortem"),
               let pf = reader.fields(pn, path: "\(path).postmortem", allowed: ["status", "url"]) {
                inc.postmortemStatus = reader.string(pf, "status")
                if let st = inc.postmortemStatus, Postmortem.Status(rawValue: st.value) == nil {
                    invalidChoice(st, path: "\(path).postmortem.status", choices: Postmortem.Status.allCases.map(\.rawValue))
                }
                inc.postmortemURL = reader.string(pf, "url")?.value
            }
            for (j, an) in (reader.sequence(f, "actionItems") ?? []).enumerated() {
                let apath = "\(path).actionItems[\(j)]"
                guard let af = reader.fields(an, path: apath, allowed: ["title", "owner", "due", "priority", "status"],
                                             required: ["title"]) else { continue }
                var item = ActionItemSpec(location: af.location, title: reader.string(af, "title"),
                                          owner: reader.string(af, "owner"), due: reader.string(af, "due"),
                                          priority: reader.string(af, "priority")?.value, status: reader.string(af, "status"))
                if let due = item.due, Self.parseDay(due.value) == nil {
                    reader.diagnostics.error("`\(apath).due` must be a date YYYY-MM-DD, found `\(due.value)`",
                                             rule: CheckID.invalidTimestamp, at: due.location)
                    item.due = nil
                }
                inc.actionItems.append(item)
            }
            log.incidents.append(inc)
        }
        return log
    }

    func timestamp(_ f: NodeReader.Fields, _ key: String) -> Located<Date>? {
        guard let s = reader.string(f, key) else { return nil }
        guard let d = Self.parseTimestamp(s.value) else {
            reader.diagnostics.error("`\(f.path).\(key)` is not an RFC 3339 timestamp: `\(s.value)`",
                                     rule: CheckID.invalidTimestamp, at: s.location,
                                     hint: "write it like 2026-08-14T14:00:00Z")
            return nil
        }
        return Located(d, at: s.location)
    }

    static func parseTimestamp(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        // YAML may write a space instead of T.
        if s.count > 10, s[s.index(s.startIndex, offsetBy: 10)] == " " {
            var t = s
            t.replaceSubrange(t.index(t.startIndex, offsetBy: 10)...t.index(t.startIndex, offsetBy: 10), with: "T")
            return parseTimestamp(t)
        }
        return nil
    }

    static func parseDay(_ s: String) -> Date? {
        guard s.count == 10 else { return nil }
        return parseTimestamp(s + "T00:00:00Z")
    }
}

extension IncidentSpec {
    public static func severity(_ s: String) -> IncidentSeverity? {
        switch s.uppercased() {
        case "SEV1", "P1": .sev1
        case "SEV2", "P2": .sev2
        case "SEV3", "P3": .sev3
        case "SEV4", "P4": .sev4
        default: nil
        }
    }
}

extension NodeReader {
    func stringMapNode(_ node: YAMLNode, path: String) -> [(key: Located<String>, value: Located<String>)] {
        guard case .mapping(let m) = node else {
            wrongType(node, expected: "a mapping", path: path)
            return []
        }
        return m.compactMap { k, v in
            guard let ks = string(k, path: path), let vs = string(v, path: "\(path).\(ks.value)") else { return nil }
            return (ks, vs)
        }
    }
}
