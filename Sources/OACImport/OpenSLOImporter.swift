// Length: one file on purpose (~600 lines). OpenSLO's seven kinds reference each other by name across files;
// collection and resolution share one symbol table and one set of located errors, read top to bottom.

import Foundation
import OACDiagnostics
import OACModel
import OACPromQL
import Yams

/// Imports OpenSLO v1 documents (Service, SLO, SLI, AlertPolicy, AlertCondition, AlertNotificationTarget,
/// DataSource), inline or referenced by name across every file given, into catalog services.
/// Files are collected first and resolved in `finish()`, so a reference may point into any file.
public struct OpenSLOImporter {
    public static let apiVersion = "openslo/v1"
    /// Metric sources whose queries are PromQL.
    static let promQLSources: Set<String> = ["prometheus", "thanos", "mimir", "cortex", "victoriametrics"]
    /// AlertCondition severities that page; any other severity raises a ticket.
    static let pagingSeverities: Set<String> = ["page", "critical", "high", "p1", "sev1", "urgent"]

    public var catalog = ImportedCatalog()
    public var diagnostics = Diagnostics()

    struct Object {
        var input: YAMLInput
        var node: Node
        var name: String
    }

    var slos: [Object] = []
    var services: [Object] = []
    var named: [String: [String: Object]] = [:]
    /// `Kind/name` of every named object an SLO reached, so the rest can be reported.
    var used: Set<String> = []

    public init() {}

    public mutating func importFile(path: String, contents: String) {
        catalog.sources.append(path)
        let input = YAMLInput(file: path)
        for doc in YAMLInput.documents(contents, file: path, diagnostics: &diagnostics) {
            let api = input.string(doc, "apiVersion") ?? ""
            let kind = input.string(doc, "kind") ?? ""
            if api == "openslo/v1alpha", kind == "SLO" {
                importV1alpha(doc, input: input)
                continue
            }
            guard api == Self.apiVersion else {
                if api.hasPrefix("openslo") {
                    diagnostics.warning(
                        "`\(api)` is not imported: oac imports OpenSLO `\(Self.apiVersion)` (v1alpha SLOs too); v2alpha is a draft",
                        rule: ImportCheck.rejected, at: input.location(input.value(doc, "apiVersion")))
                } else {
                    diagnostics.error(
                        "not an OpenSLO document: `apiVersion` is `\(api)`, expected `\(Self.apiVersion)`",
                        rule: ImportCheck.invalid, at: input.location(doc))
                }
                continue
            }
            guard let name = input.string(input.value(doc, "metadata"), "name") else {
                diagnostics.error("an OpenSLO \(kind) without `metadata.name`", rule: ImportCheck.invalid, at: input.location(doc))
                continue
            }
            let object = Object(input: input, node: doc, name: name)
            switch kind {
            case "SLO": slos.append(object)
            case "Service": services.append(object)
            case "SLI", "AlertPolicy", "AlertCondition", "AlertNotificationTarget", "DataSource":
                if named[kind]?[name] != nil {
                    diagnostics.warning(
                        "\(kind) `\(name)` is defined twice; the first is used", rule: ImportCheck.notKept,
                        at: input.location(doc))
                } else {
                    named[kind, default: [:]][name] = object
                }
            default:
                diagnostics.error(
                    "unknown OpenSLO kind `\(kind)`", rule: ImportCheck.invalid,
                    at: input.location(input.value(doc, "kind")))
            }
        }
    }

    /// Resolves references and builds the catalog; call once after every file.
    public mutating func finish() {
        for s in services { importService(s) }
        for slo in slos { importSLO(slo) }
        for (kind, objects) in named.sorted(by: { $0.key < $1.key }) {
            for (name, o) in objects.sorted(by: { $0.key < $1.key }) where !used.contains("\(kind)/\(name)") {
                diagnostics.warning(
                    "\(kind) `\(name)` is used by no SLO of this import; not imported", rule: ImportCheck.notKept,
                    at: o.input.location(o.node),
                    hint: "pass the SLOs that reference it in the same import")
            }
        }
        catalog.sort()
    }

