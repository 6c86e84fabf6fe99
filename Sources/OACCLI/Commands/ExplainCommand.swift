import ArgumentParser
import OACDiagnostics
import OACLint

/// `oac explain ID`: what a lint rule or compiler check means, why, and examples.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a lint rule or compiler check: summary, rationale, flagged and accepted examples.")

    @Argument(help: "A rule id (as printed in brackets after a diagnostic), e.g. high-cardinality-label.")
    var id: String

    func run() throws {
        if let rule = RuleRegistry.standard.rule(id) {
            Terminal.standardOutput(RuleDocs.explain(rule.description))
        } else if let text = RuleDocs.explainCheck(id) {
            Terminal.standardOutput(text)
        } else {
            let all = RuleRegistry.standard.ids + CheckID.summaries.keys.sorted()
            let hint = RuleDocs.closest(to: id, in: all).map { " — did you mean `\($0)`?" } ?? "; `oac lint --list` prints them all"
            throw ValidationError("no rule or check `\(id)`\(hint)")
        }
    }
}
