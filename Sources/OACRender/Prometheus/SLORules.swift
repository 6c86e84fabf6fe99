import Foundation
import OACModel
import OACPromQL
import OACSupport

/// Translates a service's SLOs into rule groups:
/// - the SLI group (runs where the raw series live): 5-minute rates of bad and total events;
/// - the fast SLO group: SLO-level 5-minute rates, error ratios and burn rates up to 1h, page alerts, the
///   no-data alert;
/// - the slow SLO group (every 2m): 1-hour rates, windows longer than 1h, the SLO-window budget, metadata,
///   tickets.
/// Every window is built from the 5-minute (or 1-hour) records, so budgets are Σbad/Σtotal and raw series
/// are read once.
public struct SLORules {
    public let model: Model
    public let service: Service
    /// The service dashboard's address (every alert links it), once per service.
    let dashboardURL: String?

    public init(model: Model, service: Service) {
        self.model = model
        self.service = service
        dashboardURL = Conventions.serviceDashboardURL(grafana: model.platform.grafana.url, service: service.name)
    }

    var team: String { service.owner }

    // MARK: - Groups

    public func sliGroup() -> RuleGroup {
        var rules: [Rule] = []
        rules.reserveCapacity(2 * service.slos.count)
        for slo in service.slos {
            for r in sliRecords(slo) { rules.append(.record(r)) }
        }
        return RuleGroup(name: Conventions.sliGroup(service.name), rules: rules)
    }

    /// The text every rule of one SLO repeats (its selector, the series it reads, its windows, its budget),
    /// computed once per SLO instead of once per rule.
    struct SLOText {
        let slo: SLO
        /// `{service="…",slo="…"}`.
        let sel: String
        let labels: [(String, String)]
        let budget: ExactDecimal
        let budgetText: String
        /// `oac_slo:bad_events:rate5m{…}` and the other SLO-level rates with the selector.
        let bad5m, total5m, bad1h, total1h: String
        /// The windows of the burn-rate rows, sorted, and those plus the rolling SLO window.
        let alertWindows: [PromDuration]
        let ratioWindows: [PromDuration]
        /// `oac_slo:error_ratio:rate<w>` of every ratio window, in the same order.
        let ratioNames: [String]

        init(_ rules: SLORules, _ slo: SLO) {
            self.slo = slo
            sel = rules.sloSelector(slo)
            labels = rules.sloLabels(slo)
            budget = slo.errorBudget
            budgetText = budget.description
            bad5m = Conventions.sloBadRate5m + sel
            total5m = Conventions.sloTotalRate5m + sel
            bad1h = Conventions.sloBadRate1h + sel
            total1h = Conventions.sloTotalRate1h + sel
            alertWindows = rules.alertWindows(slo)
            ratioWindows = SLORules.ratioWindows(slo, alertWindows: alertWindows)
            ratioNames = ratioWindows.map(Conventions.errorRatio)
        }

        func errorRatio(_ window: PromDuration) -> String {
            if let i = ratioWindows.firstIndex(of: window) { return ratioNames[i] }
            return Conventions.errorRatio(window)
        }
    }

    public func sloGroups() -> [RuleGroup] {
        var fast: [Rule] = []
        var slow: [Rule] = []
        fast.reserveCapacity(12 * service.slos.count)
        slow.reserveCapacity(16 * service.slos.count)
        for slo in service.slos {
            let t = SLOText(self, slo)
            let labels = t.labels
            for r in globalSLIRecords(slo) { fast.append(.record(r)) }
            // SLO-level 5m rates: the SLI level summed over shards and regions.
            fast.append(
                .record(
                    RecordingRule(
                        record: Conventions.sloBadRate5m,
                        expr: concat("sum(", Conventions.sliBadRate5m, t.sel, ")"), labels: labels)))
            fast.append(
                .record(
                    RecordingRule(
                        record: Conventions.sloTotalRate5m,
                        expr: concat("sum(", Conventions.sliTotalRate5m, t.sel, ")"), labels: labels)))
            // 1h averages of the 5m rates, the base of every long window.
            slow.append(
                .record(
                    RecordingRule(
                        record: Conventions.sloBadRate1h,
                        expr: concat("avg_over_time(", t.bad5m, "[1h])"), labels: labels)))
            slow.append(
                .record(
                    RecordingRule(
                        record: Conventions.sloTotalRate1h,
                        expr: concat("avg_over_time(", t.total5m, "[1h])"), labels: labels)))
            for window in t.ratioWindows {
                let rule = RecordingRule(record: t.errorRatio(window), expr: errorRatioExpr(t, window), labels: labels)
                if window <= Conventions.fastGroupLongestWindow { fast.append(.record(rule)) } else { slow.append(.record(rule)) }
            }
            for window in t.alertWindows {
                let rule = RecordingRule(
                    record: Conventions.burnRate(window),
                    expr: concat(t.errorRatio(window), t.sel, " / ", t.budgetText),
                    labels: labels)
                if window <= Conventions.fastGroupLongestWindow { fast.append(.record(rule)) } else { slow.append(.record(rule)) }
            }
            for rule in metadata(t) { slow.append(.record(rule)) }
            for rule in policyRecords(t) { slow.append(.record(rule)) }
            for alert in burnRateAlerts(slo) {
                if alert.severity == .page { fast.append(.alert(alertRule(t, alert))) } else { slow.append(.alert(alertRule(t, alert))) }
            }
            fast.append(.alert(noDataAlert(t)))
        }
        if !service.slos.isEmpty {
            slow.append(.record(servicePolicyRecord()))
            slow.append(.alert(freezeAlert()))
        }
        return [
            RuleGroup(name: Conventions.sloFastGroup(service.name), rules: fast),
            RuleGroup(name: Conventions.sloSlowGroup(service.name), interval: Conventions.slowGroupInterval, rules: slow)
        ]
    }