    // MARK: - Service

    mutating func importService(_ o: Object) {
        let input = o.input
        guard let name = NameFitter.name(o.name, what: "service", at: input.location(o.node), diagnostics: &diagnostics)
        else { return }
        let existed = catalog.services.contains { $0.name == name }
        let i = catalog.serviceIndex(name)
        if existed {
            diagnostics.warning(
                "Service `\(name)` is defined twice; the first is used", rule: ImportCheck.notKept,
                at: input.location(o.node))
            return
        }
        let spec = input.value(o.node, "spec")
        catalog.services[i].description = input.string(spec, "description")
        let meta = metadata(o, what: "service `\(name)`")
        catalog.services[i].owner = meta.owner
        catalog.services[i].tier = meta.tier
        if let owner = meta.owner { catalog.teams.insert(owner) }
        for a in meta.annotations {
            if a.key == "runbook_url" {
                catalog.services[i].runbook = a.value
            } else {
                diagnostics.warning(
                    "service annotation `\(a.key)` is not kept: catalog services have no annotations",
                    rule: ImportCheck.notKept, at: a.at)
            }
        }
    }

    /// Owner, tier, alert labels and annotations from `metadata.labels` / `metadata.annotations`.
    mutating func metadata(_ o: Object, what: String) -> (
        owner: String?, tier: String?, labels: [KeyValue],
        annotations: [(key: String, value: String, at: SourceLocation)]
    ) {
        let input = o.input
        let meta = input.value(o.node, "metadata")
        var owner: String?
        var tier: String?
        var labels: [KeyValue] = []
        for e in input.entries(input.value(meta, "labels")) {
            let at = input.location(e.keyNode)
            // OpenSLO v1 label values are a string or a list of strings.
            var values = input.sequence(e.value).compactMap { input.string($0) }
            if let s = input.string(e.value), case .scalar = e.value { values = [s] }
            guard let first = values.first else { continue }
            if values.count > 1 {
                diagnostics.warning(
                    "label `\(e.key)` of \(what) has \(values.count) values; only `\(first)` is kept",
                    rule: ImportCheck.notKept, at: at)
            }
            switch e.key {
            case "owner", "team":
                if owner == nil { owner = NameFitter.name(first, what: "owner", at: at, diagnostics: &diagnostics) }
            case "tier":
                tier = NameFitter.name(first, what: "tier", at: at, diagnostics: &diagnostics)
            default:
                if SlothImporter.reservedLabels.contains(e.key) {
                    diagnostics.warning(
                        "label `\(e.key)` of \(what) is not kept: oac sets `\(e.key)` itself",
                        rule: ImportCheck.notKept, at: at)
                } else {
                    labels.append(KeyValue(e.key, first))
                }
            }
        }
        var annotations: [(key: String, value: String, at: SourceLocation)] = []
        for a in input.stringMap(input.value(meta, "annotations"), what: "annotation", diagnostics: &diagnostics) {
            if a.key == OpenSLOExporter.sloNameAnnotation { continue }
            if a.key.hasPrefix("openslo.com/") {
                diagnostics.warning("annotation `\(a.key)` is for OpenSLO tools; not kept", rule: ImportCheck.notKept, at: a.at)
            } else {
                annotations.append(a)
            }
        }
        return (owner, tier, labels.sorted { $0.key < $1.key }, annotations)
    }

    // MARK: - SLO

