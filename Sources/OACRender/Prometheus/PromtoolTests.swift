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

    // MARK: - Synthetic inputs

    /// How the value of one synthetic input follows from a scenario's error ratio `r` and events per minute `pm`.
    enum Amount: UInt8, Hashable {
        /// Counters: `pm`, `pm × r`, `pm − pm × r`.
        case events, bad, good
        /// Gauges (SLI-level inputs): `r`, `1`, `pm × r / 60`, `pm / 60`.
        case ratio, one, badPerSecond, perSecond

        var isCounter: Bool { self == .events || self == .bad || self == .good }
    }

    /// One synthetic input series: a counter increasing by `perMinute` each minute, or a gauge holding `gauge`.
    struct Input {
        var metric: String
        var labels: SyntheticSeries.Labels
        var amount: Amount
    }

    /// The value of an input in one scenario.
    struct Value {
        var perMinute: Decimal?
        var gauge: Decimal?
    }

    static func value(_ amount: Amount, ratio r: Decimal, perMinute pm: Decimal) -> Value {
        switch amount {
        case .events: Value(perMinute: pm)
        case .bad: Value(perMinute: pm.times(r))
        case .good: Value(perMinute: pm.minus(pm.times(r)))
        case .ratio: Value(gauge: r)
        case .one: Value(gauge: 1)
        case .badPerSecond: Value(gauge: pm * r / 60)
        case .perSecond: Value(gauge: pm / 60)
        }
    }

    /// The synthetic inputs of one SLO: the same series in every scenario, only their values change. Nil when
    /// the selectors cannot be satisfied by generated labels (the file then says so in a comment).
    func inputs(_ slo: SLO) -> [Input]? {
        switch slo.sli {
        case .events(let e):
            let counted: Amount = e.counting == .bad ? .bad : .good
            let other: Amount = e.counting == .bad ? .good : .bad
            if e.selector.metric != e.total.metric {
                guard let totalLabels = SyntheticSeries.labels(satisfying: e.total.matchers),
                      let countedLabels = SyntheticSeries.labels(satisfying: e.selector.matchers) else { return nil }
                return [Input(metric: e.total.metric, labels: totalLabels, amount: .events),
                        Input(metric: e.selector.metric, labels: countedLabels, amount: counted)]
            }
            guard let both = SyntheticSeries.labels(satisfying: e.total.matchers + e.selector.matchers),
                  let onlyTotal = SyntheticSeries.labels(matching: e.total.matchers, notMatching: e.selector.matchers),
                  both != onlyTotal else { return nil }
            return [Input(metric: e.total.metric, labels: both, amount: counted),
                    Input(metric: e.total.metric, labels: onlyTotal, amount: other)]
        case .latency(let l):
            guard let labels = SyntheticSeries.labels(satisfying: l.histogram.matchers) else { return nil }
            var out = [Input(metric: l.histogram.metric + "_count", labels: labels, amount: .events)]
            for threshold in bucketThresholds(l, labels) {
                var bucket = labels
                bucket["le"] = threshold.description
                // Cumulative buckets: requests fast under this SLO's threshold are fast under every smaller one
                // too, and its slow requests all fall under the next larger one (le ≤ larger le ≤ _count).
                out.append(Input(metric: l.histogram.metric + "_bucket", labels: bucket,
                                 amount: threshold <= l.threshold ? .good : .events))
            }
            return out
        case .threshold:
            // Threshold SLIs are arbitrary PromQL: feed the SLI level (fraction of bad slices) directly.
            let labels = [Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name]
            return [Input(metric: Conventions.sliBadRate5m, labels: labels, amount: .ratio),
                    Input(metric: Conventions.sliTotalRate5m, labels: labels, amount: .one)]
        case .eventQueries:
            // Free queries cannot be satisfied by generated raw series: feed the SLI level (events per second),
            // under an extra label so a query that yields a series without raw data cannot collide with it.
            let labels = [Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name,
                          Conventions.syntheticInputLabel: "synthetic"]
            return [Input(metric: Conventions.sliBadRate5m, labels: labels, amount: .badPerSecond),
                    Input(metric: Conventions.sliTotalRate5m, labels: labels, amount: .perSecond)]
        }
    }

    /// The `le` of every bucket series a latency SLO's synthetic histogram must have, ascending: its own
    /// threshold and that of every latency SLO of the service reading the same histogram series. Without its
    /// bucket, such an SLO's SLI would have no data in Prometheus while its `_count` has traffic.
    func bucketThresholds(_ l: LatencySLI, _ labels: SyntheticSeries.Labels) -> [ExactDecimal] {
        var out = [l.threshold]
        for other in service.slos {
            guard case .latency(let o) = other.sli, o.histogram.metric == l.histogram.metric,
                  SyntheticSeries.matches(o.histogram, metric: o.histogram.metric, labels),
                  !out.contains(where: { $0.value == o.threshold.value }) else { continue }
            out.append(o.threshold)
        }
        return out.sorted()
    }

    /// Which inputs an SLO of the service reads, by index: its error ratio in a scenario follows from them.
    enum Reading: Hashable {
        /// Events and latency SLIs: the counters the total selector and the counted (bad, good or fast-bucket)
        /// selector match.
        case counters(total: [Int], counted: [Int])
        /// Threshold and events-query SLIs: the first SLI-level input of the SLO's own bad and total series.
        case levels(bad: Int?, total: Int?)

        /// Whether the SLO can see traffic in these inputs at all.
        var reads: Bool {
            switch self {
            case .counters(let total, _): !total.isEmpty
            case .levels(let bad, let total): bad != nil && total != nil
            }
        }
    }

    func reading(_ slo: SLO, _ inputs: [Input]) -> Reading {
        func matching(_ sel: LabelSelector, metric: String? = nil, extra: [LabelSelector.Matcher] = []) -> [Int] {
            let s = LabelSelector(metric: metric ?? sel.metric, matchers: sel.matchers + extra)
            return inputs.indices.filter {
                inputs[$0].amount.isCounter && SyntheticSeries.matches(s, metric: inputs[$0].metric, inputs[$0].labels)
            }
        }
        switch slo.sli {
        case .events(let e):
            return .counters(total: matching(e.total), counted: matching(e.selector))
        case .latency(let l):
            let fast = matching(l.histogram, metric: l.histogram.metric + "_bucket",
                                extra: [.init("le", .regexMatch, SLORules.leRegex(l.threshold))])
            // `_count − sum(bucket)` with no bucket series is no data in Prometheus, not a total outage.
            guard !fast.isEmpty else { return .counters(total: [], counted: []) }
            return .counters(total: matching(l.histogram, metric: l.histogram.metric + "_count"), counted: fast)
        case .eventQueries, .threshold:
            let mine = inputs.indices.filter { inputs[$0].labels[Conventions.serviceLabel] == service.name
                && inputs[$0].labels[Conventions.sloLabel] == slo.name }
            return .levels(bad: mine.first { inputs[$0].metric == Conventions.sliBadRate5m },
                           total: mine.first { inputs[$0].metric == Conventions.sliTotalRate5m })
        }
    }

    /// Whether an events-query SLO of the service may read these raw inputs: its PromQL cannot be evaluated
    /// here, so what it would alert on is unknown and the scenarios are left out.
    func readByFreeQuery(_ inputs: [Input]) -> Bool {
        let raw = Set(inputs.map(\.metric).filter { !$0.hasPrefix("oac_sli:") })
        return service.slos.contains { slo in
            guard case .eventQueries(let q) = slo.sli else { return false }
            return raw.contains { q.query.contains($0) || q.total.contains($0) }
        }
    }

    // MARK: - Scenario shapes

    /// The numbers of an SLO that its scenarios and expected alerts depend on: no names. SLOs with the same
    /// objective, burn-rate table, guard and kind of SLI get the same scenarios, whatever they are called.
    struct Shape: Hashable {
        enum Form: UInt8, Hashable {
            /// bad = counted events; bad = total − counted (good events, or latency's fast bucket); SLI levels.
            case badCounted, goodCounted, queries, threshold
        }

        struct Row: Hashable {
            var severity: AlertSeverity
            var short: Int64
            var long: Int64
            var factor: DecimalMemo.Bits
        }

        var form: Form
        var budget: DecimalMemo.Bits
        var rows: [Row]
        /// The low-traffic guard's events per hour, when the SLO has one.
        var guardEvents: DecimalMemo.Bits?
    }

    func shape(_ slo: SLO) -> Shape {
        let form: Shape.Form
        switch slo.sli {
        case .events(let e): form = e.counting == .bad ? .badCounted : .goodCounted
        case .latency: form = .goodCounted
        case .eventQueries: form = .queries
        case .threshold: form = .threshold
        }
        return Shape(form: form, budget: DecimalMemo.Bits(slo.errorBudget.value),
                     rows: slo.burnRates.map {
                         Shape.Row(severity: $0.severity, short: $0.short.milliseconds, long: $0.long.milliseconds,
                                   factor: DecimalMemo.Bits($0.factor.value))
                     },
                     guardEvents: rules.usesTrafficGuard(slo) ? DecimalMemo.Bits(slo.alerting.minEventsPerHour.value) : nil)
    }

    /// Everything the scenarios of one SLO compute, as numbers: the SLO's shape, its inputs' kinds, and the
    /// shape of every SLO of the service that reads those inputs (with which ones it reads).
    struct ScenarioKey: Hashable {
        struct Reader: Hashable {
            var shape: Shape
            var reading: Reading
        }

        var subject: Shape
        var amounts: [Amount]
        var readers: [Reader]
    }

    /// One scenario without its names: what the test file writes for it.
    struct Plan: Sendable {
        /// The scenario's name after `<slo>: `.
        var name: String
        /// Each input's `values:` scalar, in input order.
        var values: [String]
        var evalTime: String
        /// The burn-rate alerts firing at the evaluation time: a reader (index in the key's readers) and its row.
        var expected: [Alert]

        struct Alert: Sendable {
            var reader: Int
            var row: Int
        }
    }

    /// Scenario plans by shape, shared by every service and render thread.
    static let planCache = Memo<ScenarioKey, [Plan]>()

    // MARK: - Scenarios

    /// An SLO reading the scenario's inputs: the SLO, and which inputs it reads.
    struct Reader {
        var slo: SLO
        var reading: Reading
        var guarded: Bool
    }

    /// Error ratio and events per minute an SLO sees from the inputs (nil: no traffic).
    static func observed(_ form: Shape.Form, _ reading: Reading, _ values: [Value]) -> (ratio: Decimal, perMinute: Decimal)? {
        switch reading {
        case .counters(let totalInputs, let countedInputs):
            let total = totalInputs.reduce(Decimal(0)) { $0.plus(values[$1].perMinute ?? 0) }
            let counted = countedInputs.reduce(Decimal(0)) { $0.plus(values[$1].perMinute ?? 0) }
            let bad = form == .badCounted ? counted : total.minus(counted)
            guard total > 0 else { return nil }
            return (bad.over(total), total)
        case .levels(let badInput, let totalInput):
            guard let badInput, let totalInput, let b = values[badInput].gauge, let t = values[totalInput].gauge,
                  t > 0 else { return nil }
            if form == .queries { return (b / t, t * 60) }
            return (b.over(t), trafficPerMinute)
        }
    }

    /// A burn-rate row whose condition the inputs make true, and the `for:` after which it fires.
    struct Candidate {
        var reader: Int
        var row: Int
        var forMilliseconds: Int64
    }

    /// The rows whose condition holds for the inputs, over every SLO reading them. Independent of the
    /// evaluation time, so it is computed once per scenario.
    static func candidates(_ values: [Value], _ readers: [Reader]) -> [Candidate] {
        var out: [Candidate] = []
        for (index, reader) in readers.enumerated() {
            let slo = reader.slo
            let form = Self.form(slo)
            guard let (ratio, perMinute) = observed(form, reader.reading, values) else { continue }
            let guarded = reader.guarded && perMinute.times(60) < slo.alerting.minEventsPerHour.value
            let budget = slo.errorBudget.value
            for (rowIndex, row) in slo.burnRates.enumerated() {
                guard ratio > row.factor.value.times(budget), !guarded else { continue }
                out.append(Candidate(reader: index, row: rowIndex,
                                     forMilliseconds: Conventions.alertFor(short: row.short).milliseconds))
            }
        }
        return out
    }

    static func form(_ slo: SLO) -> Shape.Form {
        switch slo.sli {
        case .events(let e): e.counting == .bad ? .badCounted : .goodCounted
        case .latency: .goodCounted
        case .eventQueries: .queries
        case .threshold: .threshold
        }
    }

    /// Whether an alert is about to fire at `eval` (its `for:` has passed but the condition lag has not).
    static func ambiguous(_ candidates: [Candidate], at eval: PromDuration) -> Bool {
        candidates.contains { $0.forMilliseconds <= eval.milliseconds
            && $0.forMilliseconds + conditionLag.milliseconds > eval.milliseconds }
    }

    /// The first evaluation time from `start` at which no alert is about to fire (so the test is not racy).
    static func settledEvalTime(_ candidates: [Candidate], from start: PromDuration) -> PromDuration {
        var t = start
        for _ in 0..<240 {
            if !ambiguous(candidates, at: t) { return t }
            t = PromDuration(milliseconds: t.milliseconds + 60_000)
        }
        return t
    }

    static func plus(_ d: PromDuration, minutes: Int64) -> PromDuration {
        PromDuration(milliseconds: d.milliseconds + minutes * 60_000)
    }

    /// The scenarios of one SLO, chosen from its own burn-rate rows: a pure function of the shapes (the key),
    /// so `planCache` keeps it once per shape.
    static func plans(_ slo: SLO, amounts: [Amount], readers: [Reader], guarded: Bool) -> [Plan] {
        let budget = slo.errorBudget.value
        let pages = slo.burnRates.filter { $0.severity == .page }.sorted { $0.factor > $1.factor }
        let tickets = slo.burnRates.filter { $0.severity == .ticket }.sorted { $0.factor > $1.factor }
        let minFactor = slo.burnRates.map(\.factor.value).min() ?? 1
        var out: [Plan] = []
        func make(_ name: String, ratio: Decimal, perMinute: Decimal = trafficPerMinute, from start: PromDuration) {
            let values = amounts.map { value($0, ratio: ratio, perMinute: perMinute) }
            let found = candidates(values, readers)
            let eval = settledEvalTime(found, from: start)
            let samples = eval.milliseconds / 60_000 + 2
            let texts = values.map { v in
                YAMLText.string(v.gauge.map { "\(ExactDecimal($0))+0x\(samples)" }
                    ?? "0+\(ExactDecimal(v.perMinute ?? 0))x\(samples)")
            }
            let expected = found.filter { $0.forMilliseconds + conditionLag.milliseconds <= eval.milliseconds }
                .map { Plan.Alert(reader: $0.reader, row: $0.row) }
            out.append(Plan(name: name, values: texts, evalTime: eval.description, expected: expected))
        }
        let longestFor = slo.burnRates.map { Conventions.alertFor(short: $0.short) }.max() ?? .minutes(1)
        if let fast = pages.first {
            make("a total outage pages within the fast window (\(fast.short)/\(fast.long))", ratio: 1,
                 from: plus(Conventions.alertFor(short: fast.short), minutes: 4))
        } else if let t = tickets.first {
            make("a total outage raises a ticket (\(t.short)/\(t.long))", ratio: 1,
                 from: plus(Conventions.alertFor(short: t.short), minutes: 4))
        }
        if pages.count >= 2 {
            let slow = pages[1], fast = pages[0]
            let ratio = min(slow.factor.value.times(aboveThreshold), slow.factor.value.plus(fast.factor.value).over(2)).times(budget)
            if ratio < 1 {
                make("a burn at \(ExactDecimal(ratio.over(budget)))x pages through the slow pair (\(slow.short)/\(slow.long)) only",
                     ratio: ratio, from: plus(Conventions.alertFor(short: slow.short), minutes: 4))
            }
        }
        if let topTicket = tickets.first {
            let ceiling = pages.last.map(\.factor.value)
            let factor = ceiling.map { $0.plus(topTicket.factor.value).over(2) } ?? topTicket.factor.value.times(slowBurn)
            if ceiling.map({ $0 > topTicket.factor.value }) ?? true, factor.times(budget) < 1 {
                make("a slow burn at \(ExactDecimal(factor))x raises tickets and no page", ratio: factor.times(budget),
                     from: plus(longestFor, minutes: 4))
            }
        }
        make("healthy traffic raises nothing", ratio: minFactor.times(budget).over(2), from: plus(longestFor, minutes: 4))
        // Each window pair at its edge: 25% above its threshold it fires, 20% below it stays quiet. A factor
        // off by any real amount in the rules fails one of these.
        for row in slo.burnRates.sorted(by: { ($0.severity, $0.long) < ($1.severity, $1.long) }) {
            let name = "\(row.severity.rawValue) \(row.short)/\(row.long)"
            let above = row.factor.value.times(aboveThreshold).times(budget)
            if above < 1 {
                make("\(name) fires 25% above its \(row.factor)x threshold", ratio: above,
                     from: plus(Conventions.alertFor(short: row.short), minutes: 4))
            }
            make("\(name) stays quiet 20% below its \(row.factor)x threshold",
                 ratio: row.factor.value.times(belowThreshold).times(budget),
                 from: plus(Conventions.alertFor(short: row.short), minutes: 4))
        }
        if guarded, !slo.burnRates.isEmpty {
            // Half the guard's events per hour, all of them errors.
            let perMinute = slo.alerting.minEventsPerHour.value.over(120)
            make("an outage under the low-traffic guard (\(slo.alerting.minEventsPerHour) events/h) raises nothing",
                 ratio: 1, perMinute: perMinute, from: plus(longestFor, minutes: 4))
        }
        return out
    }

    // MARK: - File

    /// The test file, with rule files given relative to the test file's folder.
    public func render(ruleFiles: [String]) -> String {
        String(decoding: renderUTF8(ruleFiles: ruleFiles), as: UTF8.self)
    }

    /// The test file as UTF-8 bytes.
    public func renderUTF8(ruleFiles: [String]) -> [UInt8] {
        var y = YAMLBuilder()
        y.reserve(2048 + 16_384 * service.slos.count)
        y.line(0, "# Unit tests for the SLO rules of \(oneLine(service.name)); run: promtool test rules <this file>")
        y.line(0, "rule_files:")
        for f in ruleFiles { y.scalar(2, "- ", f) }
        y.raw(0, "evaluation_interval", model.platform.prometheus.evaluationInterval.description)
        y.line(0, "tests:")
        let shapes = service.slos.map(shape)
        // The expected-alert block of an SLO's row, written once per file (several scenarios expect it).
        var blocks: [[[UInt8]?]] = service.slos.map { [[UInt8]?](repeating: nil, count: $0.burnRates.count) }
        for slo in service.slos {
            guard let inputs = self.inputs(slo) else {
                if !slo.burnRates.isEmpty {
                    y.line(2, "# \(oneLine(slo.name)): runtime scenarios skipped: no synthetic labels satisfy the SLI selectors")
                }
                continue
            }
            if readByFreeQuery(inputs) { continue }
            var readers: [(index: Int, reading: Reading)] = []
            for (index, other) in service.slos.enumerated() {
                let reading = self.reading(other, inputs)
                if reading.reads { readers.append((index, reading)) }
            }
            let key = ScenarioKey(subject: shape(slo), amounts: inputs.map(\.amount),
                                  readers: readers.map { ScenarioKey.Reader(shape: shapes[$0.index], reading: $0.reading) })
            let plans = Self.planCache.value(key) {
                Self.plans(slo, amounts: key.amounts,
                           readers: readers.map {
                               Reader(slo: service.slos[$0.index], reading: $0.reading,
                                      guarded: shapes[$0.index].guardEvents != nil)
                           },
                           guarded: key.subject.guardEvents != nil)
            }
            // Inputs in the order of their series text; the series lines are the same in every scenario.
            let texts = inputs.map { SyntheticSeries.text($0.metric, $0.labels) }
            let order = inputs.indices.sorted { texts[$0] < texts[$1] }
            var seriesLines: [String] = []
            for i in inputs.indices {
                var line = "      - series: "
                YAMLText.append(texts[i], to: &line)
                line += "\n        values: "
                seriesLines.append(line)
            }
            let prefix = slo.name + ": "
            for plan in plans {
                y.scalar(2, "- name: ", prefix + plan.name)
                y.append("    interval: 1m\n    input_series:\n")
                for i in order {
                    y.append(seriesLines[i])
                    y.append(plan.values[i])
                    y.append("\n")
                }
                y.append("    alert_rule_test:\n      - eval_time: ")
                y.append(plan.evalTime)
                y.append("\n")
                y.field(8, "alertname", Conventions.burnRateAlert)
                if plan.expected.isEmpty {
                    y.line(8, "exp_alerts: []")
                    continue
                }
                y.line(8, "exp_alerts:")
                for e in plan.expected {
                    let index = readers[e.reader].index
                    if let block = blocks[index][e.row] {
                        y.append(block)
                        continue
                    }
                    let other = service.slos[index], row = other.burnRates[e.row]
                    let block = expAlert(labels: rules.alertLabels(other, severity: row.severity, alert: row),
                                         annotations: rules.burnAnnotations(other, row))
                    blocks[index][e.row] = block
                    y.append(block)
                }
            }
        }
        // Absent series: every SLO of the service raises its no-data alert.
        let eval = PromDuration(milliseconds: Conventions.noDataFor.milliseconds + 3 * 60_000)
        y.scalar(2, "- name: ", "absent series raise the no-data alert of every SLO")
        y.raw(4, "interval", "1m")
        y.line(4, "input_series:")
        y.scalar(6, "- series: ", "oac_test_unrelated_total")
        y.scalar(8, "values: ", "0+1x\(eval.milliseconds / 60_000 + 2)")
        y.line(4, "alert_rule_test:")
        y.raw(6, "- eval_time", eval.description)
        y.field(8, "alertname", Conventions.noDataAlert)
        y.line(8, "exp_alerts:")
        for slo in service.slos {
            y.append(expAlert(labels: rules.alertLabels(slo, severity: .ticket, alert: nil),
                              annotations: rules.noDataAnnotations(slo)))
        }
        return y.bytes
    }

    /// One entry of `exp_alerts`, as lines.
    func expAlert(labels: [(String, String)], annotations: [(String, String)]) -> [UInt8] {
        var y = YAMLBuilder(header: nil)
        y.reserve(1024)
        y.line(10, "- exp_labels:")
        for (k, v) in Self.sortedByKey(labels) { y.pair(14, k, v) }
        y.line(12, "exp_annotations:")
        for (k, v) in Self.sortedByKey(annotations) { y.pair(14, k, v) }
        return y.bytes
    }

    /// Pairs sorted by key (stable); the labels and annotations of `SLORules` come sorted and stay as they are.
    static func sortedByKey(_ pairs: [(String, String)]) -> [(String, String)] {
        for i in pairs.indices.dropFirst() where pairs[i].0 < pairs[i - 1].0 {
            return pairs.sorted { $0.0 < $1.0 }
        }
        return pairs
    }

    func oneLine(_ s: String) -> String { s.replacing(["\n": " "]) }
}
