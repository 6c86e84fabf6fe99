import Testing

@testable import OACPromQL

/// Valid expressions exercising corner cases of the grammar.
let trickyCorpus: [String] = [
    "1",
    "-1.5e-3",
    "0x1f + 0XAB",
    "Inf",
    "-inf",
    "NaN",
    #""string""#,
    "'single'",
    "`raw\\n`",
    "foo",
    "foo:bar:baz",
    #"foo{job="a\"b", path=~"^/api/(v1|v2)/.*$"}"#,
    #"{__name__=~"job:.*", env!="prod"}"#,
    #"{"my.dotted.metric", "label.with.dots"="x"}"#,
    "x[5m]",
    "x[1h30m] offset -5m",
    "x[1y] @ 1609746000.5 offset 1w",
    "x @ start()",
    "x @ end() offset 10m",
    "rate(x[5m])[1h:5m]",
    "max_over_time(deriv(rate(x[1m])[5m:1m])[10m:])",
    "(sum(x) by (job))[30m:] offset 1h",
    "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total[5m]))",
    "sum(rate(x[5m])) without (instance, pod)",
    "topk(3, sum by (path) (rate(x[5m])))",
    "quantile by (le) (0.99, x)",
    #"count_values without () ("value", x)"#,
    "limitk(2, x) or limit_ratio(-0.5, x)",
    "histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))",
    "histogram_fraction(0, 0.2, rate(x[1h]))",
    #"label_replace(up, "host", "$1", "instance", "(.*):.*")"#,
    #"label_join(up, "foo", ",", "a", "b", "c")"#,
    "predict_linear(node_filesystem_free_bytes[6h], 4 * 3600) < 0",
    "quantile_over_time(0.95, x[1d])",
    "clamp(x, 0, 1) + clamp_min(x, 0) - clamp_max(x, 1)",
    "round(x, 0.1) * ceil(x) / floor(x) % 3 ^ 2 ^ 0.5",
    "-x ^ 2",
    "-(x + y) * +z",
    "a atan2 b",
    "a == bool b != bool c",
    "a > on (job) group_left (version, build) b",
    "a < ignoring (instance) group_right b",
    "a and on () b unless ignoring (x) c or d",
    "absent(up{job=\"x\"}) or vector(0)",
    "time() - timestamp(x) > 300",
    "scalar(sum(x)) * 2",
    "day_of_week() == bool 0 and hour(vector(time())) > 8",
    "sort_desc(sum by (a) (x))",
    "sort_by_label(x, \"a\", \"b\")",
    "double_exponential_smoothing(x[1h], 0.3, 0.1)",
    "holt_winters(x[1h], 0.3, 0.1)",
    "mad_over_time(x[1h]) + last_over_time(x[1h]) + present_over_time(x[1h])",
    "stddev_over_time(x[5m]) + stdvar_over_time(x[5m]) + changes(x[5m]) + resets(x[5m])",
    "deg(acos(x)) + rad(vector(pi())) + sgn(x) + ln(x) + log2(x) + log10(x) + exp(x) + sqrt(abs(x))",
    "days_in_month() + day_of_month() + day_of_year() + minute() + month() + year()",
    "histogram_avg(x) + histogram_count(x) + histogram_sum(x) + histogram_stddev(x) + histogram_stdvar(x)",
    "info(x, target_info{env=\"prod\"})",
    "1 - (sum(rate(x{code!~\"2..\"}[5m])) / sum(rate(x[5m])))",
    "(((x)))",
    "sum(\n  rate(x[5m]) # comment\n) by (\n  job,\n)",
    "x offset 1m5s",
    "x[90]",
    "x[1.5]",
    "sum(x) by (by, without, and, offset)",
    "offset offset 5m",
    "sum by (\"a.b\") (x)",
    "x{a=~\"\\\\d+\", b=\"tab\\there\"}",
    "1 + 2 * 3",
    "count(x) > bool 2"
]

@Suite("Printer and round trip")
struct PrinterTests {
    @Test("the tricky corpus has at least 40 expressions")
    func corpusSize() {
        #expect(trickyCorpus.count >= 40)
    }

    @Test("parse(print(parse(x))) == parse(x) for every corpus expression", arguments: trickyCorpus)
    func roundTrip(_ source: String) throws {
        let first = try PromQL.parse(source)
        let printed = first.description
        let second = try PromQL.parse(printed)
        #expect(second == first, "\(source) printed as \(printed)")
        // Printing is a fixed point.
        #expect(second.description == printed)
    }

    @Test("canonical printing normalises spacing, keywords and modifier order")
    func canonical() {
        let cases: [(String, String)] = [
            ("sum(rate(x[5m]))by(job)", "sum by (job) (rate(x[5m]))"),
            ("SUM WITHOUT(a,b)(x)", "sum without (a, b) (x)"),
            (#"x{a = "b" , c=~'d'}"#, #"x{a="b",c=~"d"}"#),
            ("x  offset 5m @ 100", "x @ 100 offset 5m"),
            ("x[300]", "x[5m]"),
            ("x[60m]", "x[1h]"),
            ("x[7d]", "x[1w]"),
            ("a/on(b)group_left c", "a / on (b) group_left c"),
            ("a>BOOL b", "a > bool b"),
            ("a AND b", "a and b"),
            ("1e3", "1000"),
            ("0.1", "0.1"),
            ("1e-7", "1e-07"),
            ("5m", "300"),
            ("-INF", "-Inf"),
            ("x{}", "x"),
            (#"{"up"}"#, "up"),
            (#"{"bool"}"#, #"{"bool"}"#),
            (#"{__name__="up"}"#, #"{__name__="up"}"#),
            ("x @ 1.5e3", "x @ 1500"),
            ("x[1h:0s]", "x[1h:0s]")
        ]
        for (input, expected) in cases {
            #expect(mustParse(input).description == expected, "\(input)")
        }
    }

    @Test("hand-built trees print valid PromQL")
    func handBuilt() throws {
        let vs = VectorSelector(metricName: "requests_total", matchers: [m("code", .regexMatch, "5.."), m("path", .equal, "a\"b")])
        let e = Expr.aggregate(
            AggregateExpr(
                op: .sum,
                expr: .call(
                    Call(
                        name: "rate",
                        args: [
                            .matrixSelector(MatrixSelector(selector: vs, range: .minutes(5)))
                        ])), grouping: .by(["service"])))
        #expect(e.description == #"sum by (service) (rate(requests_total{code=~"5..",path="a\"b"}[5m]))"#)
        #expect(try PromQL.parse(e.description) == e)
        let weird = VectorSelector(metricName: "my.metric", matchers: [m("a-b", .equal, "x")])
        #expect(weird.description == #"{"my.metric","a-b"="x"}"#)
        #expect(try PromQL.parse(weird.description) == .vectorSelector(weird))
    }

    @Test("NaN literals compare equal so round trips of NaN succeed")
    func nanEquality() {
        #expect(mustParse("NaN") == mustParse("nan"))
        #expect(mustParse("x > NaN") == mustParse("x > NaN"))
    }
}