    mutating func importSLO(_ o: Object) {
        let input = o.input
        let spec = input.value(o.node, "spec")
        let at = input.location(o.node)
        // oac's own export keeps the SLO's name in an annotation (OpenSLO names are global).
        let ownName = input.string(input.value(input.value(o.node, "metadata"), "annotations"), OpenSLOExporter.sloNameAnnotation)
        guard let sloName = NameFitter.name(ownName ?? o.name, what: "SLO", at: at, diagnostics: &diagnostics) else { return }
        guard let serviceText = input.string(spec, "service") else {
            diagnostics.error("SLO `\(sloName)` has no `spec.service`", rule: ImportCheck.invalid, at: at)
            return
        }
        guard
            let service = NameFitter.name(
                serviceText, what: "service", at: input.location(input.value(spec, "service")),
                diagnostics: &diagnostics)
        else { return }
        let serviceIndex = catalog.serviceIndex(service)
        let meta = metadata(o, what: "SLO `\(sloName)`")
        if let owner = meta.owner, catalog.services[serviceIndex].owner == nil {
            catalog.services[serviceIndex].owner = owner
            catalog.teams.insert(owner)
        }
        if let tier = meta.tier, catalog.services[serviceIndex].tier == nil { catalog.services[serviceIndex].tier = tier }
        guard let window = window(spec, input: input, slo: sloName, at: at) else { return }
        guard let indicator = indicator(spec, input: input, slo: sloName, at: at) else { return }
        let method = input.string(spec, "budgetingMethod") ?? "Occurrences"
        guard ["Occurrences", "Timeslices", "RatioTimeslices"].contains(method) else {
            diagnostics.warning(
                "SLO `\(sloName)`: budgeting method `\(method)` is not one of Occurrences, Timeslices, RatioTimeslices; not imported",
                rule: ImportCheck.rejected, at: input.location(input.value(spec, "budgetingMethod")))
            return
        }
        let objectives = input.sequence(input.value(spec, "objectives"))
        if objectives.isEmpty {
            diagnostics.error("SLO `\(sloName)` has no `objectives`", rule: ImportCheck.invalid, at: at)
            return
        }
        let alerting = alertPolicies(spec, input: input, slo: sloName)
        for (n, objective) in objectives.enumerated() {
            var name = sloName
            if objectives.count > 1 {
                let suffix =
                    input.string(objective, "name").flatMap(NameFitter.fit)
                    ?? input.string(objective, "displayName").flatMap(NameFitter.fit) ?? "\(n + 1)"
                name = NameFitter.fit("\(sloName)-\(suffix)") ?? "\(sloName)-\(n + 1)"
                diagnostics.warning(
                    "SLO `\(sloName)` has \(objectives.count) objectives; objective \(n + 1) is imported as SLO `\(name)`",
                    rule: ImportCheck.notKept, at: input.location(objective))
            }
            if input.value(objective, "indicator", "indicatorRef") != nil {
                diagnostics.warning(
                    "SLO `\(name)`: per-objective indicators (composite SLOs) are not imported; the SLO's indicator is used",
                    rule: ImportCheck.notKept, at: input.location(objective))
            }
            guard let target = target(objective, input: input, slo: name) else { continue }
            guard let sli = sli(indicator, objective: objective, method: method, slo: name) else { continue }
            var slo = ImportedSLO(
                name: name, description: input.string(spec, "description"), objective: target,
                window: window, sli: sli)
            slo.labels = meta.labels
            slo.annotations = []
            for a in meta.annotations {
                if SlothImporter.reservedAnnotations.contains(a.key) || a.key == "runbook_url" {
                    diagnostics.warning("annotation `\(a.key)` is not kept: oac writes its own", rule: ImportCheck.notKept, at: a.at)
                } else {
                    slo.annotations.append(KeyValue(a.key, a.value))
                }
            }
            slo.annotations.sort { $0.key < $1.key }
            if let alerting {
                slo.page = alerting.page
                slo.ticket = alerting.ticket
            }
            catalog.add(slo, to: service, at: at, diagnostics: &diagnostics)
        }
    }

    /// The objective's target as a percentage.
    mutating func target(_ objective: Node, input: YAMLInput, slo: String) -> Decimal? {
        let at = input.location(objective)
        var percent: Decimal?
        if let t = input.decimal(input.value(objective, "target")) { percent = t * 100 }
        if let p = input.decimal(input.value(objective, "targetPercent")) { percent = p }
        guard let percent else {
            diagnostics.error("SLO `\(slo)`: the objective has no `target` (or `targetPercent`)", rule: ImportCheck.invalid, at: at)
            return nil
        }
        guard percent > 0, percent < 100 else {
            diagnostics.warning("SLO `\(slo)`: target \(percent)% is outside (0, 100); not imported", rule: ImportCheck.rejected, at: at)
            return nil
        }
        return percent
    }

