import Foundation
import OACDiagnostics
import OACModel

/// `kind: Platform`: the fleet, regions, tiers, pricing and the alerting policy (tables in Schema+Platform.swift).
extension DocumentDecoder {
    // MARK: - Platform

    func platform(_ node: YAMLNode, name: Located<String>, location: SourceLocation) -> PlatformSpec? {
        guard
            let f = reader.fields(
                node, path: "spec",
                table: Schema.platform)
        else { return nil }
        var p = PlatformSpec(name: name, location: location)
        if let pn = reader.value(f, "prometheus"),
            let pf = reader.fields(
                pn, path: "spec.prometheus",
                table: Schema.prometheus)
        {
            p.prometheusVersion = reader.string(pf, "version")
            if let v = p.prometheusVersion, PrometheusVersion(parsing: v.value) == nil {
                reader.diagnostics.error(
                    "`spec.prometheus.version` must be a version like \"2.42\", found `\(v.value)`",
                    rule: CheckID.invalidValue, at: v.location, hint: "quote it: version: \"2.42\"")
            }
            p.scrapeInterval = reader.duration(pf, "scrapeInterval")
            p.evaluationInterval = reader.duration(pf, "evaluationInterval")
            p.seriesPerShard = reader.int(pf, "seriesPerShard", min: 1)
            p.prometheusRetention = reader.duration(pf, "retention")
        }
        for (i, rn) in (reader.sequence(f, "regions") ?? []).enumerated() {
            let path = "spec.regions[\(i)]"
            guard let rf = reader.fields(rn, path: path, table: Schema.region),
                let rname = reader.string(rf, "name")
            else { continue }
            checkName(rname, what: "\(path).name")
            var region = RegionSpec(
                name: rname, shards: nil, shardsAuto: false, address: reader.string(rf, "address"),
                replicas: reader.int(rf, "replicas", min: 1))
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
        if let gn = reader.value(f, "global"), let gf = reader.fields(gn, path: "spec.global", table: Schema.global) {
            p.global = GlobalSpec(
                mode: reader.string(gf, "mode"), address: reader.string(gf, "address"),
                retention: reader.duration(gf, "retention"), location: gf.location)
            if let tn = reader.value(gf, "thanos"),
                let tf = reader.fields(tn, path: "spec.global.thanos", table: Schema.thanos)
            {
                let label = reader.string(tf, "replicaLabel")
                if let label, !Self.isLabelName(label.value) || label.value.hasPrefix("__") {
                    reader.diagnostics.error(
                        "`spec.global.thanos.replicaLabel` `\(label.value)` is not a Prometheus label name",
                        rule: CheckID.invalidName, at: label.location,
                        hint: "use letters, digits and '_', not starting with a digit or '__', e.g. `replica`")
                }
                p.global?.thanos = ThanosSpec(
                    objstoreConfigFile: reader.string(tf, "objstoreConfigFile"),
                    tierObjstoreConfigFile: reader.string(tf, "tierObjstoreConfigFile"),
                    dataDir: reader.string(tf, "dataDir"), replicaLabel: label,
                    storeAddress: reader.string(tf, "storeAddress"),
                    ruleAddress: reader.string(tf, "ruleAddress"),
                    sidecarPort: reader.int(tf, "sidecarPort", min: 1),
                    location: tf.location,
                    prometheusURL: reader.string(tf, "prometheusURL"),
                    rulerReplicas: reader.int(tf, "rulerReplicas", min: 1))
            }
            if let mn = reader.value(gf, "mimir"),
                let mf = reader.fields(mn, path: "spec.global.mimir", table: Schema.mimir)
            {
                p.global?.mimir = mimir(mf)
            }
            if let m = p.global?.mode, GlobalMode(rawValue: m.value) == nil {
                invalidChoice(m, path: "spec.global.mode", choices: GlobalMode.allCases.map(\.rawValue))
            }
        }
        for (i, tn) in (reader.sequence(f, "retentionTiers") ?? []).enumerated() {
            let path = "spec.retentionTiers[\(i)]"
            guard let tf = reader.fields(tn, path: path, table: Schema.retentionTier),
                let tname = reader.string(tf, "name")
            else { continue }
            checkName(tname, what: "\(path).name")
            var tier = RetentionTierSpec(
                name: tname, description: reader.string(tf, "description")?.value,
                logs: reader.duration(tf, "logs"))
            if let c = reader.string(tf, "criticality") {
                if TierCriticality(rawValue: c.value) == nil {
                    invalidChoice(c, path: "\(path).criticality", choices: TierCriticality.allCases.map(\.rawValue))
                } else {
                    tier.criticality = c
                }
            }
            if let mn = reader.value(tf, "metrics"),
                let mf = reader.fields(mn, path: "\(path).metrics", table: Schema.tierMetrics)
            {
                tier.local = reader.duration(mf, "local")
                tier.raw = reader.duration(mf, "raw")
                tier.downsampled5m = reader.duration(mf, "downsampled5m")
                tier.downsampled1h = reader.duration(mf, "downsampled1h")
            }
            tier.errorBudgetPolicy = budgetPolicy(tf, "errorBudgetPolicy", path: "\(path).errorBudgetPolicy")
            p.retentionTiers.append(tier)
        }
        if let pn = reader.value(f, "pricing"),
            let pf = reader.fields(
                pn, path: "spec.pricing",
                table: Schema.pricing)
        {
            p.pricing = PricingSpec(
                currency: reader.string(pf, "currency"),
                perThousandSeriesMonth: nonNegative(reader.decimal(pf, "perThousandSeriesMonth"), "spec.pricing.perThousandSeriesMonth"),
                perGBLogsIngested: nonNegative(reader.decimal(pf, "perGBLogsIngested"), "spec.pricing.perGBLogsIngested"),
                perGBLogsStoredMonth: nonNegative(reader.decimal(pf, "perGBLogsStoredMonth"), "spec.pricing.perGBLogsStoredMonth"))
        }
        if let an = reader.value(f, "alerting"),
            let af = reader.fields(an, path: "spec.alerting", table: Schema.alerting)
        {
            p.alerting = alerting(af)
        }
        if let gn = reader.value(f, "grafana"), let gf = reader.fields(gn, path: "spec.grafana", table: Schema.grafana) {
            p.grafanaURL = reader.string(gf, "url")
        }
        if let kn = reader.value(f, "kubernetes"),
            let kf = reader.fields(kn, path: "spec.kubernetes", table: Schema.kubernetesPlatform)
        {
            p.kubernetes = kubernetes(kf)
        }
        if let ln = reader.value(f, "lint") {
            for (k, v) in reader.stringMapNode(ln, path: "spec.lint") { p.lint[k.value] = v }
        }
        p.errorBudgetPolicy = budgetPolicy(f, "errorBudgetPolicy", path: "spec.errorBudgetPolicy")
        return p
    }

    /// `spec.global.mimir`: at most one authentication; secrets only as files; a client certificate with its key.
    func mimir(_ mf: NodeReader.Fields) -> MimirSettings {
        var m = MimirSettings()
        m.bearerTokenFile = reader.string(mf, "bearerTokenFile")?.value
        if let n = reader.value(mf, "basicAuth"), let f = reader.fields(n, path: "spec.global.mimir.basicAuth", table: Schema.mimirBasicAuth),
            !rejectInlineSecrets(f, table: Schema.mimirBasicAuth),
            let user = reader.string(f, "username"), let file = reader.string(f, "passwordFile")
        {
            m.basicAuth = .init(username: user.value, passwordFile: file.value)
        }
        if let n = reader.value(mf, "oauth2"), let f = reader.fields(n, path: "spec.global.mimir.oauth2", table: Schema.mimirOAuth2),
            !rejectInlineSecrets(f, table: Schema.mimirOAuth2),
            let id = reader.string(f, "clientId"), let file = reader.string(f, "clientSecretFile"), let url = reader.string(f, "tokenUrl")
        {
            m.oauth2 = .init(clientID: id.value, clientSecretFile: file.value, tokenURL: url.value)
        }
        let auths = ["bearerTokenFile", "basicAuth", "oauth2"].filter { mf.entries[$0] != nil }
        if auths.count > 1 {
            reader.diagnostics.error(
                "`spec.global.mimir` sets \(auths.map { "`\($0)`" }.joined(separator: " and ")): remote_write takes one authentication",
                rule: CheckID.invalidValue, at: mf.location, hint: "keep one of them")
        }
        if let n = reader.value(mf, "tls"), let f = reader.fields(n, path: "spec.global.mimir.tls", table: Schema.mimirTLS) {
            let tls = MimirSettings.TLS(
                caFile: reader.string(f, "caFile")?.value, certFile: reader.string(f, "certFile")?.value,
                keyFile: reader.string(f, "keyFile")?.value, serverName: reader.string(f, "serverName")?.value)
            m.tls = tls
        }
        return m
    }

    static func isLabelName(_ s: String) -> Bool {
        guard let first = s.utf8.first, !(first >= 48 && first <= 57) else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    func alerting(_ af: NodeReader.Fields) -> AlertingSpec {
        var a = AlertingSpec()
        a.minEventsPerHour = nonNegative(reader.decimal(af, "minEventsPerHour"), "spec.alerting.minEventsPerHour")
        a.owner = reader.string(af, "owner")
        a.alertmanagerVersion = reader.string(af, "alertmanagerVersion")
        a.alertmanagers = reader.stringList(af, "alertmanagers") ?? []
        if let v = a.alertmanagerVersion, PrometheusVersion(parsing: v.value) == nil {
            reader.diagnostics.error(
                "`spec.alerting.alertmanagerVersion` must be a version like \"0.25\", found `\(v.value)`",
                rule: CheckID.invalidValue, at: v.location)
        }
        if let sn = reader.value(af, "smtp"),
            let sf = reader.fields(
                sn, path: "spec.alerting.smtp",
                table: Schema.smtp)
        {
            rejectInlineSecrets(sf, table: Schema.smtp)
            a.smtp = SMTPSpec(
                location: sf.location, smarthost: reader.string(sf, "smarthost"), from: reader.string(sf, "from"),
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
            guard let rf = reader.fields(rn, path: path, table: Schema.burnRateWindow) else { return nil }
            let sev = reader.string(rf, "severity")
            if let sev, AlertSeverity(rawValue: sev.value) == nil {
                invalidChoice(sev, path: "\(path).severity", choices: AlertSeverity.allCases.map(\.rawValue))
            }
            let budget = reader.decimal(rf, "budgetPercent")
            if let b = budget, b.value <= 0 || b.value > 100 {
                reader.diagnostics.error(
                    "`\(path).budgetPercent` must be above 0 and at most 100, found \(b.value.plain())",
                    rule: CheckID.burnRateTable, at: b.location)
            }
            return BurnRateRowSpec(
                location: rf.location, severity: sev, short: reader.duration(rf, "short"),
                long: reader.duration(rf, "long"), budgetPercent: budget)
        }
        return a
    }
}
