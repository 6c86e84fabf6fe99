import Testing

@testable import OACPromQL

@Suite("Lexer")
struct LexerTests {
    func kinds(_ s: String) throws -> [TokenKind] {
        try Lexer.tokenize(SourceText(s)).map(\.kind)
    }

    func number(_ s: String) -> Double? {
        if case .number(let v) = mustParse(s) { return v }
        return nil
    }

    @Test("integers, floats, exponents and hex numbers are number literals")
    func numbers() {
        #expect(number("42") == 42)
        #expect(number("3.25") == 3.25)
        #expect(number(".5") == 0.5)
        #expect(number("5.") == 5)
        #expect(number("1e-3") == 0.001)
        #expect(number("1E3") == 1000)
        #expect(number("2.5e+2") == 250)
        #expect(number("0x1f") == 31)
        #expect(number("0XFF") == 255)
        #expect(number("-7") == -7)
        #expect(number("+7") == 7)
    }

    @Test("Inf and NaN are numbers in any case")
    func infNaN() {
        #expect(number("Inf") == .infinity)
        #expect(number("inf") == .infinity)
        #expect(number("-Inf") == -.infinity)
        #expect(number("+INF") == .infinity)
        #expect(number("NaN")?.isNaN == true)
        #expect(number("nan")?.isNaN == true)
    }

    @Test("durations lex as duration tokens with the right milliseconds")
    func durations() throws {
        #expect(try kinds("5m") == [.duration(.minutes(5)), .eof])
        #expect(try kinds("1h30m") == [.duration(PromDuration(milliseconds: 5_400_000)), .eof])
        #expect(try kinds("500ms") == [.duration(PromDuration(milliseconds: 500)), .eof])
        #expect(try kinds("1y") == [.duration(.days(365)), .eof])
        #expect(try kinds("2w") == [.duration(.days(14)), .eof])
        #expect(try kinds("1d2h3m4s5ms") == [.duration(PromDuration(milliseconds: 86_400_000 + 7_200_000 + 180_000 + 4000 + 5)), .eof])
    }

    @Test("a duration in expression position is a number of seconds")
    func durationAsNumber() {
        #expect(number("5m") == 300)
        #expect(mustParse("time() - 1h") == bin(.call(Call(name: "time", args: [])), .sub, .number(3600)))
    }

    @Test("durations print in canonical Prometheus form")
    func durationPrinting() {
        #expect(PromDuration.minutes(90).description == "1h30m")
        #expect(PromDuration.days(7).description == "1w")
        #expect(PromDuration.days(8).description == "8d")
        #expect(PromDuration.days(365).description == "1y")
        #expect(PromDuration(milliseconds: 0).description == "0s")
        #expect(PromDuration(milliseconds: 1500).description == "1s500ms")
        #expect(PromDuration(milliseconds: -300_000).description == "-5m")
        #expect(PromDuration(parsing: "30m1h") == nil)
        #expect(PromDuration(parsing: "5m5m") == nil)
        #expect(PromDuration(parsing: "99999999999999999999y") == nil)
        #expect(PromQL.parseDuration("28d") == .days(28))
    }

    @Test("double, single and backtick strings follow Go escape rules")
    func strings() {
        #expect(mustParse(#""a\"b""#) == .string("a\"b"))
        #expect(mustParse(#"'it\'s'"#) == .string("it's"))
        #expect(mustParse(#""tab\there\nnewline""#) == .string("tab\there\nnewline"))
        #expect(mustParse(#""\x41\101\u00e9\U0001F600""#) == .string("AAé😀"))
        #expect(mustParse(#""\a\b\f\v\\""#) == .string("\u{07}\u{08}\u{0C}\u{0B}\\"))
        #expect(mustParse("`raw \\d+ \"x\"`") == .string("raw \\d+ \"x\""))
        #expect(mustParse(#""'single' inside double""#) == .string("'single' inside double"))
        #expect(mustParse("\"ünïcödé ✓\"") == .string("ünïcödé ✓"))
        #expect(mustParse("\"\\xc3\\xa9\"") == .string("é"))
    }

    @Test("comments run to the end of the line and whitespace is allowed anywhere")
    func commentsAndWhitespace() throws {
        #expect(try kinds("foo # a comment\n + bar") == [.identifier("foo"), .plus, .identifier("bar"), .eof])
        #expect(mustParse("sum(\n  rate(x[5m]) # per second\n)\n") == mustParse("sum(rate(x[5m]))"))
        #expect(mustParse("\t foo \r\n{ a = \"b\" }\n") == mustParse(#"foo{a="b"}"#))
        #expect(mustParse("# only a comment line\nfoo") == sel("foo"))
    }

    @Test("operators are lexed greedily")
    func operators() throws {
        #expect(
            try kinds("== != <= >= < > =~ !~ = ^ % @") == [
                .equalEqual, .notEqual, .lessEqual, .greaterEqual, .less, .greater, .regexMatch, .regexNoMatch,
                .assign, .caret, .percent, .at, .eof
            ])
    }

    @Test("colons are part of metric names outside brackets and separators inside")
    func colons() throws {
        #expect(try kinds("a:b:c") == [.identifier("a:b:c"), .eof])
        #expect(
            try kinds("x[5m:1m]") == [
                .identifier("x"), .leftBracket, .duration(.minutes(5)), .colon,
                .duration(.minutes(1)), .rightBracket, .eof
            ])
    }

    @Test("quote escapes backslashes, quotes and control characters")
    func quote() {
        #expect(PromQL.quote("plain") == #""plain""#)
        #expect(PromQL.quote(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(PromQL.quote("line\nbreak\ttab\r") == #""line\nbreak\ttab\r""#)
        #expect(PromQL.quote("\u{01}\u{7f}") == #""\x01\x7f""#)
        #expect(PromQL.quote("\u{85}") == #""\u0085""#)
        #expect(PromQL.quote("é😀") == "\"é😀\"")
        for s in ["", "a\"b", "\\", "\u{0}\u{1b}x", "\u{85}\u{2028}", "🙂 ok", "'"] {
            #expect(mustParse(PromQL.quote(s)) == .string(s))
        }
    }

    @Test("legacy metric and label names are recognised")
    func names() {
        #expect(PromQL.isValidMetricName("http_requests_total"))
        #expect(PromQL.isValidMetricName("slo:sli_error:ratio_rate5m"))
        #expect(PromQL.isValidMetricName(":a"))
        #expect(!PromQL.isValidMetricName("9lives"))
        #expect(!PromQL.isValidMetricName("my.metric"))
        #expect(!PromQL.isValidMetricName(""))
        #expect(PromQL.isValidLabelName("_job"))
        #expect(PromQL.isValidLabelName("le"))
        #expect(!PromQL.isValidLabelName("a:b"))
        #expect(!PromQL.isValidLabelName("1a"))
        #expect(!PromQL.isValidLabelName("a-b"))
        #expect(!PromQL.isValidLabelName(""))
    }
}