    // MARK: - Windows

    /// OpenSLO's duration shorthand: a whole number and one of m h d w M Q Y.
    static func shorthand(_ text: String) -> (count: Int64, unit: Character)? {
        guard let unit = text.last, "mhdwMQY".contains(unit), let n = Int64(text.dropLast()), n > 0 else { return nil }
        return (n, unit)
    }

    mutating func window(_ spec: Node?, input: YAMLInput, slo: String, at: SourceLocation) -> ImportedSLO.Window? {
        let windows = input.sequence(input.value(spec, "timeWindow"))
        guard let w = windows.first else {
            diagnostics.warning("SLO `\(slo)` has no `timeWindow`; imported with oac's default rolling 30d", rule: ImportCheck.notKept, at: at)
            return .rolling(.days(30))
        }
        if windows.count > 1 {
            diagnostics.warning(
                "SLO `\(slo)` lists \(windows.count) time windows; only the first is imported",
                rule: ImportCheck.notKept, at: input.location(windows[1]))
        }
        let wAt = input.location(w)
        guard let text = input.string(w, "duration"), let (n, unit) = Self.shorthand(text) else {
            diagnostics.error("SLO `\(slo)`: `timeWindow[0].duration` must be like 30d, 1w or 1M", rule: ImportCheck.invalid, at: wAt)
            return nil
        }
        let rolling = input.bool(w, "isRolling") ?? (input.value(w, "calendar") == nil)
        if !rolling {
            let period: CalendarPeriod? =
                switch (n, unit) {
                case (1, "w"), (7, "d"): .week
                case (1, "M"): .month
                case (1, "Q"), (3, "M"): .quarter
                default: nil
                }
            guard let period else {
                let hint = unit == "m" ? "OpenSLO's `m` is minutes; a month is `1M`" : "oac's calendar windows are one week (1w), month (1M) or quarter (1Q)"
                diagnostics.warning(
                    "SLO `\(slo)`: a calendar window of \(text) is not imported", rule: ImportCheck.rejected,
                    at: wAt, hint: hint)
                return nil
            }
            checkAlignment(w, period: period, input: input, slo: slo)
            return .calendar(period)
        }
        let day: Int64 = 86_400_000
        let ms: Int64? =
            switch unit {
            case "m": n * 60_000
            case "h": n * 3_600_000
            case "d": n * day
            case "w": n * 7 * day
            default: nil
            }
        guard let ms else {
            // Months, quarters and years have no fixed length for a rolling window.
            let days: Int64 = unit == "M" ? 30 * n : unit == "Q" ? 90 * n : 365 * n
            diagnostics.warning(
                "SLO `\(slo)`: a rolling \(text) has no fixed length; imported as \(days)d",
                rule: ImportCheck.approximated, at: wAt)
            return .rolling(.days(days))
        }
        guard ms >= 3_600_000 else {
            let hint = unit == "m" ? "OpenSLO's `m` is minutes; a month is `1M`" : nil
            diagnostics.warning(
                "SLO `\(slo)`: a window of \(text) is shorter than oac's 1h minimum; not imported",
                rule: ImportCheck.rejected, at: wAt, hint: hint)
            return nil
        }
        return .rolling(PromDuration(milliseconds: ms))
    }