    // MARK: - SLI level

    /// The raw-series rules: bad and total events per second over 5 minutes; on shards, a threshold SLI's
    /// mergeable parts instead (the global server merges and compares them, `globalSLIRecords`).
    public func sliRecords(_ slo: SLO) -> [RecordingRule] {
        let labels = sloLabels(slo)
        if let plan = shardPlan(slo) {
            return plan.parts.enumerated().map { n, part in
                RecordingRule(
                    record: Conventions.sliThresholdPart, expr: part.description,
                    labels: labels + [(Conventions.thresholdPartLabel, String(n))])
            }
        }
        let (bad, total) = sliExpressions(slo)
        return [
            RecordingRule(record: Conventions.sliBadRate5m, expr: bad, labels: labels),
            RecordingRule(record: Conventions.sliTotalRate5m, expr: total, labels: labels)
        ]
    }

    /// Whether SLI groups run on shards, each seeing only its share of the targets.
    var sharded: Bool { !Topology.isSingle(model.platform) }

    /// A threshold SLI's split into parts when the SLI group runs on shards (nil otherwise).
    func shardPlan(_ slo: SLO) -> ThresholdShardPlan? {
        guard sharded, case .threshold(let t) = slo.sli, let query = try? PromQL.parse(t.query) else { return nil }
        return try? t.shardPlan(query, service: service.name, slo: slo.name)
    }

    /// The SLI level of a threshold SLI on shards, recorded on the global server from the merged parts: one
    /// time slice per evaluation, good when the merged query meets the threshold.
    func globalSLIRecords(_ slo: SLO) -> [RecordingRule] {
        guard let plan = shardPlan(slo) else { return [] }
        let labels = sloLabels(slo)
        let good = plan.good.description
        return [
            RecordingRule(record: Conventions.sliBadRate5m, expr: "1 - \(good)", labels: labels),
            RecordingRule(record: Conventions.sliTotalRate5m, expr: "\(good) * 0 + 1", labels: labels)
        ]
    }

    func sliExpressions(_ slo: SLO) -> (bad: String, total: String) {
        switch slo.sli {
        case .events(let e):
            let total = "sum(rate(\(e.total)[5m]))"
            let counted = "sum(rate(\(e.selector)[5m]))"
            switch e.counting {
            case .bad:
                // No bad series at all (no error was ever counted) is zero errors, not missing data.
                return ("\(counted) or (\(total) * 0)", total)
            case .good:
                return ("\(total) - (\(counted) or (\(total) * 0))", total)
            }
        case .eventQueries(let q):
            let w = Conventions.sliQueryWindow
            let total = "sum(\(EventQueriesSLI.expand(q.total, window: w)))"
            let counted = "sum(\(EventQueriesSLI.expand(q.query, window: w)))"
            switch q.counting {
            case .bad: return ("\(counted) or (\(total) * 0)", total)
            case .good: return ("\(total) - (\(counted) or (\(total) * 0))", total)
            }
        case .latency(let l):
            let count = "sum(rate(\(l.histogram.with(metric: l.histogram.metric + "_count"))[5m]))"
            let fast = l.histogram.with(
                metric: l.histogram.metric + "_bucket",
                adding: [.init("le", .regexMatch, Self.leRegex(l.threshold))])
            return ("\(count) - sum(rate(\(fast)[5m]))", count)
        case .threshold(let t):
            // Each evaluation is one slice: good when every series of the query meets the threshold.
            let good = "min((\(t.query)) \(t.op.rawValue) bool \(t.value))"
            return ("1 - \(good)", "\(good) * 0 + 1")
        }
    }

