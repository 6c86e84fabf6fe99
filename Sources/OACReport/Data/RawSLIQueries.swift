import Foundation
import OACModel
import OACPromQL

/// Daily good/total events computed from the raw series with the catalog's SLI definitions, for the days the
/// `oac_slo:*` recordings do not cover (rules deployed mid-quarter, history older than the rules) and to check
/// the recordings where both exist.
///
/// Every query is evaluated by `query_range` at the end of each day (step 1d), so each sample covers the day
/// (T − 1d, T], the same day the recorded series give:
/// - events: `sum(increase(total[1d]))`, and the counted selector likewise (bad; or good, then bad = total − good);
/// - latency: `sum(increase(h_count[1d])) − sum(increase(h_bucket{le=~"<every spelling of the threshold>"}[1d]))`;
/// - event queries (per second or per slice over `$window`): the rules' 5-minute values, `$window` = `5m`, averaged
///   over the day by a `[1d:5m]` subquery × 86400, as the recordings average them;
/// - threshold: each 5-minute slice is one evaluation of `min((query) op bool value)`, as the rules evaluate it:
///   good = `avg_over_time(good[1d:5m]) × 86400` and total = 86400 on a day with any evaluation, exactly what
///   `avg_over_time` of the recorded rates gives.
///
/// Each SLO's expression gets its `service` and `slo` labels with `label_replace`, and up to `batchSize` SLOs
/// are joined with `or` into one request: a quarter costs 2 × ⌈SLOs ÷ batchSize⌉ `query_range` requests (bad
/// and total), whatever the number of days. The PromQL is built as an `OACPromQL` tree and printed by it.
public enum RawSLIQueries {
    /// SLOs per request.
    public static let batchSize = 50
    /// A day, the range of every raw query.
    static let day = PromDuration.days(1)
    /// The slice of a threshold SLI: one evaluation every 5 minutes.
    public static let thresholdStep = PromDuration.minutes(5)

    public struct Batch: Sendable {
        /// `service/slo` of each SLO in the batch, in order.
        public var slos: [String]
        public var bad: String
        public var total: String
    }

    /// The batches for every SLO of the model whose SLI can be expressed (an event or threshold query that does
    /// not parse is skipped and named in `skipped`).
    public static func batches(_ model: Model) -> (batches: [Batch], skipped: [String]) {
        var items: [(id: String, bad: Expr, total: Expr)] = []
        var skipped: [String] = []
        for (service, slo) in model.allSLOs {
            let id = "\(service.name)/\(slo.name)"
            guard let (bad, total) = expressions(slo.sli) else {
                skipped.append(id)
                continue
            }
            items.append(
                (
                    id, labelled(bad, service: service.name, slo: slo.name),
                    labelled(total, service: service.name, slo: slo.name)
                ))
        }
        var out: [Batch] = []
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + batchSize, items.count)]
            out.append(
                Batch(
                    slos: chunk.map(\.id), bad: joined(chunk.map(\.bad)).description,
                    total: joined(chunk.map(\.total)).description))
            start += batchSize
        }
        return (out, skipped)
    }

    /// The day's bad and total events of one SLI, label-free; nil when a free query does not parse.
    public static func expressions(_ sli: SLI) -> (bad: Expr, total: Expr)? {
        switch sli {
        case .events(let e):
            let total = sumIncrease(selector(e.total))
            let counted = sumIncrease(selector(e.selector))
            return counting(e.counting, counted: counted, total: total)
        case .eventQueries(let q):
            // A free query is "events per second (or per slice) over $window": only the rules' own window keeps
            // its meaning, so the day is its 5-minute values averaged, as the recordings average them.
            let w = Conventions.sliQueryWindow
            guard let query = try? PromQL.parse(EventQueriesSLI.expand(q.query, window: w)),
                let totalQuery = try? PromQL.parse(EventQueriesSLI.expand(q.total, window: w))
            else { return nil }
            let total = Expr.aggregate(AggregateExpr(op: .sum, expr: totalQuery))
            let counted = Expr.aggregate(AggregateExpr(op: .sum, expr: query))
            let (bad, all) = counting(q.counting, counted: counted, total: total)
            return (perDay(slices(bad, step: w)), perDay(slices(all, step: w)))
        case .latency(let l):
            let count = sumIncrease(selector(l.histogram.with(metric: l.histogram.metric + "_count")))
            let fast = sumIncrease(
                selector(
                    l.histogram.with(
                        metric: l.histogram.metric + "_bucket",
                        adding: [.init("le", .regexMatch, FloatSpellings.regex(l.threshold))])))
            return (binary(.sub, count, fast), count)
        case .threshold(let t):
            guard let query = try? PromQL.parse(t.query) else { return nil }
            let good = Expr.aggregate(
                AggregateExpr(
                    op: .min,
                    expr: Expr.binary(
                        BinaryExpr(
                            op: comparison(t.op), lhs: .paren(query), rhs: .number(t.value.double), returnBool: true))))
            let bad = binary(.sub, .number(1), good)
            let one = binary(.add, binary(.mul, good, .number(0)), .number(1))
            return (perDay(slices(bad, step: thresholdStep)), perDay(slices(one, step: thresholdStep)))
        }
    }

    // MARK: - Pieces

    static func selector(_ s: LabelSelector) -> VectorSelector {
        VectorSelector(metricName: s.metric, matchers: s.matchers)
    }

    /// `sum(increase(s[1d]))`.
    static func sumIncrease(_ s: VectorSelector) -> Expr {
        .aggregate(
            AggregateExpr(
                op: .sum,
                expr: .call(
                    Call(
                        name: "increase",
                        args: [.matrixSelector(MatrixSelector(selector: s, range: day))]))))
    }

    /// Bad and total from a counted expression: no bad series at all is zero bad events, not a missing day.
    static func counting(_ c: EventsSLI.Counting, counted: Expr, total: Expr) -> (bad: Expr, total: Expr) {
        let orZero = binary(.or, counted, binary(.mul, total, .number(0)))
        switch c {
        case .bad: return (orZero, total)
        case .good: return (binary(.sub, total, .paren(orZero)), total)
        }
    }

    /// `avg_over_time((e)[1d:step])`.
    static func slices(_ e: Expr, step: PromDuration) -> Expr {
        .call(Call(name: "avg_over_time", args: [.subquery(SubqueryExpr(expr: e, range: day, step: step))]))
    }

    static func perDay(_ e: Expr) -> Expr { binary(.mul, e, .number(day.seconds)) }

    static func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr) -> Expr {
        .binary(BinaryExpr(op: op, lhs: l, rhs: r))
    }

    static func comparison(_ op: ComparisonOp) -> BinaryOp {
        BinaryOp(rawValue: op.rawValue) ?? .gte
    }

    /// `label_replace(label_replace(e, "service", …), "slo", …)`: `$` doubled, the replacement's only escape.
    static func labelled(_ e: Expr, service: String, slo: String) -> Expr {
        func set(_ e: Expr, _ label: String, _ value: String) -> Expr {
            .call(
                Call(
                    name: "label_replace",
                    args: [
                        e, .string(label), .string(value.replacingOccurrences(of: "$", with: "$$")), .string(""), .string("")
                    ]))
        }
        return set(set(e, Conventions.serviceLabel, service), Conventions.sloLabel, slo)
    }

    static func joined(_ exprs: [Expr]) -> Expr {
        exprs.dropFirst().reduce(exprs[0]) { binary(.or, $0, $1) }
    }
}