    /// oac's calendar periods start at 00:00 UTC on a Monday, the 1st of a month, the 1st of a quarter.
    mutating func checkAlignment(_ w: Node, period: CalendarPeriod, input: YAMLInput, slo: String) {
        let calendar = input.value(w, "calendar")
        let zone = input.string(calendar, "timeZone") ?? "UTC"
        let start = input.string(calendar, "startTime") ?? ""
        var aligned = ["UTC", "Etc/UTC", "GMT", "Z"].contains(zone)
        let parts = start.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        if aligned, parts.count >= 3 {
            let (y, m, d) = (parts[0], parts[1], parts[2])
            let midnight = parts.dropFirst(3).allSatisfy { $0 == 0 }
            var c = DateComponents()
            (c.year, c.month, c.day) = (y, m, d)
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(identifier: "UTC")!
            let weekday = cal.date(from: c).map { cal.component(.weekday, from: $0) }
            let startsPeriod: Bool =
                switch period {
                case .week: weekday == 2
                case .month: d == 1
                case .quarter: d == 1 && [1, 4, 7, 10].contains(m)
                }
            aligned = midnight && startsPeriod
        }
        if !aligned {
            diagnostics.warning(
                "SLO `\(slo)`: the calendar starting \(start.isEmpty ? "(unset)" : start) in \(zone) is imported as a calendar \(period.rawValue) starting at 00:00 UTC on \(period == .week ? "Mondays" : "the 1st")",
                rule: ImportCheck.approximated, at: input.location(calendar ?? w),
                hint: "Prometheus has no time zones; oac aligns calendar periods to UTC")
        }
    }

    // MARK: - Indicators

    struct Source {
        var query: String
        var at: SourceLocation
    }

    /// The SLI spec node (inline or referenced) with the file it is in.
    mutating func indicator(_ spec: Node?, input: YAMLInput, slo: String, at: SourceLocation) -> (input: YAMLInput, spec: Node)? {
        if let inline = input.value(spec, "indicator") {
            guard let s = input.value(inline, "spec") else {
                diagnostics.error(
                    "SLO `\(slo)`: the inline indicator has no `spec`", rule: ImportCheck.invalid,
                    at: input.location(inline))
                return nil
            }
            return (input, s)
        }
        guard let ref = input.string(spec, "indicatorRef") else {
            diagnostics.error("SLO `\(slo)` has neither `indicator` nor `indicatorRef`", rule: ImportCheck.invalid, at: at)
            return nil
        }
        used.insert("SLI/\(ref)")
        guard let o = named["SLI"]?[ref], let s = o.input.value(o.node, "spec") else {
            diagnostics.error(
                "SLO `\(slo)`: `indicatorRef` names SLI `\(ref)`, which none of the files defines",
                rule: ImportCheck.invalid, at: input.location(input.value(spec, "indicatorRef")),
                hint: "pass the file that defines it to the same import")
            return nil
        }
        return (o.input, s)
    }

    /// The PromQL of a `metricSource`, or nil (reported) when it is not a Prometheus-like source.
    mutating func source(_ node: Node?, input: YAMLInput, slo: String) -> Source? {
        let ms = input.value(node, "metricSource") ?? node
        let at = input.location(ms)
        var type = input.string(ms, "type")
        if let ref = input.string(ms, "metricSourceRef") { used.insert("DataSource/\(ref)") }
        if type == nil, let ref = input.string(ms, "metricSourceRef"), let ds = named["DataSource"]?[ref] {
            type = ds.input.string(ds.input.value(ds.node, "spec"), "type")
        }
        guard let type, Self.promQLSources.contains(type.lowercased()) else {
            diagnostics.warning(
                "SLO `\(slo)`: metric source type `\(type ?? "unset")` is not Prometheus; oac generates Prometheus rules and cannot translate its queries",
                rule: ImportCheck.rejected, at: at,
                hint: "write the SLI with a PromQL query (metricSource.type: Prometheus)")
            return nil
        }
        let qNode = input.value(input.value(ms, "spec"), "query", "promql")
        guard let q = input.string(qNode) else {
            diagnostics.error("SLO `\(slo)`: the Prometheus metric source has no `spec.query`", rule: ImportCheck.invalid, at: at)
            return nil
        }
        return Source(query: q, at: input.location(qNode))
    }

    static let ops: [String: ComparisonOp] = ["lt": .lessThan, "lte": .lessOrEqual, "gt": .greaterThan, "gte": .greaterOrEqual]