    /// `le` as the histogram exposes it: every text a client writes for the threshold (`0.5`, `0.50`, `5e-01`,
    /// `5.0E-1`; `1`, `1.0`, `1e+00`), which Prometheus 2 stores as written.
    static func leRegex(_ threshold: ExactDecimal) -> String {
        FloatSpellings.regex(threshold)
    }

    // MARK: - SLO level

    func sloSelector(_ slo: SLO) -> String {
        "{\(Conventions.serviceLabel)=\(PromQL.quote(service.name)),\(Conventions.sloLabel)=\(PromQL.quote(slo.name))}"
    }

    func sloLabels(_ slo: SLO) -> [(String, String)] {
        [(Conventions.serviceLabel, service.name), (Conventions.sloLabel, slo.name)]
    }

    /// Every window an alert or the budget needs, sorted; 5m is the base record itself. A calendar SLO's
    /// budget comes from its own record, not from a rolling window.
    func ratioWindows(_ slo: SLO) -> [PromDuration] {
        Self.ratioWindows(slo, alertWindows: alertWindows(slo))
    }

    static func ratioWindows(_ slo: SLO, alertWindows: [PromDuration]) -> [PromDuration] {
        slo.calendar == nil && !alertWindows.contains(slo.window) ? (alertWindows + [slo.window]).sorted() : alertWindows
    }

    /// The error ratio the budget is counted on: the rolling window, or the calendar period so far.
    func budgetRatio(_ t: SLOText) -> String {
        (t.slo.calendar == nil ? t.errorRatio(t.slo.window) : Conventions.errorRatioCalendarPeriod) + t.sel
    }

    // MARK: - Calendar periods

    /// Prometheus ranges are fixed lengths, never "since the first of the month". A calendar SLO records the
    /// index of the period of the last 5-minute block that ended, then sums the hours (one step per hour,
    /// through a subquery of the period's longest length) that fall in that same period. Each hour is the sum
    /// of the 5-minute rates read at its twelve 5-minute boundaries (an inner `[55m:5m]` subquery; `[1h:5m]`
    /// on Prometheus 3, whose ranges are left-open): their windows tile the hour, so no event before the
    /// period's start leaks in, and the last block of a period counts in it. `@ end()` pins the index to the
    /// evaluation time inside the subquery. The hour in progress is not counted yet.
    func calendarRecords(_ t: SLOText, _ period: CalendarPeriod) -> [RecordingRule] {
        let sel = t.sel
        let labels = t.labels
        let step = Conventions.calendarStep
        let inPeriod =
            "\(Self.periodIndex(period, of: "vector(time() - \(step.milliseconds / 1000))"))"
            + " == on() \(Conventions.calendarPeriodIndex)\(sel) @ end()"
        // Summed to one label-free series so the zero of an empty period (the first hour) matches the other side.
        let block = Conventions.calendarBlock
        let leftOpen = model.platform.prometheus.version >= PrometheusVersion(major: 3, minor: 0)
        let hour = leftOpen ? step : PromDuration(milliseconds: step.milliseconds - block.milliseconds)
        func sum(_ series: String) -> String {
            "(sum(sum_over_time((sum_over_time(\(series)[\(hour):\(block)]) and on() (\(inPeriod)))[\(period.longest):\(step)])) or vector(0))"
        }
        return [
            RecordingRule(
                record: Conventions.calendarPeriodIndex,
                expr: Self.periodIndex(period, of: "vector(time() - \(block.milliseconds / 1000))"), labels: labels),
            RecordingRule(
                record: Conventions.errorRatioCalendarPeriod,
                expr: "\(sum(t.bad5m)) / clamp_min(\(sum(t.total5m)), \(Conventions.zeroTrafficClamp))",
                labels: labels)
        ]
    }

    /// The period a timestamp (an instant vector of Unix seconds) falls in, as one increasing number.
    static func periodIndex(_ period: CalendarPeriod, of v: String) -> String {
        switch period {
        case .week: "floor((\(v) - \(Conventions.firstMonday)) / \(PromDuration.days(7).milliseconds / 1000))"
        case .month: "year(\(v)) * 12 + month(\(v))"
        case .quarter: "year(\(v)) * 4 + floor((month(\(v)) - 1) / 3)"
        }
    }

