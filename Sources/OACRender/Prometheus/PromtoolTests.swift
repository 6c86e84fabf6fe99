import Foundation
import OACModel
import OACPromQL
import OACSupport

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
    /// in turn): a fired alert is expected only when `for` + this fits before the evaluation time. Three
    /// evaluations (SLI rate → SLO records → the slow group's long windows), and never under 3 minutes.
    static func conditionLag(_ evaluation: Int64) -> Int64 { max(180_000, 3 * evaluation) }

    /// A `for:` as Prometheus serves it: the alert fires at the first evaluation at least `for` after it
    /// became pending, so a whole number of evaluation intervals.
    static func effectiveFor(_ d: PromDuration, _ evaluation: Int64) -> Int64 {
        (d.milliseconds + evaluation - 1) / evaluation * evaluation
    }

    /// Evaluation times are multiples of this: whole minutes (the input series' step) that are also whole
    /// evaluation intervals.
    static func evalStep(_ evaluation: Int64) -> Int64 {
        func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
        return 60_000 / gcd(60_000, evaluation) * evaluation
    }

    static func aligned(_ d: PromDuration, _ evaluation: Int64) -> PromDuration {
        let step = evalStep(evaluation)
        return PromDuration(milliseconds: (d.milliseconds + step - 1) / step * step)
    }
    /// How many SLOs reading the same synthetic series (with different objectives or burn-rate tables) get
    /// runtime scenarios of their own. Every scenario expects the alerts of every SLO reading its series, so
    /// each such SLO adds scenarios as long as the number of SLOs sharing the series: without a bound the file
    /// grows with the square of it. The others are still checked, as readers in these scenarios.
    static let maxSubjectsPerSeries = 4

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
    struct Input: Hashable {
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
                    let countedLabels = SyntheticSeries.labels(satisfying: e.selector.matchers)
                else { return nil }
                return [
                    Input(metric: e.total.metric, labels: totalLabels, amount: .events),
                    Input(metric: e.selector.metric, labels: countedLabels, amount: counted)
                ]
            }
            guard let both = SyntheticSeries.labels(satisfying: e.total.matchers + e.selector.matchers),
                let onlyTotal = SyntheticSeries.labels(matching: e.total.matchers, notMatching: e.selector.matchers),
                both != onlyTotal
            else { return nil }
            return [
                Input(metric: e.total.metric, labels: both, amount: counted),
                Input(metric: e.total.metric, labels: onlyTotal, amount: other)
            ]
        case .latency(let l):
            guard let labels = SyntheticSeries.labels(satisfying: l.histogram.matchers) else { return nil }
            var out = [Input(metric: l.histogram.metric + "_count", labels: labels, amount: .events)]
            for threshold in bucketThresholds(l, labels) {
                var bucket = labels
                bucket["le"] = threshold.description
                // Cumulative buckets: requests fast under this SLO's threshold are fast under every smaller one
                // too, and its slow requests all fall under the next larger one (le ≤ larger le ≤ _count).
                out.append(
                    Input(
                        metric: l.histogram.metric + "_bucket", labels: bucket,
                        amount: threshold <= l.threshold ? .good : .events))
            }
            return out
        case .threshold:
            // Threshold SLIs are arbitrary PromQL: feed the SLI level (fraction of bad slices) directly.
            let labels = [Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name]
            return [
                Input(metric: Conventions.sliBadRate5m, labels: labels, amount: .ratio),
                Input(metric: Conventions.sliTotalRate5m, labels: labels, amount: .one)
            ]
        case .eventQueries:
            // Free queries cannot be satisfied by generated raw series: feed the SLI level (events per second),
            // under an extra label so a query that yields a series without raw data cannot collide with it.
            let labels = [
                Conventions.serviceLabel: service.name, Conventions.sloLabel: slo.name,
                Conventions.syntheticInputLabel: "synthetic"
            ]
            return [
                Input(metric: Conventions.sliBadRate5m, labels: labels, amount: .badPerSecond),
                Input(metric: Conventions.sliTotalRate5m, labels: labels, amount: .perSecond)
            ]
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
                !out.contains(where: { $0.value == o.threshold.value })
            else { continue }
            out.append(o.threshold)
        }
        return out.sorted()
    }

    /// What an SLO's scenarios depend on besides the other SLOs of the service: its synthetic series and shape.
    struct Subject: Hashable {
        var inputs: [Input]
        var shape: Shape
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
            let fast = matching(
                l.histogram, metric: l.histogram.metric + "_bucket",
                extra: [.init("le", .regexMatch, SLORules.leRegex(l.threshold))])
            // `_count − sum(bucket)` with no bucket series is no data in Prometheus, not a total outage.
            guard !fast.isEmpty else { return .counters(total: [], counted: []) }
            return .counters(total: matching(l.histogram, metric: l.histogram.metric + "_count"), counted: fast)
        case .eventQueries, .threshold:
            let mine = inputs.indices.filter {
                inputs[$0].labels[Conventions.serviceLabel] == service.name
                    && inputs[$0].labels[Conventions.sloLabel] == slo.name
            }
            return .levels(
                bad: mine.first { inputs[$0].metric == Conventions.sliBadRate5m },
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
        // SLOs with the same synthetic series and shape have the same scenarios (only the names differ): the
        // first one's stand for all. Subjects with scenarios of their own, by series.
        var covered: [Subject: String] = [:]
        var subjects: [[Input]: [String]] = [:]
        for (sloIndex, slo) in service.slos.enumerated() {
            guard let inputs = self.inputs(slo) else {
                if !slo.burnRates.isEmpty {
                    y.line(2, "# \(oneLine(slo.name)): runtime scenarios skipped: no synthetic labels satisfy the SLI selectors")
                }
                continue
            }
            if readByFreeQuery(inputs) { continue }
            let subject = Subject(inputs: inputs, shape: shapes[sloIndex])
            if let first = covered[subject] {
                y.line(
                    2, "# \(oneLine(slo.name)): runtime scenarios as \(oneLine(first))'s (the same synthetic series, objective and burn-rate table)")
                continue
            }
            if let others = subjects[inputs], others.count >= Self.maxSubjectsPerSeries {
                y.line(
                    2,
                    "# \(oneLine(slo.name)): runtime scenarios skipped: \(others.map(oneLine).joined(separator: ", ")) read the same synthetic series and have theirs (at most \(Self.maxSubjectsPerSeries) SLOs a series); their scenarios expect this SLO's alerts too"
                )
                continue
            }
            covered[subject] = slo.name
            subjects[inputs, default: []].append(slo.name)
            var readers: [(index: Int, reading: Reading)] = []
            for (index, other) in service.slos.enumerated() {
                let reading = self.reading(other, inputs)
                if reading.reads { readers.append((index, reading)) }
            }
            let evaluation = model.platform.prometheus.evaluationInterval.milliseconds
            let key = ScenarioKey(
                subject: shape(slo), amounts: inputs.map(\.amount),
                readers: readers.map { ScenarioKey.Reader(shape: shapes[$0.index], reading: $0.reading) },
                evaluation: evaluation)
            let plans = Self.planCache.value(key) {
                Self.plans(
                    slo, amounts: key.amounts,
                    readers: readers.map {
                        Reader(
                            slo: service.slos[$0.index], reading: $0.reading,
                            guarded: shapes[$0.index].guardEvents != nil)
                    },
                    guarded: key.subject.guardEvents != nil, evaluation: evaluation)
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
                    let other = service.slos[index]
                    let row = other.burnRates[e.row]
                    let block = expAlert(
                        labels: rules.alertLabels(other, severity: row.severity, alert: row),
                        annotations: rules.burnAnnotations(other, row))
                    blocks[index][e.row] = block
                    y.append(block)
                }
            }
        }
        // Absent series: every SLO of the service raises its no-data alert.
        let evaluation = model.platform.prometheus.evaluationInterval.milliseconds
        let eval = Self.aligned(
            PromDuration(
                milliseconds: Self.effectiveFor(Conventions.noDataFor, evaluation)
                    + Self.conditionLag(evaluation)), evaluation)
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
            y.append(
                expAlert(
                    labels: rules.alertLabels(slo, severity: .ticket, alert: nil),
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
