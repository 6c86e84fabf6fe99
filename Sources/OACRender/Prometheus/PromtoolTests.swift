import Foundation
import OACModel

/// Generates a promtool unit-test file per service that proves, on synthetic series, what the SLO rules
/// promise: a total outage pages within the fast window; a burn at ~6x pages through the slow page pair; a
/// slow burn raises a ticket and no page; healthy traffic raises nothing; traffic under the low-traffic
/// guard raises nothing; absent series raise the no-data alert.
///
/// Expected alerts are not copied from the rules: they are derived from the model (factors, budget, guard,
/// `for:`) and the synthetic traffic, so a wrong factor or window in the rules makes a test fail.
public struct PromtoolTests {
    public let model: Model
    public let service: Service
    let rules: SLORules

    /// Requests per minute of synthetic traffic: far above any low-traffic guard a catalog sets.
    static let trafficPerMinute: Decimal = 1200
    /// The lag between traffic starting and a condition being true (rate needs two samples; groups evaluate
    /// in turn): a fired alert is expected only when `for` + this fits before the evaluation time.
    static let conditionLag = PromDuration.minutes(3)
    /// Scenario error ratios relative to a threshold (decimal arithmetic goes through `DecimalMemo`).
    static let aboveThreshold = Decimal(string: "1.25")!
    static let belowThreshold = Decimal(string: "0.8")!
    static let slowBurn = Decimal(string: "1.5")!

    public init(model: Model, service: Service) {
        self.model = model
        self.service = service
        self.rules = SLORules(model: model, service: service)
    }

    // MARK: - Scenarios

    /// One synthetic input series: a counter increasing by `perMinute`, or a gauge holding `gauge`.
    struct Input: Hashable {
        var metric: String
        var labels: SyntheticSeries.Labels
        var perMinute: Decimal?
        var gauge: Decimal?
    }

    struct Scenario {
        var name: String
        var inputs: [Input]
        var evalTime: PromDuration
        var alertname: String
        var expected: [(labels: [(String, String)], annotations: [(String, String)])]
    }

    /// Synthetic inputs producing error ratio `r` at `perMinute` events for one SLO; nil when the selectors
    /// cannot be satisfied by generated labels (the file then says so in a comment).
    func inputs(_ slo: SLO, errorRatio r: Decimal, perMinute: Decimal = PromtoolTests.trafficPerMinute) -> [Input]? {
        let bad = perMinute.times(r), good = perMinute.minus(perMinute.times(r))
        switch slo.sli {
        case .events(let e):
            let counted = e.counting == .bad ? bad : good
            let other = e.counting == .bad ? good : bad
            if e.selector.metric != e.total.metric {
                guard let totalLabels = SyntheticSeries.labels(satisfying: e.total.matchers),
                      let countedLabels = SyntheticSeries.labels(satisfying: e.selector.matchers) else { return nil }
                return [Input(metric: e.total.metric, labels: totalLabels, perMinute: perMinute),
                        Input(metric: e.selector.metric, labels: countedLabels, perMinute: counted)]
            }
            guard let both = SyntheticSeries.labels(satisfying: e.total.matchers + e.selector.matchers),
                  let onlyTotal = SyntheticSeries.labels(matching: e.total.matchers, notMatching: e.selector.matchers),
                  both != onlyTotal else { return nil }
            return [Input(metric: e.total.metric, labels: both, perMinute: counted),
                    Input(metric: e.total.metric, labels: onlyTotal, perMinute: other)]
        case .latency(let l):
            guard let labels = SyntheticSeries.labels(satisfying: l.histogram.matchers) else { return nil }
            var bucket = labels
            bucket["le"] = l.threshold.description
            return [Input(metric: l.histogram.metric + "_count", labels: labels, perMinute: perMinute),
                    Input(metric: l.histogram.metric + "_bucket", labels: bucket, perMinute: good)]
        case .threshold:
            // Threshold SLIs are arbitrary PromQL: feed the SLI level (fraction of bad slices) directly.
            let labels = [Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name]
            return [Input(metric: Conventions.sliBadRate5m, labels: labels, perMinute: nil, gauge: r),
                    Input(metric: Conventions.sliTotalRate5m, labels: labels, perMinute: nil, gauge: 1)]
        case .eventQueries:
            // Free queries cannot be satisfied by generated raw series: feed the SLI level (events per second),
            // under an extra label so a query that yields a series without raw data cannot collide with it.
            let labels = [Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name,
                          Conventions.syntheticInputLabel: "synthetic"]
            return [Input(metric: Conventions.sliBadRate5m, labels: labels, perMinute: nil, gauge: perMinute * r / 60),
                    Input(metric: Conventions.sliTotalRate5m, labels: labels, perMinute: nil, gauge: perMinute / 60)]
        }
    }

