import Foundation
import Testing

@testable import OACDiagnostics

@Suite("Diagnostic formatters")
struct FormatterTests {
    let sample = [
        Diagnostic.error(
            "unknown key `objetive` in `spec.slos[0]`", rule: "unknown-key",
            at: SourceLocation(file: "catalog/a b.yaml", line: 12, column: 7), hint: "did you mean `objective`?"),
        Diagnostic.warning("no runbook", rule: "ownership-runbook", at: nil)
    ]

    @Test("text prints path:line:column: severity: message [rule] and a hint line")
    func textFormat() {
        let text = TextFormatter().render(sample)
        #expect(
            text == """
                catalog/a b.yaml:12:7: error: unknown key `objetive` in `spec.slos[0]` [unknown-key]
                  hint: did you mean `objective`?
                warning: no runbook [ownership-runbook]

                """)
    }

    @Test("text is colored only when asked")
    func textColor() {
        #expect(!TextFormatter(color: false).render(sample).contains("\u{1B}["))
        #expect(TextFormatter(color: true).render(sample).contains("\u{1B}[1;31merror:"))
    }

    @Test("a newline inside a message never breaks the one-line format")
    func newlinesEscaped() {
        let d = Diagnostic.error("bad\nname", rule: "x", at: SourceLocation(file: "f", line: 1, column: 1))
        #expect(TextFormatter().render([d]) == "f:1:1: error: bad\\nname [x]\n")
    }

    @Test("github annotations follow the workflow command syntax and escape data")
    func githubFormat() {
        let out = GitHubFormatter().render(sample)
        let lines = out.split(separator: "\n")
        #expect(
            lines[0]
                == "::error file=catalog/a b.yaml,line=12,col=7,title=unknown-key::unknown key `objetive` in `spec.slos[0]`%0Ahint: did you mean `objective`?")
        #expect(lines[1] == "::warning title=ownership-runbook::no runbook")
    }

    @Test("github annotations beyond the per-step cap are summarised")
    func githubCap() {
        let many = (1...15).map { Diagnostic.error("e\($0)", rule: "r", at: SourceLocation(file: "f", line: $0, column: 1)) }
        let lines = GitHubFormatter().render(many).split(separator: "\n")
        #expect(lines.count == 11)
        #expect(lines.last == "::error title=oac::5 more errors not annotated (GitHub shows 10 per step); run oac locally to see them all")
    }

    @Test("github property values escape colons and commas")
    func githubPropertyEscaping() {
        #expect(GitHubFormatter().escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test("sarif output is SARIF 2.1.0 with rules, levels, and 1-based regions")
    func sarifFormat() throws {
        let json = SARIFFormatter(tool: .oac).render(sample)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        #expect((object["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "oac")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["unknown-key", "ownership-runbook"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[0]["level"] as? String == "error")
        #expect(results[0]["ruleIndex"] as? Int == 0)
        let loc = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((loc["artifactLocation"] as? [String: Any])?["uri"] as? String == "catalog/a%20b.yaml")
        #expect((loc["region"] as? [String: Any])?["startLine"] as? Int == 12)
        #expect((loc["region"] as? [String: Any])?["startColumn"] as? Int == 7)
        #expect((results[1]["locations"] as? [Any])?.isEmpty == true)
    }

    @Test("json output counts errors and warnings")
    func jsonFormat() throws {
        let json = JSONFormatter().render(sample)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        #expect((object["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 12)
    }

    @Test("diagnostics sort by place and drop exact duplicates")
    func sorting() {
        var d = Diagnostics()
        d.error("b", rule: "r", at: SourceLocation(file: "b.yaml", line: 1, column: 1))
        d.error("a", rule: "r", at: SourceLocation(file: "a.yaml", line: 9, column: 1))
        d.error("a", rule: "r", at: SourceLocation(file: "a.yaml", line: 9, column: 1))
        #expect(d.sorted.map(\.message) == ["a", "b"])
        #expect(d.errorCount == 3)
    }
}