    mutating func sli(_ indicator: (input: YAMLInput, spec: Node), objective: Node, method: String, slo: String) -> ImportedSLI? {
        let (input, spec) = indicator
        if let threshold = input.value(spec, "thresholdMetric") {
            guard let src = source(threshold, input: input, slo: slo) else { return nil }
            guard let opText = input.string(objective, "op"), let op = Self.ops[opText],
                let value = input.decimal(input.value(objective, "value"))
            else {
                diagnostics.warning(
                    "SLO `\(slo)`: a threshold metric needs the objective's `op` (lt, lte, gt, gte) and `value`; not imported",
                    rule: ImportCheck.rejected, at: input.location(objective))
                return nil
            }
            let q = QueryTemplate.normalise(src.query)
            if q.contains(EventQueriesSLI.windowPlaceholder) || QueryTemplate.hasOtherTemplate(q) {
                diagnostics.warning(
                    "SLO `\(slo)`: a threshold query with a template window cannot be imported; write the range it needs",
                    rule: ImportCheck.rejected, at: src.at)
                return nil
            }
            switch QueryTemplate.parse(q) {
            case .failure(let e):
                diagnostics.warning(
                    "SLO `\(slo)`: the threshold query is not valid PromQL: \(e.message)", rule: ImportCheck.rejected,
                    at: src.at)
                return nil
            case .success(let e) where e.valueType != .instantVector:
                diagnostics.warning("SLO `\(slo)`: the threshold query returns a \(e.valueType)", rule: ImportCheck.rejected, at: src.at)
                return nil
            default:
                break
            }
            if method == "Occurrences" {
                diagnostics.warning(
                    "SLO `\(slo)`: a threshold metric budgeted by occurrences is imported with each rule evaluation as one occurrence",
                    rule: ImportCheck.approximated, at: src.at)
            }
            noteSliceWindow(objective, input: input, slo: slo)
            return .threshold(query: SLIMapping(slo: slo, location: src.at).compact(q), op: op, value: value)
        }
        guard let ratio = input.value(spec, "ratioMetric") else {
            diagnostics.error(
                "SLO `\(slo)`: the indicator has neither `thresholdMetric` nor `ratioMetric`", rule: ImportCheck.invalid,
                at: input.location(spec))
            return nil
        }
        let counter: SLIMapping.Counter = input.bool(ratio, "counter") == true ? .rawCounters : .rates
        if let raw = input.value(ratio, "raw") {
            guard let src = source(raw, input: input, slo: slo) else { return nil }
            let rawType = input.string(ratio, "rawType") ?? "failure"
            let q = rawType == "success" ? "1 - (\(QueryTemplate.normalise(src.query)))" : src.query
            return SLIMapping(slo: slo, location: src.at).rawErrorRatio(q, diagnostics: &diagnostics)
        }
        let counting: EventsSLI.Counting = input.value(ratio, "bad") != nil ? .bad : .good
        guard let counted = source(input.value(ratio, counting.rawValue), input: input, slo: slo),
            let total = source(input.value(ratio, "total"), input: input, slo: slo)
        else { return nil }
        let mapping = SLIMapping(slo: slo, location: counted.at)
        guard
            let events = mapping.events(
                counting: counting, counted: counted.query, total: total.query, counter: counter,
                diagnostics: &diagnostics)
        else { return nil }
        switch method {
        case "Timeslices":
            guard let sliceTarget = input.decimal(input.value(objective, "timeSliceTarget")) else {
                diagnostics.warning(
                    "SLO `\(slo)`: Timeslices needs the objective's `timeSliceTarget`; not imported",
                    rule: ImportCheck.rejected, at: input.location(objective))
                return nil
            }
            let slice = input.string(objective, "timeSliceWindow").flatMap(PromDuration.init(parsing:)) ?? .minutes(5)
            return .threshold(query: Self.goodRatio(events, over: slice), op: .greaterOrEqual, value: sliceTarget)
        case "RatioTimeslices":
            diagnostics.warning(
                "SLO `\(slo)`: RatioTimeslices (the mean of per-slice ratios) is imported as Σgood/Σtotal over the window, which weighs busy slices more",
                rule: ImportCheck.approximated, at: counted.at)
            return events
        default:
            return events
        }
    }

