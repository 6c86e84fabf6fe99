import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// Check and translate: the Platform (regions, global, tiers, pricing, alerting, Grafana, Kubernetes) and
/// the Teams with their receivers.
extension ModelBuilder {
    // MARK: - Platform

    mutating func buildPlatform(_ p: PlatformSpec) -> Platform {
        let version = p.prometheusVersion.flatMap { PrometheusVersion(parsing: $0.value) } ?? Self.defaultPrometheusVersion
        let settings = PrometheusSettings(
            version: version,
            scrapeInterval: p.scrapeInterval?.value ?? Self.defaultInterval,
            evaluationInterval: p.evaluationInterval?.value ?? Self.defaultInterval,
            seriesPerShard: p.seriesPerShard?.value ?? Self.defaultSeriesPerShard,
            retention: p.prometheusRetention?.value)
        checkIntervals(p)
        checkDuplicates(p.regions.map(\.name), what: "region")
        var regions: [Region] = []
        for r in p.regions {
            let shards: ShardCount = r.shardsAuto ? .auto : .fixed(r.shards?.value ?? 1)
            let many = r.shardsAuto || (r.shards?.value ?? 1) > 1
            if let a = r.address, many, !a.value.contains("{shard}") {
                diagnostics.error(
                    "region `\(r.name.value)` has several shards but its address has no `{shard}`",
                    rule: CheckID.invalidValue, at: a.location,
                    hint: "write the address as a pattern, e.g. prometheus-\(r.name.value)-{shard}.monitoring:9090")
            }
            if let a = r.address { checkAddress(a, path: "spec.regions[].address") }
            let replicas = r.replicas?.value ?? 1
            if let n = r.replicas, n.value > 1 {
                let mode = p.global?.mode?.value ?? "federation"
                if mode != GlobalMode.thanos.rawValue && mode != GlobalMode.mimir.rawValue {
                    diagnostics.error(
                        "region `\(r.name.value)` runs replica pairs but `global.mode` is `\(mode)`: only Thanos and Mimir modes deduplicate replicas (a federation would count every event twice)",
                        rule: CheckID.invalidValue, at: n.location,
                        hint: "use `global.mode: thanos` or `mimir`, or `replicas: 1`")
                }
                if let a = r.address, !a.value.contains(Region.replicaPlaceholder) {
                    diagnostics.error(
                        "region `\(r.name.value)` has \(n.value) replicas but its address has no `{replica}`",
                        rule: CheckID.invalidValue, at: a.location,
                        hint: "write the address as a pattern, e.g. prometheus-\(r.name.value)-{shard}-{replica}.monitoring:9090")
                }
            }
            regions.append(Region(name: r.name.value, shards: shards, address: r.address?.value, replicas: replicas))
        }
        regions.sort { $0.name < $1.name }
        var global: GlobalSettings?
        if let g = p.global {
            var thanos = ThanosSettings()
            if let t = g.thanos {
                if let v = t.objstoreConfigFile {
                    thanos.objstoreConfigFile = v.value
                    // The ThanosRuler references it as a Secret key (docs/kubernetes.md#thanosruler).
                    let secret = Conventions.thanosObjstoreSecret(file: v.value)
                    if p.kubernetes?.prometheus == true, g.mode?.value == GlobalMode.thanos.rawValue,
                        !(KubernetesSyntax.isName(secret.name) && KubernetesSyntax.isSecretKey(secret.key))
                    {
                        diagnostics.error(
                            "`spec.global.thanos.objstoreConfigFile` is `\(v.value)`, which the ThanosRuler cannot reference as Secret `\(secret.name)` key `\(secret.key)`",
                            rule: CheckID.invalidValue, at: v.location,
                            hint: "give the Secret's mounted path, `\(Conventions.thanosSecretsFolder)<secret>/<key>`, with a valid Secret name and key")
                    }
                }
                if let v = t.tierObjstoreConfigFile {
                    thanos.tierObjstoreConfigFile = v.value
                    if !v.value.contains(ThanosSettings.tierPlaceholder) {
                        diagnostics.error(
                            "`spec.global.thanos.tierObjstoreConfigFile` has no `{tier}`: every tier's compactor would read the same bucket",
                            rule: CheckID.invalidValue, at: v.location,
                            hint: "write it as a pattern, e.g. /etc/thanos/objstore-{tier}.yml")
                    }
                }
                if let v = t.dataDir { thanos.dataDir = v.value }
                if let v = t.replicaLabel { thanos.replicaLabel = v.value }
                if let v = t.storeAddress {
                    thanos.storeAddress = v.value
                    checkAddress(v, path: "spec.global.thanos.storeAddress")
                }
                if let v = t.ruleAddress {
                    thanos.ruleAddress = v.value
                    checkAddress(v, path: "spec.global.thanos.ruleAddress")
                }
                if let v = t.sidecarPort { thanos.sidecarPort = v.value }
                if let v = t.prometheusURL {
                    thanos.prometheusURL = v.value
                    checkHTTPURL(v, path: "spec.global.thanos.prometheusURL")
                }
                if let v = t.rulerReplicas {
                    thanos.rulerReplicas = v.value
                    if v.value > 1, !thanos.ruleAddress.contains(Region.replicaPlaceholder) {
                        diagnostics.error(
                            "\(v.value) Thanos rulers but `spec.global.thanos.ruleAddress` has no `{replica}`: the querier could reach only one",
                            rule: CheckID.invalidValue, at: t.ruleAddress?.location ?? v.location,
                            hint: "write it as a pattern, e.g. thanos-rule-{replica}.monitoring:10901")
                    }
                }
            }
            global = GlobalSettings(
                mode: g.mode.flatMap { GlobalMode(rawValue: $0.value) } ?? .federation,
                address: g.address?.value, retention: g.retention?.value, thanos: thanos)
            if let m = g.mimir {
                global?.mimir = m
                if let t = m.tls, (t.certFile == nil) != (t.keyFile == nil) {
                    diagnostics.error(
                        "`spec.global.mimir.tls` needs both `certFile` and `keyFile`, or neither",
                        rule: CheckID.missingField, at: g.location)
                }
            }
            if let a = g.address { checkAddress(a, path: "spec.global.address") }
        } else if regions.count > 1 {
            diagnostics.error(
                "the platform has \(regions.count) regions but no `spec.global`", rule: CheckID.missingField,
                at: p.location,
                hint: "add `global: {mode: federation, address: \"prometheus-global.monitoring:9090\"}` so SLOs across regions meet in one place")
        }
        checkDuplicates(p.retentionTiers.map(\.name), what: "retention tier")
        var tiers: [RetentionTier] = []
        for t in p.retentionTiers {
            guard let local = t.local else { continue }
            tiers.append(
                RetentionTier(
                    name: t.name.value, description: t.description, local: local.value,
                    raw: t.raw?.value, downsampled5m: t.downsampled5m?.value,
                    downsampled1h: t.downsampled1h?.value, logs: t.logs?.value))
        }
        tiers.sort { $0.name < $1.name }
        if p.retentionTiers.isEmpty {
            diagnostics.error(
                "the platform defines no retention tiers", rule: CheckID.missingField, at: p.location,
                hint: "add `retentionTiers:` with at least one tier (e.g. gold, silver, bronze)")
        }
        var pricing = Pricing.defaults
        if let ps = p.pricing {
            if let c = ps.currency {
                if c.value.count == 3, c.value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                    pricing.currency = c.value
                } else {
                    diagnostics.error(
                        "`spec.pricing.currency` must be an ISO 4217 code such as USD, found `\(c.value)`",
                        rule: CheckID.invalidValue, at: c.location)
                }
            }
            if let v = ps.perThousandSeriesMonth { pricing.perThousandSeriesMonth = ExactDecimal(v.value) }
            if let v = ps.perGBLogsIngested { pricing.perGBLogsIngested = ExactDecimal(v.value) }
            if let v = ps.perGBLogsStoredMonth { pricing.perGBLogsStoredMonth = ExactDecimal(v.value) }
        }
        var table = BurnRateWindowSpec.sreWorkbook
        var tableName: String? = "sre-workbook"
        if let rows = p.alerting?.burnRateWindows {
            tableName = nil
            table = rows.compactMap { r in
                guard let sev = r.severity.flatMap({ AlertSeverity(rawValue: $0.value) }), let short = r.short,
                    let long = r.long, let budget = r.budgetPercent
                else { return nil }
                if short.value >= long.value {
                    diagnostics.error(
                        "burn-rate window short \(short.value) must be shorter than long \(long.value)",
                        rule: CheckID.burnRateTable, at: short.location,
                        hint: "the short window confirms the long one is still burning: typically 1/12 of it")
                }
                return BurnRateWindowSpec(
                    severity: sev, short: short.value, long: long.value,
                    budgetPercent: ExactDecimal(budget.value))
            }
            if rows.isEmpty, let a = p.alerting {
                diagnostics.error(
                    "`spec.alerting.burnRateWindows` is an empty list", rule: CheckID.burnRateTable,
                    at: a.burnRateTable?.location ?? p.location, hint: "remove it to use sre-workbook")
            }
            var seen: [String: SourceLocation] = [:]
            for r in rows {
                guard let s = r.short, let l = r.long, let sev = r.severity else { continue }
                let key = "\(sev.value) \(s.value) \(l.value)"
                if let first = seen[key] {
                    diagnostics.error(
                        "burn-rate window \(sev.value) \(s.value)/\(l.value) is listed twice",
                        rule: CheckID.burnRateTable, at: r.location, hint: "first at \(first)")
                }
                seen[key] = r.location
            }
        }
        var alerting = AlertingSettings(
            burnRateWindows: table, burnRateTableName: tableName,
            minEventsPerHour: ExactDecimal(p.alerting?.minEventsPerHour?.value ?? 0),
            owner: p.alerting?.owner?.value)
        if let v = p.alerting?.alertmanagerVersion.flatMap({ PrometheusVersion(parsing: $0.value) }) {
            alerting.alertmanagerVersion = v
        }
        for a in p.alerting?.alertmanagers ?? [] { checkAddress(a, path: "spec.alerting.alertmanagers[]") }
        alerting.alertmanagers = (p.alerting?.alertmanagers ?? []).map(\.value)
        if let s = p.alerting?.smtp, let user = s.authUsername, user.contains(":") {
            diagnostics.error(
                "`spec.alerting.smtp.authUsername` holds a colon: it looks like `user:password`", rule: CheckID.inlineSecret,
                at: s.location, hint: "give the user name only, and the password as `authPasswordFile`")
        }
        if let s = p.alerting?.smtp, let host = s.smarthost { checkAddress(host, path: "spec.alerting.smtp.smarthost") }
        if let s = p.alerting?.smtp, let from = s.from, from.value.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error(
                "`spec.alerting.smtp.from` is empty", rule: CheckID.invalidValue, at: from.location,
                hint: "the sender address, e.g. alerts@example.com")
        }
        if let s = p.alerting?.smtp, let host = s.smarthost, let from = s.from {
            alerting.smtp = SMTPSettings(
                smarthost: host.value, from: from.value, authUsername: s.authUsername,
                authPasswordFile: s.authPasswordFile, requireTLS: s.requireTLS ?? true)
        }
        if let g = p.grafanaURL { checkHTTPURL(g, path: "spec.grafana.url") }
        var platform = Platform(
            name: p.name.value, prometheus: settings, regions: regions, global: global, retentionTiers: tiers,
            pricing: pricing, alerting: alerting, grafana: GrafanaSettings(url: p.grafanaURL?.value))
        platform.kubernetes = p.kubernetes
        return platform
    }

    mutating func checkAddress(_ a: Located<String>, path: String) {
        let probe = a.value.replacingOccurrences(of: "{shard}", with: "0").replacingOccurrences(of: Region.replicaPlaceholder, with: "0")
        let ok: Bool = {
            guard let colon = probe.lastIndex(of: ":"), let port = Int(probe[probe.index(after: colon)...]),
                port > 0, port < 65536
            else { return false }
            let host = probe[..<colon]
            return !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._[]:".contains($0)) }
        }()
        if !ok {
            diagnostics.error(
                "`\(path)` must be host:port, found `\(a.value)`", rule: CheckID.invalidValue, at: a.location,
                hint: "e.g. prometheus-us-east-{shard}.monitoring:9090")
        }
    }

    mutating func checkHTTPURL(_ v: Located<String>, path: String) {
        guard let url = URL(string: v.value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else {
            diagnostics.error(
                "`\(path)` must be an http(s) URL, found `\(v.value)`", rule: CheckID.invalidValue,
                at: v.location)
            return
        }
        if url.user != nil || url.password != nil {
            diagnostics.error("`\(path)` carries credentials in the URL", rule: CheckID.inlineSecret, at: v.location)
        }
    }

    // MARK: - Teams

    mutating func checkReceivers(_ t: TeamSpec, platform: Platform?) {
        guard let platform else { return }
        for r in [t.page, t.ticket].compactMap({ $0 }) {
            switch r.receiver {
            case .email where platform.alerting.smtp == nil:
                diagnostics.error(
                    "team `\(t.name.value)` sends email but the platform sets no mail server",
                    rule: CheckID.missingField, at: r.location,
                    hint: "add `spec.alerting.smtp: {smarthost: \"smtp.example.com:587\", from: \"alerts@example.com\"}` to the Platform")
            case .pagerduty(let file) where file.trimmingCharacters(in: .whitespaces).isEmpty,
                .slack(_, let file?) where file.trimmingCharacters(in: .whitespaces).isEmpty,
                .webhook(_, let file?, _) where file.trimmingCharacters(in: .whitespaces).isEmpty,
                .webhook(_, _, let file?) where file.trimmingCharacters(in: .whitespaces).isEmpty:
                diagnostics.error(
                    "team `\(t.name.value)`'s \(r.receiver.kind) receiver names an empty file", rule: CheckID.invalidValue,
                    at: r.location, hint: "give the path of the file Alertmanager reads the secret from")
            case .webhook(let url?, _, _) where Self.secretInURL(url) != nil:
                diagnostics.error(
                    "team `\(t.name.value)`'s webhook URL \(Self.secretInURL(url)!)", rule: CheckID.inlineSecret,
                    at: r.location, hint: "put the URL in a file readable by Alertmanager and give it as `urlFile`")
            case .webhook(_, let urlFile?, _) where platform.alerting.alertmanagerVersion < PrometheusVersion(major: 0, minor: 26):
                diagnostics.error(
                    "webhook `urlFile` (\(urlFile)) needs Alertmanager 0.26 or newer; the platform targets \(platform.alerting.alertmanagerVersion)",
                    rule: CheckID.invalidValue, at: r.location,
                    hint: "use `url` (without credentials) with `bearerTokenFile`, or set `spec.alerting.alertmanagerVersion: \"0.26\"`")
            default:
                break
            }
        }
    }

    /// Why a URL must not be written in the catalog, or nil: credentials in its query or fragment
    /// (`#access_token=…`, `?sig=…`), or a host whose URLs are themselves the secret (Slack, Microsoft Teams,
    /// Discord and Power Automate webhooks).
    static func secretInURL(_ text: String) -> String? {
        guard let parts = URLComponents(string: text) else { return nil }
        let host = parts.host?.lowercased() ?? ""
        let secretHosts = [
            "hooks.slack.com", "webhook.office.com", "outlook.office.com", "outlook.office365.com",
            "discord.com", "discordapp.com", "logic.azure.com"
        ]
        if let h = secretHosts.first(where: { host == $0 || host.hasSuffix("." + $0) }),
            h != "outlook.office.com" && h != "outlook.office365.com" || parts.path.lowercased().contains("webhook")
        {
            return "is a \(h) webhook URL, which is itself a secret"
        }
        let secretKeys: Set<String> = [
            "access_token", "accesstoken", "token", "auth", "authorization", "api_key", "apikey",
            "key", "secret", "client_secret", "password", "passwd", "sig", "signature", "code"
        ]
        var pairs = parts.queryItems ?? []
        if let fragment = parts.fragment {
            pairs += URLComponents(string: "?" + fragment)?.queryItems ?? []
        }
        if let p = pairs.first(where: { secretKeys.contains($0.name.lowercased()) && !($0.value ?? "").isEmpty }) {
            return "carries `\(p.name)=` in its query or fragment"
        }
        return nil
    }

    mutating func buildTeam(_ t: TeamSpec) -> Team {
        var zone = Team.defaultTimeZone
        if let tz = t.timeZone {
            if Self.isTimeZone(tz.value) {
                zone = tz.value
            } else {
                let suggestion = Suggestion.closest(to: tz.value, in: TimeZone.knownTimeZoneIdentifiers, ignoringCase: true)
                diagnostics.error(
                    "`spec.timeZone` `\(tz.value)` is not an IANA time zone", rule: CheckID.invalidValue, at: tz.location,
                    hint: suggestion.map { "did you mean `\($0)`?" } ?? "such as UTC, Europe/Berlin or America/New_York")
            }
        }
        return Team(
            name: t.name.value, description: t.description, lokiTenant: t.lokiTenant?.value ?? t.name.value,
            page: t.page?.receiver, ticket: t.ticket?.receiver, timeZone: zone,
            workingHours: t.workingHours.flatMap { workingHours($0) } ?? .standard)
    }

    /// An IANA time zone name Foundation knows (`UTC`, `Etc/GMT-3`, `Europe/Berlin`), spelled as it spells it;
    /// not an offset (`GMT+5`, which Foundation renames `GMT+0500`) or an abbreviation it does not know (`CEST`).
    static func isTimeZone(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_+-".contains($0)) }),
            let zone = TimeZone(identifier: id)
        else { return false }
        return id == "UTC" || zone.identifier == id
    }

    /// A team's `workingHours`: clock times `HH:MM`, end after start, at least one day; nil with a diagnostic.
    mutating func workingHours(_ w: WorkingHoursSpec) -> WorkingHours? {
        let standard = WorkingHours.standard
        var ok = true
        func clock(_ v: Located<String>?, _ key: String, allow24: Bool, _ fallback: Int) -> Int {
            guard let v else { return fallback }
            guard let m = Self.parseClock(v.value), m < 1440 || (allow24 && m == 1440) else {
                diagnostics.error(
                    "`spec.workingHours.\(key)` must be a time HH:MM\(allow24 ? " (at most 24:00)" : ""), found `\(v.value)`",
                    rule: CheckID.invalidValue, at: v.location, hint: "such as \"09:00\"")
                ok = false
                return fallback
            }
            return m
        }
        let start = clock(w.start, "start", allow24: false, standard.start)
        let end = clock(w.end, "end", allow24: true, standard.end)
        if ok, end <= start {
            diagnostics.error(
                "`spec.workingHours.end` (\(WorkingHours.clock(end))) must be after `start` (\(WorkingHours.clock(start)))",
                rule: CheckID.invalidValue, at: w.end?.location ?? w.start?.location ?? w.location,
                hint: "working hours end on the day they start; a team that works across midnight is two teams, or starts at 00:00")
            ok = false
        }
        if let days = w.days, days.isEmpty {
            diagnostics.error(
                "`spec.workingHours.days` lists no day", rule: CheckID.invalidValue, at: w.daysLocation ?? w.location,
                hint: "leave it out for monday–friday")
            ok = false
        }
        guard ok else { return nil }
        let days = w.days.map { d in Weekday.allCases.filter(d.contains) } ?? standard.days
        return WorkingHours(days: days, start: start, end: end)
    }
}
