import Foundation
import OACModel
import OACPromQL
import OACSupport

/// The scenario planning of `PromtoolTests`: the numbers an SLO's scenarios depend on (its shape), the
/// readers of its inputs, and the plans (traffic, evaluation time, expected alerts) computed once per shape.
/// In a file of its own so PromtoolTests.swift keeps the inputs and the file writer.
extension PromtoolTests {
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
        return Shape(
            form: form, budget: DecimalMemo.Bits(slo.errorBudget.value),
            rows: slo.burnRates.map {
                Shape.Row(
                    severity: $0.severity, short: $0.short.milliseconds, long: $0.long.milliseconds,
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
        /// The platform's evaluation interval (ms): when alerts can fire depends on it.
        var evaluation: Int64
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
                t > 0
            else { return nil }
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
    static func candidates(_ values: [Value], _ readers: [Reader], evaluation: Int64) -> [Candidate] {
        var out: [Candidate] = []
        for (index, reader) in readers.enumerated() {
            let slo = reader.slo
            let form = Self.form(slo)
            guard let (ratio, perMinute) = observed(form, reader.reading, values) else { continue }
            let guarded = reader.guarded && perMinute.times(60) < slo.alerting.minEventsPerHour.value
            let budget = slo.errorBudget.value
            for (rowIndex, row) in slo.burnRates.enumerated() {
                guard ratio > row.factor.value.times(budget), !guarded else { continue }
                out.append(
                    Candidate(
                        reader: index, row: rowIndex,
                        forMilliseconds: effectiveFor(Conventions.alertFor(short: row.short), evaluation)))
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
    static func ambiguous(_ candidates: [Candidate], at eval: PromDuration, evaluation: Int64) -> Bool {
        candidates.contains {
            $0.forMilliseconds <= eval.milliseconds
                && $0.forMilliseconds + conditionLag(evaluation) > eval.milliseconds
        }
    }

    /// The first evaluation time from `start` at which no alert is about to fire (so the test is not racy).
    static func settledEvalTime(_ candidates: [Candidate], from start: PromDuration, evaluation: Int64) -> PromDuration {
        var t = aligned(start, evaluation)
        for _ in 0..<240 {
            if !ambiguous(candidates, at: t, evaluation: evaluation) { return t }
            t = PromDuration(milliseconds: t.milliseconds + evalStep(evaluation))
        }
        return t
    }

    static func plus(_ d: PromDuration, minutes: Int64) -> PromDuration {
        PromDuration(milliseconds: d.milliseconds + minutes * 60_000)
    }

    /// The scenarios of one SLO, chosen from its own burn-rate rows: a pure function of the shapes (the key),
    /// so `planCache` keeps it once per shape.
    static func plans(_ slo: SLO, amounts: [Amount], readers: [Reader], guarded: Bool, evaluation: Int64) -> [Plan] {
        let budget = slo.errorBudget.value
        let pages = slo.burnRates.filter { $0.severity == .page }.sorted { $0.factor > $1.factor }
        let tickets = slo.burnRates.filter { $0.severity == .ticket }.sorted { $0.factor > $1.factor }
        let minFactor = slo.burnRates.map(\.factor.value).min() ?? 1
        var out: [Plan] = []
        func make(_ name: String, ratio: Decimal, perMinute: Decimal = trafficPerMinute, from start: PromDuration) {
            let values = amounts.map { value($0, ratio: ratio, perMinute: perMinute) }
            let found = candidates(values, readers, evaluation: evaluation)
            let eval = settledEvalTime(found, from: start, evaluation: evaluation)
            let samples = eval.milliseconds / 60_000 + 2
            let texts = values.map { v in
                YAMLText.string(
                    v.gauge.map { "\(ExactDecimal($0))+0x\(samples)" }
                        ?? "0+\(ExactDecimal(v.perMinute ?? 0))x\(samples)")
            }
            let expected = found.filter { $0.forMilliseconds + conditionLag(evaluation) <= eval.milliseconds }
                .map { Plan.Alert(reader: $0.reader, row: $0.row) }
            out.append(Plan(name: name, values: texts, evalTime: eval.description, expected: expected))
        }
        let longestFor = slo.burnRates.map { Conventions.alertFor(short: $0.short) }.max() ?? .minutes(1)
        if let fast = pages.first {
            make(
                "a total outage pages within the fast window (\(fast.short)/\(fast.long))", ratio: 1,
                from: plus(Conventions.alertFor(short: fast.short), minutes: 4))
        } else if let t = tickets.first {
            make(
                "a total outage raises a ticket (\(t.short)/\(t.long))", ratio: 1,
                from: plus(Conventions.alertFor(short: t.short), minutes: 4))
        }
        if pages.count >= 2 {
            let slow = pages[1]
            let fast = pages[0]
            let ratio = min(slow.factor.value.times(aboveThreshold), slow.factor.value.plus(fast.factor.value).over(2)).times(budget)
            if ratio < 1 {
                make(
                    "a burn at \(ExactDecimal(ratio.over(budget)).rounded)x pages through the slow pair (\(slow.short)/\(slow.long)) only",
                    ratio: ratio, from: plus(Conventions.alertFor(short: slow.short), minutes: 4))
            }
        }
        if let topTicket = tickets.first {
            let ceiling = pages.last.map(\.factor.value)
            let factor = ceiling.map { $0.plus(topTicket.factor.value).over(2) } ?? topTicket.factor.value.times(slowBurn)
            if ceiling.map({ $0 > topTicket.factor.value }) ?? true, factor.times(budget) < 1 {
                make(
                    "a slow burn at \(ExactDecimal(factor).rounded)x raises tickets and no page", ratio: factor.times(budget),
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
                make(
                    "\(name) fires 25% above its \(row.factor.rounded)x threshold", ratio: above,
                    from: plus(Conventions.alertFor(short: row.short), minutes: 4))
            }
            make(
                "\(name) stays quiet 20% below its \(row.factor.rounded)x threshold",
                ratio: row.factor.value.times(belowThreshold).times(budget),
                from: plus(Conventions.alertFor(short: row.short), minutes: 4))
        }
        if guarded, !slo.burnRates.isEmpty {
            // Half the guard's events per hour, all of them errors.
            let perMinute = slo.alerting.minEventsPerHour.value.over(120)
            make(
                "an outage under the low-traffic guard (\(slo.alerting.minEventsPerHour) events/h) raises nothing",
                ratio: 1, perMinute: perMinute, from: plus(longestFor, minutes: 4))
        }
        return out
    }
}