    mutating func noteSliceWindow(_ objective: Node, input: YAMLInput, slo: String) {
        if let w = input.string(objective, "timeSliceWindow") {
            diagnostics.warning(
                "SLO `\(slo)`: the \(w) time slice becomes one slice per rule evaluation (the platform's evaluationInterval)",
                rule: ImportCheck.approximated, at: input.location(input.value(objective, "timeSliceWindow")))
        }
    }

    /// The good-event ratio of one time slice, as PromQL, for Timeslices budgeting.
    static func goodRatio(_ sli: ImportedSLI, over slice: PromDuration) -> String {
        func rate(_ selector: String) -> String { "sum(rate(\(selector)[\(slice)]))" }
        switch sli {
        case .events(let counting, let selector, let total):
            let ratio = "\(rate(selector)) / \(rate(total))"
            return counting == .good ? ratio : "1 - \(ratio)"
        case .eventQueries(let counting, let query, let total):
            let ratio = "sum(\(EventQueriesSLI.expand(query, window: slice))) / sum(\(EventQueriesSLI.expand(total, window: slice)))"
            return counting == .good ? ratio : "1 - \(ratio)"
        case .latency(let histogram, let threshold):
            let h = (try? LabelSelector.parse(histogram)) ?? LabelSelector(metric: histogram, matchers: [])
            let bucket = h.with(metric: h.metric + "_bucket", adding: [.init("le", .equal, "\(threshold)")])
            return "\(rate(bucket.description)) / \(rate(h.with(metric: h.metric + "_count").description))"
        case .threshold(let query, _, _):
            return query
        }
    }

    // MARK: - Alert policies

    /// Which severities the SLO alerts with; nil when the SLO says nothing (oac's defaults apply).
    mutating func alertPolicies(_ spec: Node?, input: YAMLInput, slo: String) -> (page: Bool, ticket: Bool)? {
        guard case .mapping(let m)? = spec, let listNode = m[Node("alertPolicies")], !input.isNull(listNode) else { return nil }
        let policies = input.sequence(listNode)
        var page = false
        var ticket = false
        for p in policies {
            var policy: (input: YAMLInput, node: Node)? = (input, p)
            if let ref = input.string(p, "alertPolicyRef") {
                used.insert("AlertPolicy/\(ref)")
                policy = named["AlertPolicy"]?[ref].map { ($0.input, $0.node) }
                if policy == nil {
                    diagnostics.warning(
                        "SLO `\(slo)`: `alertPolicyRef` names AlertPolicy `\(ref)`, which none of the files defines",
                        rule: ImportCheck.notKept, at: input.location(p))
                }
            }
            guard let (pi, pn) = policy else { continue }
            let pspec = pi.value(pn, "spec")
            for c in pi.sequence(pi.value(pspec, "conditions")) {
                var condition: (input: YAMLInput, node: Node)? = (pi, c)
                if let ref = pi.string(c, "conditionRef") {
                    used.insert("AlertCondition/\(ref)")
                    condition = named["AlertCondition"]?[ref].map { ($0.input, $0.node) }
                    if condition == nil {
                        diagnostics.warning(
                            "SLO `\(slo)`: `conditionRef` names AlertCondition `\(ref)`, which none of the files defines",
                            rule: ImportCheck.notKept, at: pi.location(c))
                        continue
                    }
                }
                guard let (ci, cn) = condition else { continue }
                let cspec = ci.value(cn, "spec")
                let severity = ci.string(cspec, "severity") ?? "page"
                if Self.pagingSeverities.contains(severity.lowercased()) { page = true } else { ticket = true }
                let cond = ci.value(cspec, "condition")
                let summary = [
                    ci.string(cond, "kind"), ci.string(cond, "op"), ci.string(cond, "threshold"),
                    ci.string(cond, "lookbackWindow").map { "over \($0)" },
                    ci.string(cond, "alertAfter").map { "after \($0)" }
                ].compactMap { $0 }.joined(separator: " ")
                diagnostics.warning(
                    "SLO `\(slo)`: alert condition `\(summary)` (\(severity)) is not kept as written; oac raises \(Self.pagingSeverities.contains(severity.lowercased()) ? "page" : "ticket") alerts from the platform's burn-rate table",
                    rule: ImportCheck.notKept, at: ci.location(cn),
                    hint: "tune `spec.alerting.burnRateWindows` of the Platform if the windows differ")
            }
            for t in pi.sequence(pi.value(pspec, "notificationTargets")) {
                if let ref = pi.string(t, "targetRef") { used.insert("AlertNotificationTarget/\(ref)") }
                diagnostics.warning(
                    "SLO `\(slo)`: notification target `\(pi.string(t, "targetRef") ?? pi.string(pi.value(t, "metadata"), "name") ?? "?")` is not kept: oac routes alerts to the owning team's page and ticket receivers",
                    rule: ImportCheck.notKept, at: pi.location(t), hint: "set `page:` and `ticket:` on the Team")
            }
        }
        return (page, ticket)
    }

