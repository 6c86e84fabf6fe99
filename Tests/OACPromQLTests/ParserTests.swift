import Testing

@testable import OACPromQL

@Suite("Parser: selectors, calls, aggregations and modifiers")
struct ParserTests {
    @Test("a bare metric name is an instant vector selector")
    func bareName() {
        #expect(mustParse("up") == sel("up"))
        #expect(mustParse("slo:sli_error:ratio_rate5m") == sel("slo:sli_error:ratio_rate5m"))
        #expect(mustParse("up").valueType == .instantVector)
    }

    @Test("label matchers support all four operators and trailing commas")
    func matchers() {
        let e = mustParse(#"http_requests_total{job="api", code!="200", path=~"/v1/.*", method!~"GET|HEAD",}"#)
        #expect(
            e
                == sel(
                    "http_requests_total",
                    [
                        m("job", .equal, "api"), m("code", .notEqual, "200"),
                        m("path", .regexMatch, "/v1/.*"), m("method", .regexNoMatch, "GET|HEAD")
                    ]))
    }

    @Test("a selector can consist of matchers only, including __name__")
    func matchersOnly() {
        #expect(mustParse(#"{__name__="up", job="x"}"#) == sel(nil, [m("__name__", .equal, "up"), m("job", .equal, "x")]))
        guard case .vectorSelector(let vs) = mustParse(#"{__name__=~"up|down"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(vs.metricName == nil)
        #expect(vs.name == nil)
        guard case .vectorSelector(let vs2) = mustParse(#"{__name__="up"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(vs2.name == "up")
    }

    @Test("label values may use single quotes, backticks and escapes")
    func quotedValues() {
        #expect(mustParse(#"x{a='b"c', d=`e\f`, g="h\"i"}"#) == sel("x", [m("a", .equal, "b\"c"), m("d", .equal, "e\\f"), m("g", .equal, "h\"i")]))
    }

    @Test("keywords can be label names inside braces")
    func keywordLabels() {
        #expect(
            mustParse(#"x{by="1", offset="2", and="3", bool="4"}"#)
                == sel(
                    "x",
                    [
                        m("by", .equal, "1"), m("offset", .equal, "2"), m("and", .equal, "3"), m("bool", .equal, "4")
                    ]))
    }

    @Test("Prometheus 3 quoted metric and label names are understood")
    func quotedNames() {
        let e = mustParse(#"{"my.metric", "a.b"="x"}"#)
        #expect(e == sel("my.metric", [m("a.b", .equal, "x")]))
        #expect(e.description == #"{"my.metric","a.b"="x"}"#)
        #expect(mustParse(#"{"up"}"#) == sel("up"))
        #expect(mustParse(#"sum by ("a.b", job) (x)"#) == .aggregate(AggregateExpr(op: .sum, expr: sel("x"), grouping: .by(["a.b", "job"]))))
    }

    @Test("range selectors accept durations and plain seconds")
    func ranges() {
        #expect(mustParse("x[5m]") == .matrixSelector(MatrixSelector(selector: VectorSelector(metricName: "x"), range: .minutes(5))))
        #expect(mustParse("x[300]") == mustParse("x[5m]"))
        #expect(mustParse("x[1h30m]").description == "x[1h30m]")
        #expect(mustParse("x[5m]").valueType == .rangeVector)
    }

    @Test("subqueries with and without a step")
    func subqueries() {
        let e = mustParse("rate(x[5m])[1h:5m]")
        guard case .subquery(let sq) = e else {
            Issue.record("not a subquery")
            return
        }
        #expect(sq.range == .hours(1))
        #expect(sq.step == .minutes(5))
        #expect(sq.expr == .call(Call(name: "rate", args: [.matrixSelector(MatrixSelector(selector: VectorSelector(metricName: "x"), range: .minutes(5)))])))
        guard case .subquery(let sq2) = mustParse("x[1h:]") else {
            Issue.record("not a subquery")
            return
        }
        #expect(sq2.step == nil)
        #expect(mustParse("max_over_time((a + b)[30m:1m])").valueType == .instantVector)
        #expect(mustParse("min_over_time(sum(x)[1d:] offset 1h)").description == "min_over_time(sum(x)[1d:] offset 1h)")
    }

    @Test("offset may be negative and may follow a range")
    func offsets() {
        #expect(mustParse("x offset 5m") == sel("x", offset: .minutes(5)))
        #expect(mustParse("x offset -1h") == sel("x", offset: PromDuration(milliseconds: -3_600_000)))
        #expect(mustParse("x offset 90") == sel("x", offset: PromDuration(milliseconds: 90_000)))
        guard case .matrixSelector(let ms) = mustParse("x[5m] offset 1w") else {
            Issue.record("not a matrix")
            return
        }
        #expect(ms.selector.offset == .days(7))
        #expect(mustParse("x OFFSET 5m") == sel("x", offset: .minutes(5)))
    }

    @Test("@ modifiers take timestamps, start() and end() in either order with offset")
    func atModifiers() {
        #expect(mustParse("x @ 1609746000") == sel("x", at: .timestamp(1_609_746_000)))
        #expect(mustParse("x @ -100.5") == sel("x", at: .timestamp(-100.5)))
        #expect(mustParse("x @ start()") == sel("x", at: .start))
        #expect(mustParse("x @ end() offset 5m") == sel("x", offset: .minutes(5), at: .end))
        #expect(mustParse("x offset 5m @ end()") == sel("x", offset: .minutes(5), at: .end))
        #expect(mustParse("x[5m] @ 100 offset 1m").description == "x[5m] @ 100 offset 1m")
        #expect(mustParse("sum(x)[10m:1m] @ end()").description == "sum(x)[10m:1m] @ end()")
    }

    @Test("function calls record their arguments")
    func calls() {
        #expect(mustParse("time()") == .call(Call(name: "time", args: [])))
        #expect(mustParse("time()").valueType == .scalar)
        #expect(mustParse("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))").functionNames == ["histogram_quantile", "rate"])
        #expect(mustParse(#"label_replace(up, "dst", "$1", "src", "(.*)")"#).valueType == .instantVector)
        #expect(mustParse(#"label_join(up, "dst", ",", "a", "b", "c")"#).functionNames == ["label_join"])
        #expect(mustParse("round(x)") == .call(Call(name: "round", args: [sel("x")])))
        #expect(mustParse("round(x, 0.5)").description == "round(x, 0.5)")
        #expect(mustParse("hour()").description == "hour()")
        #expect(mustParse("vector(1)").valueType == .instantVector)
        #expect(mustParse("scalar(x)").valueType == .scalar)
        #expect(mustParse("pi()").valueType == .scalar)
        #expect(mustParse("absent_over_time(x[5m])").valueType == .instantVector)
        #expect(mustParse("holt_winters(x[1h], 0.5, 0.5)").functionNames == ["holt_winters"])
        #expect(mustParse(#"sort_by_label(x, "a", "b")"#).functionNames == ["sort_by_label"])
        #expect(mustParse("info(x)").functionNames == ["info"])
    }

    @Test("aggregations accept by/without before or after the arguments")
    func aggregations() {
        let before = mustParse("sum by (job, instance) (x)")
        let after = mustParse("sum(x) by (job, instance)")
        #expect(before == after)
        #expect(before == .aggregate(AggregateExpr(op: .sum, expr: sel("x"), grouping: .by(["job", "instance"]))))
        #expect(mustParse("avg without (instance) (x)") == mustParse("avg(x) without (instance)"))
        #expect(mustParse("count by () (x)") == .aggregate(AggregateExpr(op: .count, expr: sel("x"), grouping: .by([]))))
        #expect(mustParse("max by (a,) (x)") == mustParse("max by (a) (x)"))
        #expect(mustParse("SUM BY (job) (x)") == mustParse("sum by (job) (x)"))
        #expect(mustParse("sum by (by, offset, and) (x)") == .aggregate(AggregateExpr(op: .sum, expr: sel("x"), grouping: .by(["by", "offset", "and"]))))
    }

    @Test("parameterised aggregations take the parameter first")
    func parameterised() {
        #expect(mustParse("topk(5, x)") == .aggregate(AggregateExpr(op: .topk, param: .number(5), expr: sel("x"))))
        #expect(mustParse("bottomk by (job) (3, x)").description == "bottomk by (job) (3, x)")
        #expect(mustParse("quantile(0.9, x) without (pod)").description == "quantile without (pod) (0.9, x)")
        #expect(
            mustParse(#"count_values("version", build_info)"#)
                == .aggregate(AggregateExpr(op: .countValues, param: .string("version"), expr: sel("build_info"))))
        #expect(mustParse("limitk(10, x)").aggregationOps == [.limitk])
        #expect(mustParse("limit_ratio(0.1, x)").aggregationOps == [.limitRatio])
        #expect(mustParse("group(x)").aggregationOps == [.group])
        #expect(mustParse("stddev(x) + stdvar(x)").aggregationOps == [.stddev, .stdvar])
    }

    @Test("aggregation keywords without parentheses are metric names")
    func aggregationNamesAsMetrics() {
        #expect(mustParse("sum") == sel("sum"))
        #expect(mustParse(#"count{job="x"}"#) == sel("count", [m("job", .equal, "x")]))
        #expect(mustParse("rate(sum[5m])").vectorSelectors.map(\.metricName) == ["sum"])
    }

    @Test("vector matching with on, ignoring, group_left and group_right")
    func vectorMatching() {
        let e = mustParse("a / on (job, instance) group_left (version) b")
        #expect(e == bin(sel("a"), .div, sel("b"), matching: VectorMatching(kind: .on, labels: ["job", "instance"], group: .left(["version"]))))
        #expect(
            mustParse("a * ignoring (pod) group_right b")
                == bin(sel("a"), .mul, sel("b"), matching: VectorMatching(kind: .ignoring, labels: ["pod"], group: .right([]))))
        #expect(mustParse("a * ignoring(pod) group_right() b") == mustParse("a * ignoring (pod) group_right b"))
        #expect(mustParse("a and on () b") == bin(sel("a"), .and, sel("b"), matching: VectorMatching(kind: .on, labels: [])))
        #expect(mustParse("a > bool on (x) b") == bin(sel("a"), .gtr, sel("b"), bool: true, matching: VectorMatching(kind: .on, labels: ["x"])))
        #expect(mustParse("a unless ignoring (x) b").description == "a unless ignoring (x) b")
    }

    @Test("comparisons with bool between scalars give a scalar")
    func boolComparison() {
        #expect(mustParse("1 == bool 1").valueType == .scalar)
        #expect(mustParse("x > bool 1").valueType == .instantVector)
        #expect(mustParse("x > 1").valueType == .instantVector)
    }

    @Test("unary minus folds into number literals but not into parentheses")
    func unaryFolding() {
        #expect(mustParse("-1") == .number(-1))
        #expect(mustParse("- -1") == .number(1))
        #expect(mustParse("-(1)") == .unary(.minus, .paren(.number(1))))
        #expect(mustParse("-x") == .unary(.minus, sel("x")))
        #expect(mustParse("+x") == .unary(.plus, sel("x")))
        #expect(mustParse("-x").valueType == .instantVector)
    }

    @Test("vectorSelectors lists every selector in source order")
    func selectorList() {
        let e = mustParse(#"sum(rate(a{x="1"}[5m])) / on (job) group_left sum(b offset 1h) or vector(0) and c"#)
        #expect(e.vectorSelectors.map(\.metricName) == ["a", "b", "c"])
        #expect(e.vectorSelectors[1].offset == .hours(1))
        #expect(e.functionNames == ["rate", "vector"])
        #expect(e.aggregationOps == [.sum])
        #expect(e.ranges == [.minutes(5)])
    }

    @Test("selectors remember where they start")
    func selectorLocation() {
        let e = mustParse("sum(\n  rate(foo[5m])\n) / bar")
        #expect(
            e.vectorSelectors.map(\.location) == [
                PromQLLocation(offset: 12, line: 2, column: 8),
                PromQLLocation(offset: 25, line: 3, column: 5)
            ])
    }

    @Test("parseSelector accepts plain selectors only")
    func parseSelector() throws {
        let vs = try PromQL.parseSelector(#"http_requests_total{job="api",code=~"5.."}"#)
        #expect(vs.metricName == "http_requests_total")
        #expect(vs.matchers == [m("job", .equal, "api"), m("code", .regexMatch, "5..")])
        #expect(vs.description == #"http_requests_total{job="api",code=~"5.."}"#)
        #expect(try PromQL.parseSelector("  up  ").metricName == "up")
        #expect(try PromQL.parseSelector(#"{"my.metric"}"#).metricName == "my.metric")
        #expect(vs.allMatchers.first == m("__name__", .equal, "http_requests_total"))
        #expect(vs.matcher(for: "code")?.value == "5..")
        for bad in ["x[5m]", "x offset 5m", "rate(x[5m])", "x + y", "1", "", #"{job=""}"#, "x @ 1"] {
            #expect(throws: PromQLError.self, "\(bad)") { try PromQL.parseSelector(bad) }
        }
        do {
            _ = try PromQL.parseSelector("x[5m]")
        } catch {
            #expect(error.column == 2)
        }
    }

    @Test("experimental and removed functions can be rejected by options")
    func options() {
        expectError("sort_by_label(x, \"a\")", 1, 1, "experimental", options: .prometheus3)
        expectError("limitk(1, x)", 1, 1, "experimental", options: .prometheus3)
        expectError("holt_winters(x[1h], 0.1, 0.1)", 1, 1, "removed in Prometheus 3.0; use double_exponential_smoothing", options: .prometheus3)
        #expect((try? PromQL.parse("rate(x[5m])", options: .prometheus3)) != nil)
    }
}