    /// Error ratio and events per minute each SLO of the service sees from the inputs (nil: no traffic).
    func observed(_ slo: SLO, _ inputs: [Input]) -> (ratio: Decimal, perMinute: Decimal)? {
        func sum(_ sel: LabelSelector, metric: String? = nil, extra: [LabelSelector.Matcher] = []) -> Decimal {
            let s = LabelSelector(metric: metric ?? sel.metric, matchers: sel.matchers + extra)
            return inputs.filter { $0.perMinute != nil && SyntheticSeries.matches(s, metric: $0.metric, $0.labels) }
                .reduce(0) { $0.plus($1.perMinute ?? 0) }
        }
        var bad: Decimal, total: Decimal
        switch slo.sli {
        case .events(let e):
            total = sum(e.total)
            let counted = sum(e.selector)
            bad = e.counting == .bad ? counted : total.minus(counted)
        case .latency(let l):
            total = sum(l.histogram, metric: l.histogram.metric + "_count")
            bad = total.minus(sum(l.histogram, metric: l.histogram.metric + "_bucket",
                              extra: [.init("le", .regexMatch, SLORules.leRegex(l.threshold))]))
        case .eventQueries:
            let mine = inputs.filter { $0.labels[Conventions.serviceLabel] == service.name
                && $0.labels[Conventions.sloLabel] == slo.name }
            guard let b = mine.first(where: { $0.metric == Conventions.sliBadRate5m })?.gauge,
                  let t = mine.first(where: { $0.metric == Conventions.sliTotalRate5m })?.gauge, t > 0 else { return nil }
            return (b / t, t * 60)
        case .threshold:
            let mine = inputs.filter { $0.labels[Conventions.serviceLabel] == service.name
                && $0.labels[Conventions.sloLabel] == slo.name }
            guard let b = mine.first(where: { $0.metric == Conventions.sliBadRate5m })?.gauge,
                  let t = mine.first(where: { $0.metric == Conventions.sliTotalRate5m })?.gauge, t > 0 else { return nil }
            return (b.over(t), Self.trafficPerMinute)
        }
        guard total > 0 else { return nil }
        return (bad.over(total), total)
    }

    /// A burn-rate row whose condition the inputs make true, and the `for:` after which it fires.
    struct Candidate {
        var slo: SLO
        var row: BurnRateAlert
        var forMilliseconds: Int64
    }

    /// The rows whose condition holds for the inputs, over every SLO of the service. Independent of the
    /// evaluation time, so it is computed once per scenario (the exact decimal maths is the costly part).
    func candidates(_ inputs: [Input]) -> [Candidate] {
        var out: [Candidate] = []
        for slo in service.slos {
            guard let (ratio, perMinute) = observed(slo, inputs) else { continue }
            let guarded = rules.usesTrafficGuard(slo) && perMinute.times(60) < slo.alerting.minEventsPerHour.value
            let budget = slo.errorBudget.value
            for row in slo.burnRates {
                guard ratio > row.factor.value.times(budget), !guarded else { continue }
                out.append(Candidate(slo: slo, row: row, forMilliseconds: Conventions.alertFor(short: row.short).milliseconds))
            }
        }
        return out
    }

    /// Whether an alert is about to fire at `eval` (its `for:` has passed but the condition lag has not).
    func ambiguous(_ candidates: [Candidate], at eval: PromDuration) -> Bool {
        candidates.contains { $0.forMilliseconds <= eval.milliseconds
            && $0.forMilliseconds + Self.conditionLag.milliseconds > eval.milliseconds }
    }

    /// The burn-rate alerts firing at `eval`.
    func alerts(_ candidates: [Candidate], at eval: PromDuration) -> [(labels: [(String, String)], annotations: [(String, String)])] {
        candidates.filter { $0.forMilliseconds + Self.conditionLag.milliseconds <= eval.milliseconds }.map {
            (rules.alertLabels($0.slo, severity: $0.row.severity, alert: $0.row), rules.burnAnnotations($0.slo, $0.row))
        }
    }

    /// The first evaluation time from `start` at which no alert is about to fire (so the test is not racy).
    func settledEvalTime(_ candidates: [Candidate], from start: PromDuration) -> PromDuration {
        var t = start
        for _ in 0..<240 {
            if !ambiguous(candidates, at: t) { return t }
            t = PromDuration(milliseconds: t.milliseconds + 60_000)
        }
        return t
    }

