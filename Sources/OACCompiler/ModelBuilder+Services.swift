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
                diagnostics.error("\(path) lists no regions", rule: CheckID.invalidValue, at: loc,
                                  hint: "leave `regions` out to run in every region")
            }
        }
        // Metrics
        var metricNames: [String: SourceLocation] = [:]
        var metrics: [MetricSpec] = []
        for m in s.metrics {
            if let first = metricNames[m.name.value] {
                diagnostics.error("metric `\(m.name.value)` is declared twice in \(path)", rule: CheckID.duplicateName,
                                  at: m.name.location, hint: "first declared at \(first)")
                continue
            }
            metricNames[m.name.value] = m.name.location
            guard let type = m.type.flatMap({ MetricType(rawValue: $0.value) }) else { continue }
            if type == .histogram, m.buckets.isEmpty {
                diagnostics.error("histogram `\(m.name.value)` declares no buckets", rule: CheckID.missingField,
                                  at: m.name.location, hint: "list its `le` bounds: buckets: [0.05, 0.1, 0.25, 0.5, 1]")
            }
            if type != .histogram, let bl = m.bucketsLocation {
                diagnostics.error("`buckets` only applies to histograms; `\(m.name.value)` is a \(type.rawValue)",
                                  rule: CheckID.invalidValue, at: bl)
            }
            let labels = m.labels.map { LabelCardinality(name: $0.key.value, values: $0.value.value) }
                .sorted { $0.name < $1.name }
            metrics.append(MetricSpec(name: m.name.value, type: type, help: m.help, labels: labels,
                                      buckets: m.buckets.map { ExactDecimal($0.value) },
                                      quantiles: m.quantiles.map { ExactDecimal($0.value) }))
        }
        metrics.sort { $0.name < $1.name }
        checkCardinalityBounds(s, metrics: metrics, regions: max(1, regions.count))
        let job = s.job?.value ?? s.name.value
        // Prometheus refuses a configuration with two scrape jobs of one name: the generated configs already
        // have the self-scrape job, the Alertmanagers' job and one federation job per region.
        if job == Conventions.selfScrapeJob || job == Conventions.alertmanagerScrapeJob || job.hasPrefix(Conventions.federateJob("")) {
            diagnostics.error("service `\(s.name.value)` has job `\(job)`, which is the name of a job oac generates",
                              rule: CheckID.invalidValue, at: s.job?.location ?? s.name.location,
                              hint: "set `spec.job` to another name")
        }
        var instances = s.instances?.value ?? 1
        if s.instances == nil, case .static(let list) = s.targets, !list.isEmpty { instances = list.count }
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
                diagnostics.error("SLO `\(spec.name.value)` is defined twice in \(path)", rule: CheckID.duplicateName,
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
        var service = Service(name: s.name.value, description: s.description, owner: owner.value, tier: tier.value,
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
            diagnostics.error("scrape timeout \(t.value) of service `\(s.name.value)` is longer than its scrape interval \(interval)",
                              rule: CheckID.invalidValue, at: t.location,
                              hint: "Prometheus refuses a `scrape_timeout` above `scrape_interval`: shorten it or set `spec.scrape.interval`")
        }
        if let loc = s.oauth2Location, platform.prometheus.version < Self.scrapeOAuth2Since {
            diagnostics.error("scrape `oauth2` needs Prometheus \(Self.scrapeOAuth2Since) or newer; the platform targets \(platform.prometheus.version)",
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
            diagnostics.error("service `\(s.name.value)` references a scrape secret by file, which a Prometheus Operator resource cannot carry",
                              rule: CheckID.invalidValue, at: at, hint: hint)
        }
        switch settings.auth {
        case .basicAuth?, .oauth2?:
            diagnostics.error("service `\(s.name.value)`: the Prometheus Operator takes a basic-auth user name or OAuth2 client id only from a Secret; oac cannot write it",
                              rule: CheckID.invalidValue, at: s.oauth2Location ?? at, hint: "use a bearer token (`auth.bearerToken: {secret: …, key: …}`)")
        default: break
        }
        if case .kubernetes(_, let selector?) = s.targets, KubernetesLabelSelector(parsing: selector) == nil {
            diagnostics.error("service `\(s.name.value)`: the selector `\(selector)` is not an equality selector a PodMonitor or ServiceMonitor can hold",
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
                diagnostics.error("metric `\(m.name)` would expose \(series == Int.max ? "more than 9.2e18" : String(series)) series per instance; oac refuses more than \(Self.maxSeriesPerMetricInstance)",
                                  rule: CheckID.invalidValue, at: loc,
                                  hint: "label counts are the number of distinct values each label takes; check for a typo")
            }
            perInstance = add(perInstance, series)
        }
        let total = mul(mul(perInstance, s.instances?.value ?? 1), regions)
        if total > Self.maxSeriesPerService, perInstance <= Self.maxSeriesPerMetricInstance * max(1, metrics.count) {
            diagnostics.error("service `\(s.name.value)` would expose \(total == Int.max ? "more than 9.2e18" : String(total)) series; oac refuses more than \(Self.maxSeriesPerService)",
                              rule: CheckID.invalidValue, at: s.instances?.location ?? s.name.location,
                              hint: "check `instances` and the label counts of its metrics")
        }
    }

    /// Loki stream selectors share PromQL's matcher syntax (and its RE2 regular expressions), without a metric
    /// name: they go through `PromQL.parseSelector` as `{…}`.
    mutating func checkLogSelector(_ sel: Located<String>) {
        let text = sel.value
        guard text.first(where: { !$0.isWhitespace }) == "{" else {
            diagnostics.error("log selector must be a LogQL stream selector like {app=\"x\"}, found `\(sel.value)`",
                              rule: CheckID.invalidSelector, at: sel.location)
            return
        }
        do {
            let parsed = try PromQL.parseSelector(text)
            if parsed.metricName != nil || parsed.matchers.contains(where: { !PromQL.isValidLabelName($0.name) }) {
                diagnostics.error("log selector matchers need label names like app or namespace ([a-zA-Z_][a-zA-Z0-9_]*)",
                                  rule: CheckID.invalidSelector, at: sel.location)
            }
        } catch {
            diagnostics.error("invalid log stream selector: \(error.message)", rule: CheckID.invalidSelector,
                              at: Self.location(in: sel, error))
        }
    }

    /// The catalog position of a PromQL problem inside a string value (the error's line and column are counted
    /// in the string, the first line continuing the value's own line).
    static func location(in text: Located<String>, _ error: PromQLError) -> SourceLocation {
        error.line <= 1 ? text.location.advanced(columns: error.column - 1)
            : text.location.advanced(byLines: error.line - 1, columns: error.column - 1)
    }

    // MARK: - SLOs

    mutating func buildSLO(_ s: SLOSpec, platform: Platform, metrics: [String: MetricSpec]) -> SLO? {
        var ok = true
        if let o = s.objective, !(o.value > 0 && o.value < 100) {
            diagnostics.error("SLO `\(s.name.value)` objective \(o.value.plain()) is outside (0, 100)",
                              rule: CheckID.objectiveRange, at: o.location,
                              hint: "objectives are percentages strictly between 0 and 100, e.g. 99.9")
            ok = false
        }
        let window = s.window?.value ?? Self.defaultWindow
        if let w = s.window, w.value < .hours(1) {
            diagnostics.error("SLO window \(w.value) is too short; use at least 1h (typically 7d, 28d or 30d)",
                              rule: CheckID.invalidValue, at: w.location)
            ok = false
        }
        if let c = s.calendar, platform.prometheus.version < Self.calendarMinimumVersion {
            diagnostics.error("a calendar \(c.value.rawValue) needs Prometheus \(Self.calendarMinimumVersion) or newer (the `@` modifier); the platform targets \(platform.prometheus.version)",
                              rule: CheckID.invalidValue, at: c.location,
                              hint: "use a rolling window such as 30d, or raise `spec.prometheus.version`")
            ok = false
        }
        guard let sliSpec = s.sli, let sli = buildSLI(sliSpec, metrics: metrics, platform: platform) else { return nil }
        guard ok, let objective = s.objective else { return nil }
        let page = s.page ?? true, ticket = s.ticket ?? true
        var burnRates: [BurnRateAlert] = []
        let factors = factorsByWindow[window.milliseconds]
        for (rowIndex, row) in platform.alerting.burnRateWindows.enumerated() {
            if row.severity == .page && !page || row.severity == .ticket && !ticket { continue }
            if row.long >= window {
                // A long window as long as the SLO's measures the SLO itself, not a burn within it.
                diagnostics.error("burn-rate window \(row.long) is not shorter than SLO `\(s.name.value)`'s window \(window)",
                                  rule: CheckID.burnRateTable, at: s.window?.location ?? s.name.location,
                                  hint: "use a custom burnRateWindows table whose long windows fit the SLO window")
                continue
            }
            burnRates.append(BurnRateAlert(severity: row.severity, short: row.short, long: row.long,
                                           budgetPercent: row.budgetPercent,
                                           factor: factors?[rowIndex] ?? row.factor(for: window)))
        }
        let reserved = Set(["service", "slo", "team", "tier", "severity", "alertname", "sloth_id"])
        for kv in s.labels {
            let loc = s.labelLocations[kv.key] ?? s.location
            if reserved.contains(kv.key) {
                diagnostics.error("alert label `\(kv.key)` is set by oac and cannot be overridden", rule: CheckID.invalidValue,
                                  at: loc)
            } else if !PromQL.isValidLabelName(kv.key) || kv.key.hasPrefix("__") {
                diagnostics.error("`\(kv.key)` is not a valid Prometheus label name", rule: CheckID.invalidName, at: loc)
            }
        }
        for kv in s.annotations {
            let loc = s.annotationLocations[kv.key] ?? s.location
            if ["summary", "description", "runbook_url", "dashboard"].contains(kv.key) {
                diagnostics.error("alert annotation `\(kv.key)` is set by oac and cannot be overridden", rule: CheckID.invalidValue,
                                  at: loc)
            } else if !PromQL.isValidLabelName(kv.key) {
                // Prometheus checks annotation names like label names (`invalid annotation name`).
                diagnostics.error("`\(kv.key)` is not a valid alert annotation name", rule: CheckID.invalidName, at: loc,
                                  hint: "annotation names are label names: letters, digits and `_`, not starting with a digit, e.g. `\(Self.labelNameSuggestion(kv.key))`")
            }
        }
        let alerting = SLOAlerting(page: page, ticket: ticket, labels: s.labels.sorted { $0.key < $1.key },
                                   annotations: s.annotations.sorted { $0.key < $1.key },
                                   minEventsPerHour: s.minEventsPerHour.map { ExactDecimal($0.value) }
                                       ?? platform.alerting.minEventsPerHour)
        return SLO(name: s.name.value, description: s.description, objective: ExactDecimal(objective.value),
                   window: window, calendar: s.calendar?.value, sli: sli, alerting: alerting, burnRates: burnRates)
    }

    mutating func buildSLI(_ spec: SLISpec, metrics: [String: MetricSpec], platform: Platform) -> SLI? {
        switch spec {
        case .events(let good, let bad, let total, _):
            let counted = bad ?? good
            guard let counted, let total else { return nil }
            let a = selector(counted, metrics: metrics, expect: [.counter])
            let b = selector(total, metrics: metrics, expect: [.counter])
            guard let a, let b else { return nil }
            return .events(EventsSLI(counting: bad != nil ? .bad : .good, selector: a, total: b))
        case .eventQueries(let good, let bad, let total, _):
            guard let counted = bad ?? good, let total else { return nil }
            let a = checkEventQuery(counted, key: bad != nil ? "badQuery" : "goodQuery")
            let b = checkEventQuery(total, key: "totalQuery")
            guard a, b else { return nil }
            // On shards each shard sums its share and the global server adds the shards: a sum over targets.
            if !Topology.isSingle(platform) {
                let c = checkAdditiveOnShards(counted, key: bad != nil ? "badQuery" : "goodQuery")
                let t = checkAdditiveOnShards(total, key: "totalQuery")
                guard c, t else { return nil }
            }
            return .eventQueries(EventQueriesSLI(counting: bad != nil ? .bad : .good, query: counted.value, total: total.value))
        case .latency(let histogram, let threshold, _):
            guard let histogram, var sel = selector(histogram, metrics: metrics, expect: [.histogram], histogram: true)
            else { return nil }
            if sel.metric.hasSuffix("_bucket"), metrics[sel.metric] == nil { sel.metric.removeLast("_bucket".count) }
            guard let threshold else { return nil }
            if let m = metrics[sel.metric], m.type == .histogram, !m.buckets.isEmpty,
               !m.buckets.contains(where: { $0.value == threshold.value }) {
                diagnostics.error("latency threshold \(threshold.value.plain())s is not a bucket of `\(sel.metric)`",
                                  rule: CheckID.latencyThresholdNotBucket, at: threshold.location,
                                  hint: "its buckets are \(m.buckets.map(\.description).joined(separator: ", ")); pick one, or add \(threshold.value.plain()) to them")
                return nil
            }
            return .latency(LatencySLI(histogram: sel, threshold: ExactDecimal(threshold.value)))
        case .threshold(let query, let op, let value, _, let scopeText):
            guard let query, let op = op.flatMap({ ComparisonOp(rawValue: $0.value) }), let value else { return nil }
            var scope: ThresholdScope?
            if let scopeText {
                guard let s = ThresholdScope(rawValue: scopeText.value) else { return nil }
                scope = s
            }
            let (expr, problem) = QueryCheck.checked(query.value, options: queryOptions)
            if let expr { parsedQueries[query.value] = expr }
            if let problem {
                diagnostics.error("invalid PromQL in `threshold.query`: \(problem.message)", rule: CheckID.invalidPromQL,
                                  at: problem.line == 1 ? query.location.advanced(columns: problem.column - 1)
                                      : query.location.advanced(byLines: problem.line - 1, columns: problem.column - 1),
                                  hint: problem.needsNewerPrometheus ? versionHint : "check the expression with `promtool query instant` or the Prometheus UI")
                return nil
            }
            let sli = ThresholdSLI(query: query.value, op: op, value: ExactDecimal(value.value), scope: scope)
            // On shards the query is split into parts merged on the global server (docs/slo-rules.md).
            if let expr, !Topology.isSingle(platform) || scope == .instance {
                do throws(ShardSplit.Problem) {
                    _ = try sli.shardPlan(expr, service: "", slo: "")
                } catch {
                    let at = error.location.map {
                        $0.line == 1 ? query.location.advanced(columns: $0.column - 1)
                            : query.location.advanced(byLines: $0.line - 1, columns: $0.column - 1)
                    } ?? query.location
                    diagnostics.error(error.message, rule: CheckID.notShardable, at: at, hint: error.hint)
                    return nil
                }
            }
            return .threshold(sli)
        }
    }

    /// An events query on shards: each shard records `sum(query)` over its targets and the global server adds
    /// the shards, which is exact only for a sum over targets (docs/slo-rules.md, "Threshold SLIs on shards").
    mutating func checkAdditiveOnShards(_ query: Located<String>, key: String) -> Bool {
        guard let expr = try? PromQL.parse(EventQueriesSLI.expand(query.value, window: Conventions.sliQueryWindow)) else { return true }
        do throws(ShardSplit.Problem) {
            try ShardSplit.checkAdditive(expr)
            return true
        } catch {
            diagnostics.error("`\(key)`: \(error.message)", rule: CheckID.notShardable, at: query.location, hint: error.hint)
            return false
        }
    }

    /// An events query must be PromQL returning an instant vector once `$window` is filled in.
    mutating func checkEventQuery(_ query: Located<String>, key: String) -> Bool {
        let placeholder = EventQueriesSLI.windowPlaceholder
        if query.value.contains("{{.window}}") || query.value.contains("{{ .window }}") {
            diagnostics.error("`\(key)` uses Sloth's `{{.window}}`; oac queries write `\(placeholder)`",
                              rule: CheckID.invalidPromQL, at: query.location,
                              hint: "replace {{.window}} by \(placeholder), or import the spec with `oac import sloth`")
            return false
        }
        let filled = Conventions.sliQueryWindow.description
        guard let problem = QueryCheck.check(EventQueriesSLI.expand(query.value, window: Conventions.sliQueryWindow),
                                             options: queryOptions) else {
            return true
        }
        let lines = query.value.split(separator: "\n", omittingEmptySubsequences: false)
        let line = problem.line - 1 < lines.count ? String(lines[problem.line - 1]) : ""
        let column = Self.originalColumn(line, expanded: problem.column, placeholder: placeholder, filled: filled)
        diagnostics.error("invalid PromQL in `\(key)`: \(problem.message)", rule: CheckID.invalidPromQL,
                          at: problem.line == 1 ? query.location.advanced(columns: column - 1)
                              : query.location.advanced(byLines: problem.line - 1, columns: column - 1),
                          hint: problem.needsNewerPrometheus ? versionHint
                              : "write PromQL returning an instant vector, with \(placeholder) where the rate range goes")
        return false
    }

    /// A label name close to `name`: every other character becomes `_`, and a leading digit gets a `_` before it.
    static func labelNameSuggestion(_ name: String) -> String {
        var out = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_") ? Character(s) : "_"
        })
        if out.first.map({ $0.isNumber }) ?? true { out = "_" + out }
        return out
    }

    /// The hint for a query only a newer Prometheus parses than the platform's.
    var versionHint: String {
        "the platform targets Prometheus \(targetVersion); raise `spec.prometheus.version` to \(Self.durationsAsNumbersMinimumVersion) or newer, or write the value as Prometheus reads it"
    }

    /// The column in the written line of a column in the line with every placeholder filled in.
    static func originalColumn(_ line: String, expanded: Int, placeholder: String, filled: String) -> Int {
        var exp = 1, orig = 1
        var rest = Substring(line)
        while !rest.isEmpty {
            if rest.hasPrefix(placeholder) {
                if expanded < exp + filled.count { return orig }
                exp += filled.count
                orig += placeholder.count
                rest = rest.dropFirst(placeholder.count)
            } else {
                if exp == expanded { return orig }
                exp += 1
                orig += 1
                rest = rest.dropFirst()
            }
        }
        return orig + max(0, expanded - exp)
    }

    /// Parses a selector and checks it names a declared metric of the expected type.
    mutating func selector(_ text: Located<String>, metrics: [String: MetricSpec], expect: [MetricType],
                           histogram: Bool = false) -> LabelSelector? {
        let sel: LabelSelector
        do {
            sel = try LabelSelector.parse(text.value)
        } catch {
            diagnostics.error("invalid selector: \(error.message)", rule: CheckID.invalidSelector,
                              at: Self.location(in: text, error),
                              hint: "write a PromQL selector: metric_name{label=\"value\",code=~\"5..\"}")
            return nil
        }
        guard !metrics.isEmpty else { return sel }  // nothing declared: nothing to check against
        var name = sel.metric
        if histogram, metrics[name] == nil, name.hasSuffix("_bucket") { name.removeLast("_bucket".count) }
        guard let m = metrics[name] else {
            let hint = closest(name, Array(metrics.keys)).map { "did you mean `\($0)`?" }
                ?? "declare it under the service's `metrics`"
            diagnostics.error("the selector names metric `\(name)`, which the service does not declare",
                              rule: CheckID.undeclaredMetric, at: text.location, hint: hint)
            return nil
        }
        if !expect.contains(m.type) {
            diagnostics.error("`\(name)` is a \(m.type.rawValue); this SLI needs a \(expect.map(\.rawValue).joined(separator: " or "))",
                              rule: CheckID.invalidValue, at: text.location)
            return nil
        }
        return sel
    }

    // MARK: - Incidents

    mutating func buildIncidents(services: Set<String>, teams: Set<String>) -> [Incident] {
        var out: [Incident] = []
        var ids: [String: SourceLocation] = [:]
        for log in catalog.incidentLogs {
            for i in log.incidents {
                guard let id = i.id, let title = i.title, let sevText = i.severity,
                      let sev = IncidentSpec.severity(sevText.value), let started = i.started else { continue }
                if let first = ids[id.value] {
                    diagnostics.error("incident id `\(id.value)` is used twice", rule: CheckID.duplicateName, at: id.location,
                                      hint: "first used at \(first)")
                    continue
                }
                ids[id.value] = id.location
                for s in i.services where !services.contains(s.value) {
                    unresolved(s, what: "service", candidates: Array(services), field: "services")
                }
                let order: [(String, Located<Date>?)] = [("detected", i.detected), ("acknowledged", i.acknowledged),
                                                         ("mitigated", i.mitigated), ("resolved", i.resolved)]
                var previous = ("started", started)
                for (name, value) in order {
                    guard let value else { continue }
                    if value.value < previous.1.value {
                        diagnostics.error("incident `\(id.value)`: \(name) is before \(previous.0)", rule: CheckID.invalidValue,
                                          at: value.location)
                    }
                    previous = (name, value)
                }
                var items: [ActionItem] = []
                for a in i.actionItems {
                    if let o = a.owner, !teams.contains(o.value) {
                        unresolved(o, what: "team", candidates: Array(teams), field: "actionItems.owner")
                    }
                    items.append(ActionItem(title: a.title?.value ?? "", owner: a.owner?.value, due: a.due?.value,
                                            priority: a.priority, status: a.status?.value ?? "open"))
                }
                out.append(Incident(id: id.value, title: title.value, services: i.services.map(\.value).sorted(),
                                    severity: sev, started: started.value, detected: i.detected?.value,
                                    acknowledged: i.acknowledged?.value, mitigated: i.mitigated?.value,
                                    resolved: i.resolved?.value,
                                    postmortem: Postmortem(status: i.postmortemStatus.flatMap { Postmortem.Status(rawValue: $0.value) } ?? .none,
                                                           url: i.postmortemURL),
                                    actionItems: items, summary: i.summary?.value))
            }
        }
        return out.sorted { ($0.started, $0.id) < ($1.started, $1.id) }
    }
}

