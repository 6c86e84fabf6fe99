import Testing

@testable import OACPromQL

@Suite("Type checking")
struct TypeCheckTests {
    @Test("value types of literals, selectors, calls and operators")
    func valueTypes() {
        #expect(mustParse("1").valueType == .scalar)
        #expect(mustParse(#""s""#).valueType == .string)
        #expect(mustParse("x").valueType == .instantVector)
        #expect(mustParse("x[1m]").valueType == .rangeVector)
        #expect(mustParse("x[1h:1m]").valueType == .rangeVector)
        #expect(mustParse("1 + 2").valueType == .scalar)
        #expect(mustParse("1 + x").valueType == .instantVector)
        #expect(mustParse("(1)").valueType == .scalar)
        #expect(mustParse("-time()").valueType == .scalar)
        #expect(mustParse("sum(x)").valueType == .instantVector)
    }

    @Test("a function argument of the wrong type names the function and both types")
    func wrongArgumentType() {
        expectError("rate(x)", 1, 6, #"expected type range vector in call to function "rate", got instant vector"#)
        expectError("abs(x[5m])", 1, 5, #"expected type instant vector in call to function "abs", got range vector"#)
        expectError("histogram_quantile(x, y)", 1, 20, #"expected type scalar in call to function "histogram_quantile", got instant vector"#)
        expectError(#"label_replace(x, "a", 1, "c", "d")"#, 1, 23, "expected type string")
        expectError(#"vector("1")"#, 1, 8, "expected type scalar in call to function \"vector\", got string")
        expectError(#"label_join(x, "a", ",", "b", 5)"#, 1, 30, "expected type string")
    }

    @Test("wrong arity names the function and the expected count")
    func arity() {
        expectError("rate()", 1, 1, #"expected 1 argument(s) in call to "rate", got 0"#)
        expectError("rate(x[5m], 1)", 1, 13, #"expected 1 argument(s) in call to "rate", got 2"#)
        expectError("clamp(x, 1)", 1, 1, #"expected 3 argument(s) in call to "clamp", got 2"#)
        expectError("round(x, 1, 2)", 1, 13, #"expected at most 2 argument(s) in call to "round", got 3"#)
        expectError("label_join(x, \"a\")", 1, 1, #"expected at least 3 argument(s) in call to "label_join", got 2"#)
        expectError("time(1)", 1, 6, #"expected 0 argument(s) in call to "time", got 1"#)
        expectError("hour(x, y)", 1, 9, #"expected at most 1 argument(s) in call to "hour", got 2"#)
    }

    @Test("unknown functions are reported with a suggestion")
    func unknownFunction() {
        expectError("ratee(x[5m])", 1, 1, #"unknown function "ratee" (did you mean "rate"?)"#)
        expectError("sum(foo(x))", 1, 5, #"unknown function "foo""#)
        expectError("Rate(x[5m])", 1, 1, #"did you mean "rate"?"#)
    }

    @Test("aggregations check their parameter and expression types")
    func aggregationTypes() {
        expectError("sum(x[5m])", 1, 5, "expected type instant vector in aggregation expression, got range vector")
        expectError("topk(x, y)", 1, 6, "expected type scalar in aggregation parameter, got instant vector")
        expectError("count_values(1, x)", 1, 14, "expected type string in aggregation parameter, got scalar")
        expectError("topk(x)", 1, 1, "wrong number of arguments for aggregate expression provided, expected 2, got 1")
        expectError("sum(x, y)", 1, 1, "wrong number of arguments for aggregate expression provided, expected 1, got 2")
        expectError("sum()", 1, 1, "expected 1, got 0")
    }

    @Test("binary operators only combine scalars and instant vectors")
    func binaryTypes() {
        expectError("x[5m] + 1", 1, 1, "binary expression must contain only scalar and instant vector types")
        expectError(#"1 + "a""#, 1, 5, "binary expression must contain only scalar and instant vector types")
        expectError("1 > 2", 1, 3, "comparisons between scalars must use BOOL modifier")
        expectError("a + bool b", 1, 5, "bool modifier can only be used on comparison operators")
        expectError("1 and x", 1, 3, #"set operator "and" not allowed in binary scalar expression"#)
        expectError("x or 1", 1, 3, #"set operator "or" not allowed in binary scalar expression"#)
        expectError("x + on (a) 1", 1, 5, "vector matching only allowed between instant vectors")
        expectError("a and on (x) group_left b", 1, 14, #"no grouping allowed for "and" operation"#)
        expectError("a * on (x) group_left (x) b", 1, 12, #"label "x" must not occur in ON and GROUP clause at once"#)
        expectError(#"-"a""#, 1, 1, "unary expression only allowed on expressions of type scalar or instant vector")
        expectError("-x[5m]", 1, 1, "unary expression only allowed")
    }

    @Test("ranges only apply to selectors and subqueries to instant vectors")
    func rangesAndSubqueries() {
        expectError("rate(x[5m])[5m]", 1, 12, "ranges only allowed for vector selectors")
        expectError("(x)[5m]", 1, 4, "ranges only allowed for vector selectors")
        expectError("x offset 1m [5m]", 1, 13, "no offset modifiers allowed before range")
        expectError("x @ 100 [5m]", 1, 9, "no @ modifiers allowed before range")
        expectError("x[5m][1h:]", 1, 6, "subquery is only allowed on instant vector, got range vector")
        expectError("1[1h:]", 1, 2, "subquery is only allowed on instant vector, got scalar")
        expectError("x[0s]", 1, 3, "range must be greater than 0s")
    }

    @Test("offset and @ only follow selectors and subqueries, once each")
    func modifierTargets() {
        expectError("sum(x) offset 5m", 1, 8, "offset modifier must be preceded by an instant vector selector")
        expectError("(x) @ 100", 1, 5, "@ modifier must be preceded by an instant vector selector")
        expectError("x offset 5m offset 1m", 1, 13, "offset may not be set multiple times")
        expectError("x @ 1 @ 2", 1, 7, "@ <timestamp> may not be set multiple times")
        expectError("x @ Inf", 1, 5, "timestamp out of bounds for @ modifier")
    }

    @Test("selectors need at least one matcher that does not match the empty string")
    func emptyMatchers() {
        expectError("{}", 1, 1, "vector selector must contain at least one non-empty matcher")
        expectError(#"{job=""}"#, 1, 1, "at least one non-empty matcher")
        expectError(#"{job=~".*"}"#, 1, 1, "at least one non-empty matcher")
        expectError(#"{job!~".+"}"#, 1, 1, "at least one non-empty matcher")
        #expect(mustParse(#"{job=~".+"}"#).vectorSelectors.count == 1)
        #expect(mustParse(#"{job!=""}"#).vectorSelectors.count == 1)
        #expect(mustParse(#"{job=~".*", a="b"}"#).vectorSelectors.count == 1)
        #expect(mustParse("x{}") == sel("x"))
    }
}
