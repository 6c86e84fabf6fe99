import Testing

@testable import OACLint

@Suite("Markdown cells")
struct MarkdownCellTests {
    @Test("catalog text in a PR comment cannot make a link, an image or a mention")
    func neutralised() {
        #expect(cell("see [the runbook](https://evil.example.com)") == #"see [the runbook]\(https://evil.example.com)"#)
        #expect(cell("![x](https://evil.example.com/p.png)") == #"![x]\(https://evil.example.com/p.png)"#)
        #expect(cell("ping @acme/sre and @alice") == "ping @&#8203;acme/sre and @&#8203;alice")
        // Brackets that make no link stay as they are.
        #expect(cell("`spec.slos[0].objective`") == "'spec.slos[0].objective'")
        #expect(cell("a | b <br>") == #"a \| b &lt;br&gt;"#)
    }
}
