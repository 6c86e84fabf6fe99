import OACPromQL
import Testing

/// `ShardSplit`: which queries split into parts each shard records, and how the parts merge.
@Suite("Splitting a query across shards")
struct ShardSplitTests {
    static func split(_ q: String, keep: String? = nil) throws -> ShardSplit? {
        try ShardSplit.split(try PromQL.parse(q), dropOnMerge: ["service", "slo", "oac_part", "region", "shard"], keep: keep) {
            VectorSelector(metricName: "p", matchers: [LabelMatcher(name: "n", op: .equal, value: String($0))])
        }
    }

    @Test("a query that keeps instance, or does not aggregate, runs on each shard as it is")
    func targetLocal() throws {
        #expect(try Self.split(#"up{job="x"}"#) == nil)
        #expect(try Self.split(#"max by (instance) (rate(x[5m]))"#) == nil)
        #expect(try Self.split(#"sum without (code) (rate(x[5m])) > 1"#) == nil)
    }

    @Test("a sum splits into a sum merged by sum; count merges by sum")
    func sumCount() throws {
        let s = try #require(try Self.split(#"sum(rate(x[5m])) / count(up)"#))
        #expect(s.parts.map(\.expr.description) == ["sum(rate(x[5m]))", "count(up)"])
        #expect(s.combined.description == #"sum(p{n="0"}) / sum(p{n="1"})"#)
    }

    @Test("avg becomes sum and count; an avg of avgs by job averages the merged averages")
    func avg() throws {
        let s = try #require(try Self.split(#"avg(avg by (job) (x))"#))
        #expect(s.parts.map(\.expr.description) == ["sum by (job) (x)", "count by (job) (x)"])
        #expect(s.combined.description == #"avg(sum by (job) (p{n="0"}) / sum by (job) (p{n="1"}))"#)
    }

    @Test("histogram buckets merge by le, and histogram_quantile runs on the merge")
    func buckets() throws {
        let s = try #require(try Self.split(#"histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))"#))
        #expect(s.combined.description == #"histogram_quantile(0.99, sum by (le) (p{n="0"}))"#)
    }

    @Test("without drops the parts' own and the shards' labels; scope region keeps region")
    func groupings() throws {
        let s = try #require(try Self.split(#"min without (instance) (x)"#))
        #expect(s.combined.description == #"min without (instance, service, slo, oac_part, region, shard) (p{n="0"})"#)
        let r = try #require(try Self.split(#"sum(x)"#, keep: "region"))
        #expect(r.combined.description == #"sum by (region) (p{n="0"})"#)
    }

    @Test(
        "quantile, topk and stddev across targets, and raw series beside parts, are refused",
        arguments: [#"quantile(0.9, x)"#, #"topk(3, x)"#, #"stddev(x)"#, #"sum(rate(a[5m])) / rate(b[5m])"#])
    func refused(_ q: String) throws {
        #expect(throws: ShardSplit.Problem.self) { try Self.split(q) }
    }
}

extension ShardSplitTests {
    @Test(
        "event queries must be sums over targets for the shards' values to add up",
        arguments: [
            (#"sum(rate(x[5m]))"#, true), (#"rate(x[5m])"#, true), (#"sum by (code) (rate(x[5m])) - sum(rate(y[5m]))"#, true),
            (#"count(up == 0) * 60"#, true), (#"max(rate(x[5m]))"#, false), (#"avg(rate(x[5m]))"#, false),
            (#"sum(rate(a[5m])) / sum(rate(b[5m]))"#, false)
        ])
    func additive(_ q: String, _ ok: Bool) throws {
        let e = try PromQL.parse(q)
        if ok { try ShardSplit.checkAdditive(e) } else { #expect(throws: ShardSplit.Problem.self) { try ShardSplit.checkAdditive(e) } }
    }
}
