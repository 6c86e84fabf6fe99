import Testing

@testable import OACPromQL

/// One malformed expression with the expected position of the first problem.
struct Malformed: CustomStringConvertible, Sendable {
    var source: String
    var line: Int
    var column: Int
    var message: String
    init(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }
    var description: String { source }
}

let malformedCorpus: [Malformed] = [
    // Lexical problems
    Malformed(#"foo{job="api}"#, 1, 9, "unterminated quoted string"),
    Malformed("'abc", 1, 1, "unterminated quoted string"),
    Malformed("`abc", 1, 1, "unterminated quoted string"),
    Malformed(#"x{a="b\qc"}"#, 1, 7, #"invalid escape sequence "\q""#),
    Malformed(#"x{a="\x4"}"#, 1, 6, "expected 2 hexadecimal digits"),
    Malformed(#"x{a="\777"}"#, 1, 6, "octal escape value > 255"),
    Malformed(#"x{a="\uD800"}"#, 1, 6, "invalid Unicode code point"),
    Malformed(#""a\'b""#, 1, 3, "invalid escape sequence"),
    Malformed("x{a=\"b\nc\"}", 1, 5, "unterminated quoted string"),
    Malformed("rate(x[5mm])", 1, 8, #"bad duration syntax: "5mm""#),
    Malformed("rate(x[30m1h])", 1, 8, #"bad duration syntax: "30m1h""#),
    Malformed("x[5x]", 1, 3, #"bad number or duration syntax: "5x""#),
    Malformed("1.5.3", 1, 1, "bad number or duration syntax"),
    Malformed("x offset 1.5h", 1, 10, "bad number or duration syntax"),
    Malformed("x ! y", 1, 3, "unexpected character after \"!\""),
    Malformed("x $ y", 1, 3, "unexpected character '$'"),
    Malformed("rate(x[$__rate_interval])", 1, 8, "unexpected character '$'"),
    // Structure
    Malformed(#"foo{job="api""#, 1, 4, "unclosed left brace"),
    Malformed(#"foo{job="api","#, 1, 4, "unclosed left brace"),
    Malformed("sum(rate(x[5m])", 1, 4, "unclosed left parenthesis"),
    Malformed("(x + y", 1, 1, "unclosed left parenthesis"),
    Malformed("x[5m", 1, 2, "unclosed left bracket"),
    Malformed("x[5m:1m", 1, 2, "unclosed left bracket"),
    Malformed("x y", 1, 3, #"unexpected identifier "y""#),
    Malformed("sum(x) by (job) foo", 1, 17, #"unexpected identifier "foo""#),
    Malformed("x )", 1, 3, #"unexpected ")""#),
    Malformed("", 1, 1, "no expression found in input"),
    Malformed("# just a comment", 1, 17, "no expression found in input"),
    Malformed("x +", 1, 4, "unexpected end of input"),
    Malformed("()", 1, 2, #"unexpected ")", expected expression"#),
    Malformed("rate(x[5m],)", 1, 11, "trailing commas not allowed in function call args"),
    Malformed("rate(x[5m] y)", 1, 12, #"unexpected identifier "y""#),
    Malformed(#"x{job}"#, 1, 6, #"unexpected "}" in label matching, expected label matching operator"#),
    Malformed(#"x{job=5}"#, 1, 7, "expected string"),
    Malformed(#"x{job=="a"}"#, 1, 6, #"unexpected "==" in label matching"#),
    Malformed(#"x{1="a"}"#, 1, 3, "unexpected number in label matching"),
    Malformed(#"x{a:b="c"}"#, 1, 3, #"invalid label name "a:b""#),
    Malformed("x[]", 1, 3, "expected number or duration"),
    Malformed("x[-5m]", 1, 3, "expected number or duration"),
    Malformed("x[5m:1m:]", 1, 8, "expected \"]\""),
    Malformed("x[5m 1m]", 1, 6, "expected \":\" or \"]\""),
    Malformed("x offset", 1, 9, "unexpected end of input in offset, expected number or duration"),
    Malformed("x @", 1, 4, "unexpected end of input in @ modifier"),
    Malformed("x @ start", 1, 10, "expected \"(\""),
    Malformed("sum by job (x)", 1, 8, "unexpected identifier \"job\" in grouping opts, expected \"(\""),
    Malformed("sum by (a b) (x)", 1, 11, "expected \",\" or \")\""),
    Malformed("sum by (a:b) (x)", 1, 9, "invalid label name for grouping"),
    Malformed("sum by (1) (x)", 1, 9, "expected label"),
    Malformed("sum by (a) x", 1, 12, "expected \"(\""),
    Malformed("a + group_left b", 1, 5, "group_left must be preceded by on(…) or ignoring(…)"),
    Malformed("a + on b", 1, 8, "expected \"(\""),
    Malformed("a + on", 1, 7, "unexpected end of input"),
    Malformed("bool", 1, 1, "unexpected keyword \"bool\""),
    Malformed(#"foo{__name__="bar"}"#, 1, 5, "metric name must not be set twice"),
    Malformed(#"foo{"bar"}"#, 1, 5, "metric name must not be set twice"),
    // Regular expressions: the column is the offending place inside the pattern
    Malformed(#"x{a=~"("}"#, 1, 7, #"invalid regular expression "(""#),
    Malformed(#"x{a=~"[a-"}"#, 1, 7, "invalid regular expression"),
    Malformed(#"x{a!~"*a"}"#, 1, 7, "invalid regular expression"),
    Malformed(#"x{a=~"(?=a)b"}"#, 1, 7, "look-around assertions are not supported by RE2"),
    Malformed(#"x{a=~"(a)\\1"}"#, 1, 10, "back-references"),
    Malformed(#"x{a=~"a++"}"#, 1, 9, "possessive quantifiers"),
    // Positions on later lines and after non-ASCII text
    Malformed("sum(\n  rate(x[5m])\n) +\n  ratee(y[5m])", 4, 3, #"unknown function "ratee""#),
    Malformed("x{a=\"é\"} + rate(x)", 1, 17, "expected type range vector"),
    Malformed("x{a=\"😀\"} / y{b=~\"(\"}", 1, 18, "invalid regular expression"),
    Malformed("x\r\n  + y[5m]", 2, 5, "binary expression must contain only scalar and instant vector types"),
    Malformed("# comment\n\tfoo bar", 2, 6, #"unexpected identifier "bar""#)
]

@Suite("Errors carry the exact position")
struct ErrorTests {
    @Test("every malformed expression fails at the expected line and column", arguments: malformedCorpus)
    func malformed(_ c: Malformed) {
        expectError(c.source, c.line, c.column, c.message)
    }

    @Test("the corpus has at least 30 malformed expressions")
    func corpusSize() {
        #expect(malformedCorpus.count >= 30)
    }

    @Test("offset counts characters while column counts Unicode scalars")
    func offsetVersusColumn() {
        // "e\u{301}" is one Character made of two scalars.
        guard let err = parseError("x{a=\"e\u{301}\"} + rate(x)") else { return }
        #expect(err.column == 18)
        #expect(err.offset == 16)
        #expect(err.line == 1)
    }

    @Test("the description is line:column: message")
    func description() {
        guard let err = parseError("rate(x)") else { return }
        #expect(err.description == #"1:6: expected type range vector in call to function "rate", got instant vector"#)
    }

    @Test("regex problems are found without anchoring surprises")
    func regexChecks() {
        #expect(PromQL.regexProblem("5..") == nil)
        #expect(PromQL.regexProblem("(?P<code>5..)|4[0-9]{2}") == nil)
        #expect(PromQL.regexProblem("[[:alpha:]]+") == nil)
        #expect(PromQL.regexProblem("a.*?b") == nil)
        #expect(PromQL.regexProblem("[]a]") == nil)
        #expect(PromQL.regexProblem("[a&&b]") == nil)
        #expect(PromQL.regexProblem("(?i)get|head") == nil)
        #expect(PromQL.regexProblem("\\d+\\.\\d+") == nil)
        #expect(PromQL.regexProblem("(") != nil)
        #expect(PromQL.regexProblem("(?<!a)b") != nil)
        #expect(PromQL.regexProblem("(?>a)") != nil)
        #expect(PromQL.regexProblem("a\\Z") != nil)
    }
}

/// One pattern of `Fixtures/re2/verdicts.tsv` and whether Prometheus accepts it in a `=~` matcher.
struct RE2Verdict: CustomStringConvertible, Sendable {
    var pattern: String
    var valid: Bool
    var description: String { "\(valid ? "ok" : "bad") \(pattern)" }

    static let all: [RE2Verdict] = Fixtures.text(Fixtures.root.appendingPathComponent("re2/verdicts.tsv"))
        .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            return RE2Verdict(pattern: String(parts[1]), valid: parts[0] == "ok")
        }
}

@Suite("Regular expressions follow RE2")
struct RE2Tests {
    @Test("each pattern is accepted exactly when promtool accepts it", arguments: RE2Verdict.all)
    func verdict(_ v: RE2Verdict) {
        let problem = PromQL.regexProblem(v.pattern)
        #expect((problem == nil) == v.valid, "\(v.pattern): \(problem ?? "accepted")")
    }

    @Test("the corpus covers look-around, back-references, possessive and nested repetition, and \\Z")
    func corpusCoverage() {
        let refused = Set(RE2Verdict.all.filter { !$0.valid }.map(\.pattern))
        for p in ["(?!5)..", "a(?<=a)", "(a)\\1", "a++", "a**", "\\Z", "(?>a)", "(?<n>a)", "a{1001}", "\\p{Alphabetic}"] {
            #expect(refused.contains(p), "\(p) is not in the corpus")
        }
        #expect(RE2Verdict.all.count >= 100)
    }

    @Test("a refused pattern's column points at the refused construct inside the string")
    func columnInsidePattern() {
        expectError(#"x{a=~"ab(?!c)"}"#, 1, 9, "look-around")
        expectError(#"x{a=~"\\d+\\Z"}"#, 1, 11, "\\Z")
        expectError(#"x{a=~'x{2}{3}'}"#, 1, 11, "nested repetition")
    }
}
