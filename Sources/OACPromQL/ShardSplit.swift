/// Splits a query that aggregates across targets into parts each shard can record, and the expression that
/// combines the parts where the whole fleet is visible (the global Prometheus, or a Thanos/Mimir ruler).
///
/// A shard scrapes a disjoint set of targets (`hashmod` of `__address__`), so an aggregation whose grouping
/// keeps `instance` is complete on one shard; every other aggregation sees only the shard's share. The split
/// walks the tree bottom up and replaces each innermost cross-shard aggregation over raw series by a part
/// and the aggregation that merges the parts exactly:
///
/// | query | each shard records | global combines |
/// |---|---|---|
/// | `sum`, `count` | the same aggregation | `sum` |
/// | `min`, `max`, `group` | the same aggregation | the same |
/// | `avg` | `sum` and `count` | `sum / sum` |
///
/// with the query's grouping (`by (le)` keeps histogram buckets apart, so `histogram_quantile` runs on the
/// merged buckets). Everything above the parts (arithmetic, functions, outer aggregations, `avg` of `avg`s)
/// runs on the combined values, so the global result equals the query run on one server holding every target.
/// `quantile`, `topk`, `bottomk`, `stddev`, `stdvar`, `count_values`, `limitk` and `limit_ratio` across
/// targets cannot be merged from per-shard values; nor can a query that mixes raw series with such
/// aggregations outside of them. Both are errors with the selector where they start.
public struct ShardSplit: Sendable {
    /// One series each shard records (with `service`, `slo` and the part number as labels).
    public struct Part: Sendable, Equatable {
        /// What the shard evaluates, e.g. `sum by (le) (rate(h_bucket[5m]))`.
        public var expr: Expr
    }

    public struct Problem: Error, Sendable, Equatable {
        public var message: String
        public var hint: String
        /// Where in the query the problem starts (the first selector of the aggregation).
        public var location: PromQLLocation?

        public init(message: String, hint: String, location: PromQLLocation?) {
            self.message = message
            self.hint = hint
            self.location = location
        }
    }

    public var parts: [Part]
    /// The query with every part replaced by its merge over shards (`sum by (le) (<part selector>)`).
    public var combined: Expr

    /// Splits `query`; nil when it has no cross-shard aggregation (each series lives on exactly one shard, so
    /// the query can run on every shard as it is). `part(n)` names the series of part `n` on the global side;
    /// `dropOnMerge` are the labels a part's series carry besides the query's own (the recording rule's, the
    /// shards' external labels), which a `without` merge must drop. With `keep` (the region label), every
    /// merge keeps that label as well, so the query is evaluated for each of its values apart.
    public static func split(
        _ query: Expr, dropOnMerge: [String], keep: String? = nil,
        part: @escaping (Int) -> VectorSelector
    ) throws(Problem) -> ShardSplit? {
        var s = Splitter(keep: keep, drop: dropOnMerge.filter { $0 != keep }, part: part)
        let (combined, raw) = try s.rewrite(query)
        if s.parts.isEmpty { return nil }
        if raw {
            throw Problem(
                message: "the query mixes raw series with an aggregation across targets; the global server that combines the shards' parts has no raw series",
                hint: "aggregate every selector (e.g. `sum(...)`, or `max by (instance) (...)` for a per-target value)",
                location: Self.firstRawSelector(combined)?.location)
        }
        return ShardSplit(parts: s.parts, combined: combined)
    }

    /// Checks that `query` is a sum over targets, so that the shards' values of it add up to the fleet's (an
    /// event rate). Sums and counts across targets, their sums and differences, and multiples by numbers are;
    /// min, max, avg, ratios of aggregations are not.
    public static func checkAdditive(_ query: Expr) throws(Problem) {
        guard let s = try split(query, dropOnMerge: [], part: { _ in VectorSelector(metricName: "part") }) else { return }
        if !additive(s.combined) {
            throw Problem(
                message: "the query aggregates across targets but is not a sum over them, so the shards' values cannot be added",
                hint: "write events as a sum of rates (`sum(rate(x[$window]))`), with any ratio or average left to the SLO",
                location: query.vectorSelectors.first?.location)
        }
    }

    static func additive(_ e: Expr) -> Bool {
        switch e {
        case .paren(let x): return additive(x)
        case .aggregate(let a): return a.op == .sum && (isPart(a.expr) || additive(a.expr))
        case .binary(let b):
            switch b.op {
            case .add, .sub: return additive(b.lhs) && additive(b.rhs)
            case .mul: return (additive(b.lhs) && isNumber(b.rhs)) || (isNumber(b.lhs) && additive(b.rhs))
            case .div: return additive(b.lhs) && isNumber(b.rhs)
            default: return false
            }
        default: return false
        }
    }

