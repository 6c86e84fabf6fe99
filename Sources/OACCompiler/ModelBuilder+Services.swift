import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

extension ModelBuilder {
    // MARK: - Services

    mutating func buildService(_ s: ServiceSpec, platform: Platform, teams: Set<String>) -> Service? {
        let path = "service `\(s.name.value)`"
        if let owner = s.owner, !teams.contains(owner.value) {
            unresolved(owner, what: "team", candidates: Array(teams), field: "spec.owner")
        }
        let tierNames = platform.retentionTiers.map(\.name)
        if let tier = s.tier, !tierNames.contains(tier.value) {
            unresolved(tier, what: "retention tier", candidates: tierNames, field: "spec.tier")
        }
        let regionNames = platform.regions.map(\.name)
        var regions = regionNames
        if let listed = s.regions {
            var seen = Set<String>()
            for r in listed {
                if !regionNames.contains(r.value) {
                    unresolved(r, what: "region", candidates: regionNames, field: "spec.regions")
                } else if !seen.insert(r.value).inserted {
                    diagnostics.error("region `\(r.value)` is listed twice", rule: CheckID.duplicateName, at: r.location)
                }
            }
            regions = regionNames.filter { seen.contains($0) }
            if listed.isEmpty, let loc = s.regions?.first?.location ?? Optional(s.location) {
                diagnostics.error(
                    "\(path) lists no regions", rule: CheckID.invalidValue, at: loc,
                    hint: "leave `regions` out to run in every region")
            }
        }
        regions = checkTargetRegions(s, regions: regions, platformRegions: regionNames)
        // Metrics
        var metricNames: [String: SourceLocation] = [:]
        var metrics: [MetricSpec] = []
        for m in s.metrics {
            if let first = metricNames[m.name.value] {
                diagnostics.error(
                    "metric `\(m.name.value)` is declared twice in \(path)", rule: CheckID.duplicateName,
                    at: m.name.location, hint: "first declared at \(first)")
                continue
            }
            metricNames[m.name.value] = m.name.location
            guard let type = m.type.flatMap({ MetricType(rawValue: $0.value) }) else { continue }
            if type == .histogram, m.buckets.isEmpty {
                diagnostics.error(
                    "histogram `\(m.name.value)` declares no buckets", rule: CheckID.missingField,
                    at: m.name.location, hint: "list its `le` bounds: buckets: [0.05, 0.1, 0.25, 0.5, 1]")
            }
            if type != .histogram, let bl = m.bucketsLocation {
                diagnostics.error(
                    "`buckets` only applies to histograms; `\(m.name.value)` is a \(type.rawValue)",
                    rule: CheckID.invalidValue, at: bl)
            }
            let labels = m.labels.map { LabelCardinality(name: $0.key.value, values: $0.value.value) }
                .sorted { $0.name < $1.name }
            metrics.append(
                MetricSpec(
                    name: m.name.value, type: type, help: m.help, labels: labels,
                    buckets: m.buckets.map { ExactDecimal($0.value) },
                    quantiles: m.quantiles.map { ExactDecimal($0.value) }))
        }
        metrics.sort { $0.name < $1.name }
        checkCardinalityBounds(s, metrics: metrics, regions: max(1, regions.count))
        let job = s.job?.value ?? s.name.value
        // The federation's jobs and their Kubernetes ScrapeConfigs are named `oac-federate-<region>`; a service
        // resource (named after the service) must not take one of those names.
        let federatePrefix = Conventions.federateJob("")
        let nameReserved = s.name.value.hasPrefix(federatePrefix)
        if nameReserved {
            diagnostics.error(
                "service name `\(s.name.value)` starts with `\(federatePrefix)`, which oac reserves for its federation jobs and their Kubernetes ScrapeConfigs",
                rule: CheckID.invalidName, at: s.name.location, hint: "rename the service")
        }
        // Prometheus refuses a configuration with two scrape jobs of one name: the generated configs already
        // have the self-scrape job, the Alertmanagers' job and one federation job per region. (A job that is the
        // reserved name itself was reported above: one finding per cause.)
        if s.job != nil || !nameReserved,
            job == Conventions.selfScrapeJob || job == Conventions.alertmanagerScrapeJob || job.hasPrefix(federatePrefix)
        {
            diagnostics.error(
                "service `\(s.name.value)` has job `\(job)`, which is the name of a job oac generates",
                rule: CheckID.invalidValue, at: s.job?.location ?? s.name.location,
                hint: "set `spec.job` to another name")
        }
        var instances = s.instances?.value ?? 1
        if s.instances == nil, case .static(let list) = s.targets, !list.isEmpty { instances = list.count }
        // Per region: the largest region's list (instances are counted per region).
        if s.instances == nil, case .staticByRegion(let list) = s.targets, let most = list.map(\.targets.count).max(), most > 0 {
            instances = most
        }
        // Logs
        let logs = s.logs.compactMap { l -> LogStream? in
            guard let sel = l.selector, let vol = l.volumePerDay else { return nil }
            checkLogSelector(sel)
            return LogStream(selector: sel.value, volumePerDay: vol.value, retention: l.retention?.value)
        }
        // SLOs
        var sloNames: [String: SourceLocation] = [:]
        var slos: [SLO] = []
        let declared = Dictionary(metrics.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for spec in s.slos {
            if let first = sloNames[spec.name.value] {
                diagnostics.error(
                    "SLO `\(spec.name.value)` is defined twice in \(path)", rule: CheckID.duplicateName,
                    at: spec.name.location, hint: "first defined at \(first)")
                continue
            }
            sloNames[spec.name.value] = spec.name.location
            if let slo = buildSLO(spec, platform: platform, metrics: declared) { slos.append(slo) }
        }
        slos.sort { $0.name < $1.name }
        let policy = resolvePolicy(s, slos: slos)
        var windowNames: [String: SourceLocation] = [:]
        let maintenance = buildWindows(s.maintenanceWindows, service: s, slos: slos, teams: teams, correction: false, seen: &windowNames)
        let corrections = buildWindows(s.corrections, service: s, slos: slos, teams: teams, correction: true, seen: &windowNames)
        guard let owner = s.owner, let tier = s.tier else { return nil }
        var service = Service(
            name: s.name.value, description: s.description, owner: owner.value, tier: tier.value,
            type: s.type.flatMap { ServiceType(rawValue: $0.value) } ?? .api, regions: regions, job: job,
            runbook: s.runbook?.value, targets: s.targets, instances: instances, metrics: metrics, logs: logs,
            slos: slos, scrape: checkScrape(s, platform: platform))
        service.errorBudgetPolicy = policy
        service.maintenanceWindows = maintenance
        service.corrections = corrections
        return service
    }

    /// `oauth2` in a scrape config exists since Prometheus 2.27.
    static let scrapeOAuth2Since = PrometheusVersion(major: 2, minor: 27)

    /// The scrape settings against the platform: a timeout longer than the interval, keys the platform's
    /// Prometheus does not know.
    mutating func checkScrape(_ s: ServiceSpec, platform: Platform) -> ScrapeSettings {
        let settings = s.scrape ?? ScrapeSettings()
        let interval = settings.interval ?? platform.prometheus.scrapeInterval
        if let t = s.scrapeTimeout, t.value > interval {
            diagnostics.error(
                "scrape timeout \(t.value) of service `\(s.name.value)` is longer than its scrape interval \(interval)",
                rule: CheckID.invalidValue, at: t.location,
                hint: "Prometheus refuses a `scrape_timeout` above `scrape_interval`: shorten it or set `spec.scrape.interval`")
        }
        if let loc = s.oauth2Location, platform.prometheus.version < Self.scrapeOAuth2Since {
            diagnostics.error(
                "scrape `oauth2` needs Prometheus \(Self.scrapeOAuth2Since) or newer; the platform targets \(platform.prometheus.version)",
                rule: CheckID.invalidValue, at: loc, hint: "raise `spec.prometheus.version`, or use a bearer token")
        }
        if platform.kubernetes != nil { checkRepresentable(s, settings) }
        return settings
    }

    /// What the Prometheus Operator's resources cannot say: secrets by file (their TLS and auth take Secrets),
    /// a basic-auth user name or OAuth2 client id outside a Secret, a set-based label selector.
    mutating func checkRepresentable(_ s: ServiceSpec, _ settings: ScrapeSettings) {
        let at = s.targetsLocation ?? s.name.location
        let hint = "with `spec.kubernetes`, reference a Kubernetes Secret: `{secret: <name>, key: <key>}`"
        if settings.secrets.contains(where: { if case .file = $0 { true } else { false } }) {
            diagnostics.error(
                "service `\(s.name.value)` references a scrape secret by file, which a Prometheus Operator resource cannot carry",
                rule: CheckID.invalidValue, at: at, hint: hint)
        }
        switch settings.auth {
        case .basicAuth?, .oauth2?:
            diagnostics.error(
                "service `\(s.name.value)`: the Prometheus Operator takes a basic-auth user name or OAuth2 client id only from a Secret; oac cannot write it",
                rule: CheckID.invalidValue, at: s.oauth2Location ?? at, hint: "use a bearer token (`auth.bearerToken: {secret: …, key: …}`)")
        default: break
        }
        if case .kubernetes(_, let selector?) = s.targets, KubernetesLabelSelector(parsing: selector) == nil {
            diagnostics.error(
                "service `\(s.name.value)`: the selector `\(selector)` is not an equality selector a PodMonitor or ServiceMonitor can hold",
                rule: CheckID.invalidValue, at: at, hint: "write it as `key=value,key!=value,key,!key`")
        }
    }

    /// Estimates multiply label counts, buckets, instances and regions; numbers no real platform reaches
    /// are rejected here so that no later arithmetic can overflow.
    static let maxSeriesPerMetricInstance = 1_000_000_000
    static let maxSeriesPerService = 1_000_000_000_000

    mutating func checkCardinalityBounds(_ s: ServiceSpec, metrics: [MetricSpec], regions: Int) {
        func mul(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? Int.max : r
        }
        func add(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? Int.max : r
        }
        var perInstance = 0
        for m in metrics {
            var combos = 1
            for l in m.labels { combos = mul(combos, max(1, l.values)) }
            let series: Int
            switch m.type {
            case .counter, .gauge: series = combos
            case .histogram: series = mul(combos, m.buckets.count + 3)
            case .summary: series = mul(combos, m.quantiles.count + 2)
            }
            if series > Self.maxSeriesPerMetricInstance {
                let loc = s.metrics.first { $0.name.value == m.name }?.name.location ?? s.location
                diagnostics.error(
                    "metric `\(m.name)` would expose \(series == Int.max ? "more than 9.2e18" : String(series)) series per instance; oac refuses more than \(Self.maxSeriesPerMetricInstance)",
                    rule: CheckID.invalidValue, at: loc,
                    hint: "label counts are the number of distinct values each label takes; check for a typo")
            }
            perInstance = add(perInstance, series)
        }
        let total = mul(mul(perInstance, s.instances?.value ?? 1), regions)
        if total > Self.maxSeriesPerService, perInstance <= Self.maxSeriesPerMetricInstance * max(1, metrics.count) {
            diagnostics.error(
                "service `\(s.name.value)` would expose \(total == Int.max ? "more than 9.2e18" : String(total)) series; oac refuses more than \(Self.maxSeriesPerService)",
                rule: CheckID.invalidValue, at: s.instances?.location ?? s.name.location,
                hint: "check `instances` and the label counts of its metrics")
        }
    }

    /// Loki stream selectors share PromQL's matcher syntax (and its RE2 regular expressions), without a metric
    /// name: they go through `PromQL.parseSelector` as `{…}`.
    mutating func checkLogSelector(_ sel: Located<String>) {
        let text = sel.value
        guard text.first(where: { !$0.isWhitespace }) == "{" else {
            diagnostics.error(
                "log selector must be a LogQL stream selector like {app=\"x\"}, found `\(sel.value)`",
                rule: CheckID.invalidSelector, at: sel.location)
            return
        }
        do {
            let parsed = try PromQL.parseSelector(text)
            if parsed.metricName != nil || parsed.matchers.contains(where: { !PromQL.isValidLabelName($0.name) }) {
                diagnostics.error(
                    "log selector matchers need label names like app or namespace ([a-zA-Z_][a-zA-Z0-9_]*)",
                    rule: CheckID.invalidSelector, at: sel.location)
            }
        } catch {
            diagnostics.error(
                "invalid log stream selector: \(error.message)", rule: CheckID.invalidSelector,
                at: Self.location(in: sel, error))
        }
    }

    /// The catalog position of a PromQL problem inside a string value (the error's line and column are counted
    /// in the string, the first line continuing the value's own line).
    static func location(in text: Located<String>, _ error: PromQLError) -> SourceLocation {
        error.line <= 1
            ? text.location.advanced(columns: error.column - 1)
            : text.location.advanced(byLines: error.line - 1, columns: error.column - 1)
    }

    // MARK: - Incidents

    mutating func buildIncidents(services: Set<String>, teams: Set<String>) -> [Incident] {
        var out: [Incident] = []
        var ids: [String: SourceLocation] = [:]
        for log in catalog.incidentLogs {
            for i in log.incidents {
                guard let id = i.id, let title = i.title, let sevText = i.severity,
                    let sev = IncidentSpec.severity(sevText.value), let started = i.started
                else { continue }
                if let first = ids[id.value] {
                    diagnostics.error(
                        "incident id `\(id.value)` is used twice", rule: CheckID.duplicateName, at: id.location,
                        hint: "first used at \(first)")
                    continue
                }
                ids[id.value] = id.location
                for s in i.services where !services.contains(s.value) {
                    unresolved(s, what: "service", candidates: Array(services), field: "services")
                }
                let order: [(String, Located<Date>?)] = [
                    ("detected", i.detected), ("acknowledged", i.acknowledged),
                    ("mitigated", i.mitigated), ("resolved", i.resolved)
                ]
                var previous = ("started", started)
                for (name, value) in order {
                    guard let value else { continue }
                    if value.value < previous.1.value {
                        diagnostics.error(
                            "incident `\(id.value)`: \(name) is before \(previous.0)", rule: CheckID.invalidValue,
                            at: value.location)
                    }
                    previous = (name, value)
                }
                var items: [ActionItem] = []
                for a in i.actionItems {
                    if let o = a.owner, !teams.contains(o.value) {
                        unresolved(o, what: "team", candidates: Array(teams), field: "actionItems.owner")
                    }
                    items.append(
                        ActionItem(
                            title: a.title?.value ?? "", owner: a.owner?.value, due: a.due?.value,
                            priority: a.priority, status: a.status?.value ?? "open"))
                }
                out.append(
                    Incident(
                        id: id.value, title: title.value, services: i.services.map(\.value).sorted(),
                        severity: sev, started: started.value, detected: i.detected?.value,
                        acknowledged: i.acknowledged?.value, mitigated: i.mitigated?.value,
                        resolved: i.resolved?.value,
                        postmortem: Postmortem(
                            status: i.postmortemStatus.flatMap { Postmortem.Status(rawValue: $0.value) } ?? .none,
                            url: i.postmortemURL),
                        actionItems: items, summary: i.summary?.value))
            }
        }
        return out.sorted { ($0.started, $0.id) < ($1.started, $1.id) }
    }
}
