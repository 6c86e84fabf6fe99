import OACDiagnostics

/// A pull-request comment: a summary table per rule, the findings, and the cost and cardinality diff.
public struct MarkdownFormatter: Sendable {
    public var registry: RuleRegistry

    public init(registry: RuleRegistry = .standard) { self.registry = registry }

    public func render(_ report: LintReport) -> String {
        var out = "## oac lint\n\n"
        if report.findings.isEmpty {
            out += "No findings.\n"
        } else {
            out += "**\(LintFormat.summary(report))**\n\n"
            out += "| rule | severity | findings |\n|---|---|---:|\n"
            let byRule = Dictionary(grouping: report.findings, by: \.diagnostic.ruleID)
            for id in byRule.keys.sorted() {
                let items = byRule[id]!
                let worst = items.map(\.diagnostic.severity).min() ?? .note
                out += "| `\(cell(id))` | \(worst.rawValue) | \(items.count) |\n"
            }
            out += "\n### Findings\n\n| where | severity | rule | message |\n|---|---|---|---|\n"
            for f in report.findings {
                let d = f.diagnostic
                let place = d.location.map { "`\(cell("\($0.file):\($0.line):\($0.column)"))`" } ?? ""
                var message = cell(d.message)
                if let hint = d.hint { message += "<br>hint: \(cell(hint))" }
                out += "| \(place) | \(d.severity.rawValue) | `\(cell(d.ruleID))` | \(message) |\n"
            }
        }
        if let diff = report.costDiff {
            out += "\n### Cost and cardinality\n\n"
            out += diff.lines().map { "- \(cell($0))\n" }.joined()
        }
        if let withheld = report.costDiffWithheld {
            out += "\n### Cost and cardinality\n\n\(cell(withheld))\n"
        }
        return out
    }
}

/// Table cells hold catalog text: pipes, HTML and newlines must not break the table or inject markup;
/// the `(` after `]` is escaped so `[text](https://…)` and `![x](…)` stay text, and `@` is followed by a
/// zero-width space (`&#8203;`, as Dependabot writes it) so `@org/team` in catalog text notifies nobody.
func cell(_ s: String) -> String {
    var out = ""
    var previous: Character?
    for ch in s {
        defer { previous = ch }
        switch ch {
        case "(" where previous == "]": out += "\\("
        case "@": out += "@&#8203;"
        case "|": out += "\\|"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "`": out += "'"
        case "\n", "\r\n", "\r": out += " "
        default: out.append(ch)
        }
    }
    return out
}