    func scenario(_ name: String, _ inputs: [Input], from start: PromDuration) -> Scenario {
        let found = candidates(inputs)
        let eval = settledEvalTime(found, from: start)
        return Scenario(name: name, inputs: inputs, evalTime: eval, alertname: Conventions.burnRateAlert,
                        expected: alerts(found, at: eval))
    }

    func plus(_ d: PromDuration, minutes: Int64) -> PromDuration { PromDuration(milliseconds: d.milliseconds + minutes * 60_000) }

    /// Whether an events-query SLO of the service may read these raw inputs: its PromQL cannot be evaluated
    /// here, so what it would alert on is unknown and the scenario is left out.
    func readByFreeQuery(_ inputs: [Input]) -> Bool {
        let raw = Set(inputs.map(\.metric).filter { !$0.hasPrefix("oac_sli:") })
        return service.slos.contains { slo in
            guard case .eventQueries(let q) = slo.sli else { return false }
            return raw.contains { q.query.contains($0) || q.total.contains($0) }
        }
    }

    /// The scenarios of one SLO, chosen from its own burn-rate rows.
    func scenarios(_ slo: SLO) -> (scenarios: [Scenario], skipped: String?) {
        let budget = slo.errorBudget.value
        let pages = slo.burnRates.filter { $0.severity == .page }.sorted { $0.factor > $1.factor }
        let tickets = slo.burnRates.filter { $0.severity == .ticket }.sorted { $0.factor > $1.factor }
        let minFactor = slo.burnRates.map(\.factor.value).min() ?? 1
        var out: [Scenario] = []
        func make(_ name: String, ratio: Decimal, perMinute: Decimal = Self.trafficPerMinute, from: PromDuration) -> Bool {
            guard let ins = inputs(slo, errorRatio: ratio, perMinute: perMinute) else { return false }
            if readByFreeQuery(ins) { return true }
            out.append(scenario("\(slo.name): \(name)", ins, from: from))
            return true
        }
        let longestFor = slo.burnRates.map { Conventions.alertFor(short: $0.short) }.max() ?? .minutes(1)
        if let fast = pages.first {
            guard make("a total outage pages within the fast window (\(fast.short)/\(fast.long))", ratio: 1,
                       from: plus(Conventions.alertFor(short: fast.short), minutes: 4)) else {
                return ([], "no synthetic labels satisfy the SLI selectors")
            }
        } else if let t = tickets.first {
            guard make("a total outage raises a ticket (\(t.short)/\(t.long))", ratio: 1,
                       from: plus(Conventions.alertFor(short: t.short), minutes: 4)) else {
                return ([], "no synthetic labels satisfy the SLI selectors")
            }
        }
        if pages.count >= 2 {
            let slow = pages[1], fast = pages[0]
            let ratio = min(slow.factor.value.times(Self.aboveThreshold), slow.factor.value.plus(fast.factor.value).over(2)).times(budget)
            if ratio < 1 {
                _ = make("a burn at \(ExactDecimal(ratio.over(budget)))x pages through the slow pair (\(slow.short)/\(slow.long)) only",
                         ratio: ratio, from: plus(Conventions.alertFor(short: slow.short), minutes: 4))
            }
        }
        if let topTicket = tickets.first {
            let ceiling = pages.last.map(\.factor.value)
            let factor = ceiling.map { $0.plus(topTicket.factor.value).over(2) } ?? topTicket.factor.value.times(Self.slowBurn)
            if ceiling.map({ $0 > topTicket.factor.value }) ?? true, factor.times(budget) < 1 {
                _ = make("a slow burn at \(ExactDecimal(factor))x raises tickets and no page", ratio: factor.times(budget),
                         from: plus(longestFor, minutes: 4))
            }
        }
        _ = make("healthy traffic raises nothing", ratio: minFactor.times(budget).over(2), from: plus(longestFor, minutes: 4))
        // Each window pair at its edge: 25% above its threshold it fires, 20% below it stays quiet. A factor
        // off by any real amount in the rules fails one of these.
        for row in slo.burnRates.sorted(by: { ($0.severity, $0.long) < ($1.severity, $1.long) }) {
            let name = "\(row.severity.rawValue) \(row.short)/\(row.long)"
            let above = row.factor.value.times(Self.aboveThreshold).times(budget)
            if above < 1 {
                _ = make("\(name) fires 25% above its \(row.factor)x threshold", ratio: above,
                         from: plus(Conventions.alertFor(short: row.short), minutes: 4))
            }
            _ = make("\(name) stays quiet 20% below its \(row.factor)x threshold",
                     ratio: row.factor.value.times(Self.belowThreshold).times(budget),
                     from: plus(Conventions.alertFor(short: row.short), minutes: 4))
        }
        if rules.usesTrafficGuard(slo), !slo.burnRates.isEmpty {
            // Half the guard's events per hour, all of them errors.
            let perMinute = slo.alerting.minEventsPerHour.value.over(120)
            _ = make("an outage under the low-traffic guard (\(slo.alerting.minEventsPerHour) events/h) raises nothing",
                     ratio: 1, perMinute: perMinute, from: plus(longestFor, minutes: 4))
        }
        return (out, nil)
    }