    // MARK: - v1alpha (as Sloth reads it)

    mutating func importV1alpha(_ doc: Node, input: YAMLInput) {
        let spec = input.value(doc, "spec")
        let at = input.location(doc)
        guard let rawName = input.string(input.value(doc, "metadata"), "name"),
            let sloName = NameFitter.name(rawName, what: "SLO", at: at, diagnostics: &diagnostics),
            let serviceText = input.string(spec, "service"),
            let service = NameFitter.name(serviceText, what: "service", at: at, diagnostics: &diagnostics)
        else {
            diagnostics.error("an openslo/v1alpha SLO needs `metadata.name` and `spec.service`", rule: ImportCheck.invalid, at: at)
            return
        }
        _ = catalog.serviceIndex(service)
        var window = ImportedSLO.Window.rolling(.days(30))
        if let w = input.sequence(input.value(spec, "timeWindows")).first {
            let count = Int64(input.string(w, "count") ?? "") ?? 0
            let unit = (input.string(w, "unit") ?? "").lowercased()
            let days: Int64? = ["day": 1, "week": 7][unit].map { $0 * count }
            guard let days, days >= 1 else {
                diagnostics.warning(
                    "SLO `\(sloName)`: time window \(count) \(unit) is not imported (days or weeks only)",
                    rule: ImportCheck.rejected, at: input.location(w))
                return
            }
            if input.bool(w, "isRolling") == false {
                diagnostics.warning(
                    "SLO `\(sloName)`: a v1alpha calendar window is imported as rolling \(days)d",
                    rule: ImportCheck.approximated, at: input.location(w))
            }
            window = .rolling(.days(days))
        }
        for (n, objective) in input.sequence(input.value(spec, "objectives")).enumerated() {
            let name = n == 0 ? sloName : (NameFitter.fit("\(sloName)-\(n + 1)") ?? sloName)
            guard let target = target(objective, input: input, slo: name) else { continue }
            guard let ratio = input.value(objective, "ratioMetrics") else {
                diagnostics.warning(
                    "SLO `\(name)`: only `ratioMetrics` objectives are imported", rule: ImportCheck.rejected,
                    at: input.location(objective))
                continue
            }
            let counting: EventsSLI.Counting = input.value(ratio, "bad") != nil ? .bad : .good
            guard let counted = input.string(input.value(ratio, counting.rawValue), "query"),
                let total = input.string(input.value(ratio, "total"), "query")
            else {
                diagnostics.error(
                    "SLO `\(name)`: `ratioMetrics` needs \(counting.rawValue) and total queries", rule: ImportCheck.invalid,
                    at: input.location(ratio))
                continue
            }
            let counter: SLIMapping.Counter = input.bool(ratio, "counter") == true ? .rawCounters : .rates
            let mapping = SLIMapping(slo: name, location: input.location(input.value(ratio, counting.rawValue)))
            guard
                let sli = mapping.events(
                    counting: counting, counted: counted, total: total, counter: counter,
                    diagnostics: &diagnostics)
            else { continue }
            let slo = ImportedSLO(
                name: name, description: input.string(spec, "description"), objective: target,
                window: window, sli: sli)
            catalog.add(slo, to: service, at: at, diagnostics: &diagnostics)
        }
    }
}