    static func isPart(_ e: Expr) -> Bool {
        if case .vectorSelector(let v) = e.unparenthesized { return v.metricName == "part" && v.location == nil }
        return false
    }

    static func isNumber(_ e: Expr) -> Bool {
        if case .number = e.unparenthesized { return true }
        return false
    }

    /// Whether an aggregation's grouping keeps `instance`, so each of its groups is complete on one shard.
    public static func isTargetLocal(_ grouping: Grouping?) -> Bool {
        switch grouping {
        case nil: return false
        case .by(let labels): return labels.contains("instance")
        case .without(let labels): return !labels.contains("instance")
        }
    }

    static func firstRawSelector(_ e: Expr) -> VectorSelector? {
        e.vectorSelectors.first { $0.location != nil }
    }

    struct Splitter {
        let keep: String?
        let drop: [String]
        let part: (Int) -> VectorSelector
        var parts: [Part] = []

        /// The global expression, and whether it still reads raw series.
        mutating func rewrite(_ e: Expr) throws(Problem) -> (Expr, Bool) {
            switch e {
            case .number, .string: return (e, false)
            case .vectorSelector, .matrixSelector: return (e, true)
            case .subquery(var s):
                let (inner, raw) = try rewrite(s.expr)
                s.expr = inner
                return (.subquery(s), raw)
            case .call(var c):
                var raw = false
                for i in c.args.indices {
                    let (a, r) = try rewrite(c.args[i])
                    c.args[i] = a
                    raw = raw || r
                }
                return (.call(c), raw)
            case .unary(let op, let inner):
                let (x, raw) = try rewrite(inner)
                return (.unary(op, x), raw)
            case .paren(let inner):
                let (x, raw) = try rewrite(inner)
                return (.paren(x), raw)
            case .binary(var b):
                let (l, rl) = try rewrite(b.lhs)
                let (r, rr) = try rewrite(b.rhs)
                b.lhs = l
                b.rhs = r
                return (.binary(b), rl || rr)
            case .aggregate(var a):
                let before = parts.count
                let (inner, raw) = try rewrite(a.expr)
                a.expr = inner
                // Above parts: the aggregation runs on combined values (an outer `sum`, `avg` of `avg`s).
                if !raw { return (.aggregate(a), false) }
                if parts.count != before {
                    throw Problem(
                        message: "the argument of `\(a.op.rawValue)` mixes raw series with an aggregation across targets",
                        hint: "aggregate every selector inside it",
                        location: ShardSplit.firstRawSelector(inner)?.location)
                }
                if ShardSplit.isTargetLocal(a.grouping) { return (e, true) }
                return (try merge(a), false)
            }
        }

        /// The merge of one cross-shard aggregation over raw series.
        mutating func merge(_ a: AggregateExpr) throws(Problem) -> Expr {
            switch a.op {
            case .sum, .min, .max, .group:
                return combine(a.op, record: a)
            case .count:
                return combine(.sum, record: a)
            case .avg:
                var sum = a
                sum.op = .sum
                var count = a
                count.op = .count
                return .binary(BinaryExpr(op: .div, lhs: combine(.sum, record: sum), rhs: combine(.sum, record: count)))
            default:
                throw Problem(
                    message: "`\(a.op.rawValue)` across targets cannot be combined from the shards' partial results (each shard scrapes only some targets)",
                    hint:
                        "keep `instance` in its grouping (`\(a.op.rawValue) by (instance, ...)`) to judge each target, or use a mergeable aggregation: sum, count, min, max, avg, or `histogram_quantile` over `sum by (le)`",
                    location: ShardSplit.firstRawSelector(a.expr)?.location)
            }
        }

        /// Records `record` as a new part and returns `op` of the part's series, with the same grouping.
        mutating func combine(_ op: AggregateOp, record: AggregateExpr) -> Expr {
            let n = parts.count
            parts.append(Part(expr: .aggregate(record)))
            let grouping: Grouping?
            switch record.grouping {
            case nil: grouping = keep.map { .by([$0]) }
            case .by(let labels): grouping = .by(keep.map { labels.contains($0) ? labels : labels + [$0] } ?? labels)
            case .without(let labels):
                // The part series also carry the recording rule's labels and the shard's external labels; drop
                // them so that the parts of one query match each other.
                grouping = .without(labels.filter { $0 != keep } + drop.filter { !labels.contains($0) })
            }
            return .aggregate(AggregateExpr(op: op, expr: .vectorSelector(part(n)), grouping: grouping))
        }
    }
}
