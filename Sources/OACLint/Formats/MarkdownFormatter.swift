import OACDiagnostics

/// A pull-request comment: a summary table per rule, the findings grouped into risk, cost and capacity, and the
/// cost and cardinality diff of the change.
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
        }
        // The findings by what they put at stake: risk, cost (with the change's cost diff), capacity.
        let groups = Dictionary(grouping: report.findings) { registry.rule($0.diagnostic.ruleID)?.description.group ?? .risk }
        for group in RuleDescription.Group.allCases {
            let items = groups[group] ?? []
            let diff = group == .cost ? costLines(report) : ""
            guard !items.isEmpty || !diff.isEmpty else { continue }
            out += "\n### \(group.title)\n\n"
            if !items.isEmpty {
                out += "| where | severity | rule | message |\n|---|---|---|---|\n"
                for f in items {
                    let d = f.diagnostic
                    let place = d.location.map { "`\(cell("\($0.file):\($0.line):\($0.column)"))`" } ?? ""
                    var message = cell(d.message)
                    if let hint = d.hint { message += "<br>hint: \(cell(hint))" }
                    out += "| \(place) | \(d.severity.rawValue) | `\(cell(d.ruleID))` | \(message) |\n"
                }
                if !diff.isEmpty { out += "\n" }
            }
            out += diff
        }
        return out
    }

    /// The change's cost and cardinality diff (`--base`), or the one line saying why it is withheld.
    func costLines(_ report: LintReport) -> String {
        if let diff = report.costDiff {
            return "**Cost and cardinality of the change**\n\n" + diff.lines().map { "- \(cell($0))\n" }.joined()
        }
        if let withheld = report.costDiffWithheld { return "**Cost and cardinality of the change**\n\n\(cell(withheld))\n" }
        return ""
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