    // MARK: - File

    /// The test file, with rule files given relative to the test file's folder.
    public func render(ruleFiles: [String]) -> String {
        var y = YAMLBuilder()
        y.line(0, "# Unit tests for the SLO rules of \(oneLine(service.name)); run: promtool test rules <this file>")
        y.line(0, "rule_files:")
        for f in ruleFiles { y.line(2, "- \(YAMLText.string(f))") }
        y.raw(0, "evaluation_interval", model.platform.prometheus.evaluationInterval.description)
        y.line(0, "tests:")
        for slo in service.slos {
            let (list, skipped) = scenarios(slo)
            if let skipped { y.line(2, "# \(oneLine(slo.name)): runtime scenarios skipped: \(skipped)") }
            for s in list { write(&y, s) }
        }
        // Absent series: every SLO of the service raises its no-data alert.
        let eval = PromDuration(milliseconds: Conventions.noDataFor.milliseconds + 3 * 60_000)
        y.line(2, "- name: \(YAMLText.string("absent series raise the no-data alert of every SLO"))")
        y.raw(4, "interval", "1m")
        y.line(4, "input_series:")
        y.line(6, "- series: \(YAMLText.string("oac_test_unrelated_total"))")
        y.line(8, "values: \(YAMLText.string("0+1x\(eval.milliseconds / 60_000 + 2)"))")
        y.line(4, "alert_rule_test:")
        y.line(6, "- eval_time: \(eval)")
        y.field(8, "alertname", Conventions.noDataAlert)
        y.line(8, "exp_alerts:")
        for slo in service.slos {
            expAlert(&y, labels: rules.alertLabels(slo, severity: .ticket, alert: nil), annotations: rules.noDataAnnotations(slo))
        }
        return y.text
    }

    func write(_ y: inout YAMLBuilder, _ s: Scenario) {
        y.line(2, "- name: \(YAMLText.string(s.name))")
        y.raw(4, "interval", "1m")
        y.line(4, "input_series:")
        let samples = s.evalTime.milliseconds / 60_000 + 2
        for input in s.inputs.sorted(by: { SyntheticSeries.text($0.metric, $0.labels) < SyntheticSeries.text($1.metric, $1.labels) }) {
            y.line(6, "- series: \(YAMLText.string(SyntheticSeries.text(input.metric, input.labels)))")
            let values: String
            if let g = input.gauge {
                values = "\(ExactDecimal(g))+0x\(samples)"
            } else {
                values = "0+\(ExactDecimal(input.perMinute ?? 0))x\(samples)"
            }
            y.line(8, "values: \(YAMLText.string(values))")
        }
        y.line(4, "alert_rule_test:")
        y.line(6, "- eval_time: \(s.evalTime)")
        y.field(8, "alertname", s.alertname)
        if s.expected.isEmpty {
            y.line(8, "exp_alerts: []")
            return
        }
        y.line(8, "exp_alerts:")
        for e in s.expected { expAlert(&y, labels: e.labels, annotations: e.annotations) }
    }

    func expAlert(_ y: inout YAMLBuilder, labels: [(String, String)], annotations: [(String, String)]) {
        y.line(10, "- exp_labels:")
        for (k, v) in labels.sorted(by: { $0.0 < $1.0 }) { y.line(14, "\(YAMLText.string(k)): \(YAMLText.string(v))") }
        y.line(12, "exp_annotations:")
        for (k, v) in annotations.sorted(by: { $0.0 < $1.0 }) { y.line(14, "\(YAMLText.string(k)): \(YAMLText.string(v))") }
    }

    func oneLine(_ s: String) -> String { s.replacing(["\n": " "]) }
}
