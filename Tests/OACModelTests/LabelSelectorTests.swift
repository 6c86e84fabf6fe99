import Testing
@testable import OACModel

@Suite("Label selectors")
struct LabelSelectorTests {
    @Test("a selector parses into a metric name and matchers of every operator")
    func parsesAllOperators() throws {
        let s = try LabelSelector.parse(#"http_requests_total{job="api", code=~"5..",method!="GET",path!~'/health.*'}"#)
        #expect(s.metric == "http_requests_total")
        #expect(s.matchers == [.init("job", .equal, "api"), .init("code", .regexMatch, "5.."),
                               .init("method", .notEqual, "GET"), .init("path", .regexNoMatch, "/health.*")])
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

    @Test("malformed selectors fail with the offset of the problem", arguments: [
        (#"m{job="x"#, 6), (#"m{job=x}"#, 6), (#"m{job~"x"}"#, 5), (#"m{1a="x"}"#, 2), (#"rate(m[5m])"#, 4),
        (#"m{job="x"} offset 5m"#, 11), (#"m{a=~"(("}"#, 5), (#"{job="x"}"#, 0), (#"m{a="x" b="y"}"#, 8),
    ])
    func rejects(text: String, offset: Int) {
        #expect(throws: SelectorError.self) { try LabelSelector.parse(text) }
        do {
            _ = try LabelSelector.parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
        }
    }

    @Test("quote escapes everything PromQL needs escaped")
    func quoting() {
        #expect(PromQLString.quote("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\x01""#)
        #expect(PromQLString.quote("</script>{{ $labels }}") == #""</script>{{ $labels }}""#)
    }
}
