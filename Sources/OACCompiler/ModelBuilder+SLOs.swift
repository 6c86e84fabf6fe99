import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// Check and translate: SLOs and their SLIs (events, latency, threshold, event queries), with every query
/// checked through OACPromQL and located inside its string.
extension ModelBuilder {
    // MARK: - SLOs

    mutating func buildSLO(_ s: SLOSpec, platform: Platform, metrics: [String: MetricSpec]) -> SLO? {
        var ok = true
        if let o = s.objective, !(o.value > 0 && o.value < 100) {
            diagnostics.error(
                "SLO `\(s.name.value)` objective \(o.value.plain()) is outside (0, 100)",
                rule: CheckID.objectiveRange, at: o.location,
                hint: "objectives are percentages strictly between 0 and 100, e.g. 99.9")
            ok = false
        }
        let window = s.window?.value ?? Self.defaultWindow
        if let w = s.window, w.value < .hours(1) {
            diagnostics.error(
                "SLO window \(w.value) is too short; use at least 1h (typically 7d, 28d or 30d)",
                rule: CheckID.invalidValue, at: w.location)
            ok = false
        }
        if let c = s.calendar, platform.prometheus.version < Self.calendarMinimumVersion {
            diagnostics.error(
                "a calendar \(c.value.rawValue) needs Prometheus \(Self.calendarMinimumVersion) or newer (the `@` modifier); the platform targets \(platform.prometheus.version)",
                rule: CheckID.invalidValue, at: c.location,
                hint: "use a rolling window such as 30d, or raise `spec.prometheus.version`")
            ok = false
        }
        guard let sliSpec = s.sli, let sli = buildSLI(sliSpec, metrics: metrics, platform: platform) else { return nil }
        guard ok, let objective = s.objective else { return nil }
        let page = s.page ?? true
        let ticket = s.ticket ?? true
        var burnRates: [BurnRateAlert] = []
        let factors = factorsByWindow[window.milliseconds]
        for (rowIndex, row) in platform.alerting.burnRateWindows.enumerated() {
            if row.severity == .page && !page || row.severity == .ticket && !ticket { continue }
            if row.long >= window {
                // A long window as long as the SLO's measures the SLO itself, not a burn within it.
                diagnostics.error(
                    "burn-rate window \(row.long) is not shorter than SLO `\(s.name.value)`'s window \(window)",
                    rule: CheckID.burnRateTable, at: s.window?.location ?? s.name.location,
                    hint: "use a custom burnRateWindows table whose long windows fit the SLO window")
                continue
            }
            burnRates.append(
                BurnRateAlert(
                    severity: row.severity, short: row.short, long: row.long,
                    budgetPercent: row.budgetPercent,
                    factor: factors?[rowIndex] ?? row.factor(for: window)))
        }
        let reserved = Set(["service", "slo", "team", "tier", "severity", "alertname", "sloth_id"])
        for kv in s.labels {
            let loc = s.labelLocations[kv.key] ?? s.location
            if reserved.contains(kv.key) {
                diagnostics.error(
                    "alert label `\(kv.key)` is set by oac and cannot be overridden", rule: CheckID.invalidValue,
                    at: loc)
            } else if !PromQL.isValidLabelName(kv.key) || kv.key.hasPrefix("__") {
                diagnostics.error("`\(kv.key)` is not a valid Prometheus label name", rule: CheckID.invalidName, at: loc)
            }
        }
        for kv in s.annotations {
            let loc = s.annotationLocations[kv.key] ?? s.location
            if ["summary", "description", "runbook_url", "dashboard"].contains(kv.key) {
                diagnostics.error(
                    "alert annotation `\(kv.key)` is set by oac and cannot be overridden", rule: CheckID.invalidValue,
                    at: loc)
            } else if !PromQL.isValidLabelName(kv.key) {
                // Prometheus checks annotation names like label names (`invalid annotation name`).
                diagnostics.error(
                    "`\(kv.key)` is not a valid alert annotation name", rule: CheckID.invalidName, at: loc,
                    hint: "annotation names are label names: letters, digits and `_`, not starting with a digit, e.g. `\(Self.labelNameSuggestion(kv.key))`")
            }
        }
        let alerting = SLOAlerting(
            page: page, ticket: ticket, labels: s.labels.sorted { $0.key < $1.key },
            annotations: s.annotations.sorted { $0.key < $1.key },
            minEventsPerHour: s.minEventsPerHour.map { ExactDecimal($0.value) }
                ?? platform.alerting.minEventsPerHour)
        return SLO(
            name: s.name.value, description: s.description, objective: ExactDecimal(objective.value),
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
                !m.buckets.contains(where: { $0.value == threshold.value })
            {
                diagnostics.error(
                    "latency threshold \(threshold.value.plain())s is not a bucket of `\(sel.metric)`",
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
                diagnostics.error(
                    "invalid PromQL in `threshold.query`: \(problem.message)", rule: CheckID.invalidPromQL,
                    at: problem.line == 1
                        ? query.location.advanced(columns: problem.column - 1)
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
                    let at =
                        error.location.map {
                            $0.line == 1
                                ? query.location.advanced(columns: $0.column - 1)
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
            diagnostics.error(
                "`\(key)` uses Sloth's `{{.window}}`; oac queries write `\(placeholder)`",
                rule: CheckID.invalidPromQL, at: query.location,
                hint: "replace {{.window}} by \(placeholder), or import the spec with `oac import sloth`")
            return false
        }
        let filled = Conventions.sliQueryWindow.description
        guard
            let problem = QueryCheck.check(
                EventQueriesSLI.expand(query.value, window: Conventions.sliQueryWindow),
                options: queryOptions)
        else {
            return true
        }
        let lines = query.value.split(separator: "\n", omittingEmptySubsequences: false)
        let line = problem.line - 1 < lines.count ? String(lines[problem.line - 1]) : ""
        let column = Self.originalColumn(line, expanded: problem.column, placeholder: placeholder, filled: filled)
        diagnostics.error(
            "invalid PromQL in `\(key)`: \(problem.message)", rule: CheckID.invalidPromQL,
            at: problem.line == 1
                ? query.location.advanced(columns: column - 1)
                : query.location.advanced(byLines: problem.line - 1, columns: column - 1),
            hint: problem.needsNewerPrometheus
                ? versionHint
                : "write PromQL returning an instant vector, with \(placeholder) where the rate range goes")
        return false
    }

    /// A label name close to `name`: every other character becomes `_`, and a leading digit gets a `_` before it.
    static func labelNameSuggestion(_ name: String) -> String {
        var out = String(
            name.unicodeScalars.map { s -> Character in
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
        var exp = 1
        var orig = 1
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
    mutating func selector(
        _ text: Located<String>, metrics: [String: MetricSpec], expect: [MetricType],
        histogram: Bool = false
    ) -> LabelSelector? {
        let sel: LabelSelector
        do {
            sel = try LabelSelector.parse(text.value)
        } catch {
            diagnostics.error(
                "invalid selector: \(error.message)", rule: CheckID.invalidSelector,
                at: Self.location(in: text, error),
                hint: "write a PromQL selector: metric_name{label=\"value\",code=~\"5..\"}")
            return nil
        }
        guard !metrics.isEmpty else { return sel }  // nothing declared: nothing to check against
        var name = sel.metric
        if histogram, metrics[name] == nil, name.hasSuffix("_bucket") { name.removeLast("_bucket".count) }
        guard let m = metrics[name] else {
            let hint =
                closest(name, Array(metrics.keys)).map { "did you mean `\($0)`?" }
                ?? "declare it under the service's `metrics`"
            diagnostics.error(
                "the selector names metric `\(name)`, which the service does not declare",
                rule: CheckID.undeclaredMetric, at: text.location, hint: hint)
            return nil
        }
        if !expect.contains(m.type) {
            diagnostics.error(
                "`\(name)` is a \(m.type.rawValue); this SLI needs a \(expect.map(\.rawValue).joined(separator: " or "))",
                rule: CheckID.invalidValue, at: text.location)
            return nil
        }
        return sel
    }
}
