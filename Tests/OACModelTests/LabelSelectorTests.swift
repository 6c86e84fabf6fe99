import OACPromQL
import Testing

@testable import OACModel

@Suite("Label selectors")
struct LabelSelectorTests {
    @Test("a selector parses into a metric name and matchers of every operator")
    func parsesAllOperators() throws {
        let s = try LabelSelector.parse(#"http_requests_total{job="api", code=~"5..",method!="GET",path!~'/health.*'}"#)
        #expect(s.metric == "http_requests_total")
        #expect(
            s.matchers == [
                .init("job", .equal, "api"), .init("code", .regexMatch, "5.."),
                .init("method", .notEqual, "GET"), .init("path", .regexNoMatch, "/health.*")
            ])
    }

    @Test("escapes in label values are decoded and re-escaped on output")
    func escapes() throws {
        let s = try LabelSelector.parse(#"m{a="q\"uote\\back\nline"}"#)
        #expect(s.matchers[0].value == "q\"uote\\back\nline")
        #expect(s.description == #"m{a="q\"uote\\back\nline"}"#)
        #expect(try LabelSelector.parse(s.description) == s)
    }

    @Test("a metric name may be given as __name__")
    func nameMatcher() throws {
        #expect(try LabelSelector.parse(#"{__name__="up",job="x"}"#).metric == "up")
    }

    @Test(
        "malformed selectors fail with the column of the problem",
        arguments: [
            (#"m{job="x"#, 7), (#"m{job=x}"#, 7), (#"m{job~"x"}"#, 6), (#"m{1a="x"}"#, 3), (#"rate(m[5m])"#, 1),
            (#"m{job="x"} offset 5m"#, 12), (#"m{a=~"(("}"#, 8), (#"{job="x"}"#, 1), (#"m{a="x" b="y"}"#, 9),
            (#"m{a=~"x(?!y)"}"#, 8), (#"m{a=~'\\d\\1'}"#, 10)
        ])
    func rejects(text: String, column: Int) {
        #expect(throws: PromQLError.self) { try LabelSelector.parse(text) }
        do {
            _ = try LabelSelector.parse(text)
        } catch {
            #expect(error.column == column, "\(text): \(error.message)")
        }
    }

    @Test("quote escapes everything PromQL needs escaped")
    func quoting() {
        #expect(PromQL.quote("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\x01""#)
        #expect(PromQL.quote("</script>{{ $labels }}") == #""</script>{{ $labels }}""#)
    }
}
