import OACPromQL

/// How a threshold SLI is evaluated when shards split the targets (docs/slo-rules.md, "Threshold SLIs on
/// shards"): the query's mergeable parts are recorded on each shard, merged and compared on the global server.
public struct ThresholdShardPlan: Sendable {
    /// What each shard records, part `n` as `oac_sli:threshold:part{service, slo, oac_part="n"}`.
    public var parts: [Expr]
    /// What the global server evaluates: the 0/1 "good" of one time slice, read from the parts.
    public var good: Expr
    /// The query's value merged from the parts, as the global server compares it with the threshold (per region
    /// with `scope: region`); nil when each shard compares its own series (`scope: instance`).
    public var value: Expr?
}

extension ThresholdSLI {
    /// The labels a part's series carry besides the query's own: the recording rule's and the shards'.
    static let partExtraLabels = [
        Conventions.serviceLabel, Conventions.sloLabel, Conventions.thresholdPartLabel,
        Conventions.regionLabel, Conventions.shardLabel
    ]

    /// The series of part `n` of this SLO.
    public static func partSelector(service: String, slo: String, part: Int) -> VectorSelector {
        VectorSelector(
            metricName: Conventions.sliThresholdPart,
            matchers: [
                LabelMatcher(name: Conventions.serviceLabel, op: .equal, value: service),
                LabelMatcher(name: Conventions.sloLabel, op: .equal, value: slo),
                LabelMatcher(name: Conventions.thresholdPartLabel, op: .equal, value: String(part))
            ])
    }

    /// The shard plan of a parsed query. A query without an aggregation across targets (scope `instance`)
    /// is compared on each shard (`min((query) op bool value)`, part 0) and the global server takes the `min`
    /// over shards: every series must pass wherever it is scraped. Otherwise the parts are merged and the
    /// comparison runs on the merge (per region with `scope: region`). Throws for queries that cannot be
    /// merged, and for `scope: instance` on a query that aggregates across targets.
    public func shardPlan(_ query: Expr, service: String, slo: String) throws(ShardSplit.Problem) -> ThresholdShardPlan {
        let part = { (n: Int) in Self.partSelector(service: service, slo: slo, part: n) }
        let split = try ShardSplit.split(
            query, dropOnMerge: Self.partExtraLabels,
            keep: scope == .region ? Conventions.regionLabel : nil, part: part)
        let value = Expr.number(Double(value.description) ?? 0)
        guard let split else {
            let good = Expr.aggregate(
                AggregateExpr(
                    op: .min,
                    expr: .binary(
                        BinaryExpr(
                            op: op.binaryOp, lhs: .paren(query), rhs: value, returnBool: true))))
            return ThresholdShardPlan(
                parts: [good],
                good: .aggregate(AggregateExpr(op: .min, expr: .vectorSelector(part(0)))))
        }
        if scope == .instance {
            throw ShardSplit.Problem(
                message: "`scope: instance` but the query aggregates across targets",
                hint: "keep `instance` in the query's aggregations to judge each target, or set `scope: fleet` or `region`",
                location: query.vectorSelectors.first?.location)
        }
        let good = Expr.aggregate(
            AggregateExpr(
                op: .min,
                expr: .binary(
                    BinaryExpr(
                        op: op.binaryOp, lhs: .paren(split.combined), rhs: value, returnBool: true))))
        return ThresholdShardPlan(parts: split.parts.map(\.expr), good: good, value: split.combined)
    }
}

extension ComparisonOp {
    /// The PromQL operator.
    public var binaryOp: BinaryOp {
        switch self {
        case .lessThan: .lss
        case .lessOrEqual: .lte
        case .greaterThan: .gtr
        case .greaterOrEqual: .gte
        case .equal: .eql
        case .notEqual: .neq
        }
    }
}