    func alertWindows(_ slo: SLO) -> [PromDuration] {
        var windows: [PromDuration] = []
        windows.reserveCapacity(2 * slo.burnRates.count)
        for alert in burnRateAlerts(slo) {
            if !windows.contains(alert.short) { windows.append(alert.short) }
            if !windows.contains(alert.long) { windows.append(alert.long) }
        }
        return windows.sorted()
    }

    func burnRateAlerts(_ slo: SLO) -> [BurnRateAlert] { slo.burnRates }

    /// Σbad/Σtotal over a window, built from the 5m records (≤ 6h) or the 1h records (longer).
    func errorRatioExpr(_ slo: SLO, _ window: PromDuration) -> String {
        errorRatioExpr(SLOText(self, slo), window)
    }

    func errorRatioExpr(_ t: SLOText, _ window: PromDuration) -> String {
        let clamp = Self.clampText
        if window == .minutes(5) {
            return concat(t.bad5m, " / clamp_min(", t.total5m, ", ", clamp, ")")
        }
        let (bad, total) = window <= Conventions.fastWindowLimit ? (t.bad5m, t.total5m) : (t.bad1h, t.total1h)
        let w = window.description
        return concat("sum_over_time(", bad, "[", w, "]) / clamp_min(sum_over_time(", total, "[", w, "]), ", clamp, ")")
    }

    static let clampText = "\(Conventions.zeroTrafficClamp)"

    func metadata(_ t: SLOText) -> [RecordingRule] {
        let slo = t.slo
        let labels = t.labels
        var info = labels
        info.append((Conventions.teamLabel, team))
        info.append((Conventions.tierLabel, service.tier))
        info.append((Conventions.sliKindLabel, slo.sli.kind))
        let budget = budgetRatio(t)
        return (slo.calendar.map { calendarRecords(t, $0) } ?? []) + [
            RecordingRule(record: Conventions.errorRatioSLOWindow, expr: budget, labels: labels),
            RecordingRule(record: Conventions.attainmentSLOWindow, expr: concat("1 - ", budget), labels: labels),
            RecordingRule(
                record: Conventions.errorBudgetRemaining, expr: concat("1 - ", budget, " / ", t.budgetText),
                labels: labels),
            RecordingRule(record: Conventions.objectiveRatio, expr: "vector(\(slo.objectiveRatio))", labels: labels),
            RecordingRule(record: Conventions.errorBudgetRatio, expr: concat("vector(", t.budgetText, ")"), labels: labels),
            RecordingRule(
                record: Conventions.windowSeconds, expr: "vector(\(slo.window.milliseconds / 1000))",
                labels: labels),
            RecordingRule(record: Conventions.sloInfo, expr: "vector(1)", labels: info)
        ]
    }
}

/// The parts joined into one string, allocated once (interpolation and `+` chains grow it step by step).
func concat(_ parts: String...) -> String {
    var count = 0
    for p in parts { count += p.utf8.count }
    var out = ""
    out.reserveCapacity(count)
    for p in parts { out += p }
    return out
}

/// Prometheus expands Go templates in annotations; catalog text must reach the alert as written.
public enum PromTemplate {
    /// Text with every `{{` and `}}` turned into template expressions that print them literally.
    public static func literal(_ s: String) -> String {
        guard hasBraces(s), s.contains("{{") || s.contains("}}") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let rest = s[i...]
            if rest.hasPrefix("{{") {
                out += "{{ \"{{\" }}"
                i = s.index(i, offsetBy: 2)
            } else if rest.hasPrefix("}}") {
                out += "{{ \"}}\" }}"
                i = s.index(i, offsetBy: 2)
            } else {
                out.append(s[i])
                i = s.index(after: i)
            }
        }
        return out
    }

    /// Whether `{{` or `}}` occurs in the UTF-8 bytes: without them the text holds neither (a byte scan, where
    /// Foundation's `contains` searches through NSString on every annotation of every alert).
    static func hasBraces(_ s: String) -> Bool {
        func doubled(_ bytes: UnsafeBufferPointer<UInt8>, _ c: UInt8) -> Bool {
            guard var p = bytes.baseAddress else { return false }
            let end = p + bytes.count
            while p < end, let hit = memchr(p, Int32(c), end - p) {
                let q = hit.assumingMemoryBound(to: UInt8.self)
                if q + 1 < end, q[1] == c { return true }
                p = UnsafePointer(q) + 1
            }
            return false
        }
        let search = { (bytes: UnsafeBufferPointer<UInt8>) in
            doubled(bytes, UInt8(ascii: "{")) || doubled(bytes, UInt8(ascii: "}"))
        }
        var text = s
        return text.withUTF8(search)
    }
}
