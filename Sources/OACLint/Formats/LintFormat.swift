import Foundation
import OACDiagnostics

/// The output formats of `oac lint`: the shared diagnostic formats plus JUnit XML and a Markdown PR comment.
public enum LintFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case github
    case junit
    case markdown

    public func render(_ report: LintReport, registry: RuleRegistry = .standard, color: Bool = false) -> String {
        let items = report.diagnostics
        switch self {
        case .text:
            var out = TextFormatter(color: color).render(items)
            let summary = Self.summary(report)
            if !summary.isEmpty { out += summary + "\n" }
            if let diff = report.costDiff {
                out += "cost and cardinality against the base catalog:\n"
                out += diff.lines().map { "  \($0)\n" }.joined()
            }
            return out
        case .json:
            return LintJSON.render(report)
        case .sarif:
            var tool = ToolInfo.oac
            tool.rules = registry.ruleInfos
            return SARIFFormatter(tool: tool).render(items)
        case .github:
            var out = GitHubFormatter().render(items)
            if let diff = report.costDiff {
                let text = diff.lines().joined(separator: "\n")
                out += "::notice title=oac cost and cardinality::\(GitHubFormatter().escapeDataPublic(text))\n"
            }
            return out
        case .junit:
            return JUnitFormatter(registry: registry).render(report)
        case .markdown:
            return MarkdownFormatter(registry: registry).render(report)
        }
    }

    /// "2 errors, 1 warning" (empty when there is nothing).
    public static func summary(_ report: LintReport) -> String {
        var parts: [String] = []
        func add(_ n: Int, _ word: String) { if n > 0 { parts.append("\(n) \(word)\(n == 1 ? "" : "s")") } }
        add(report.errorCount, "error")
        add(report.warningCount, "warning")
        add(report.noteCount, "note")
        return parts.joined(separator: ", ")
    }
}

extension GitHubFormatter {
    func escapeDataPublic(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}

/// `{"diagnostics": [...], "errors": n, "warnings": n, "notes": n, "costDiff": {...}}`, sorted keys.
enum LintJSON {
    struct Document: Encodable {
        var diagnostics: [Entry]
        var errors: Int
        var warnings: Int
        var notes: Int
        var costDiff: CostDiffJSON?
    }

    struct Entry: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var rule: String
        var message: String
        var hint: String?
        var entity: String
    }

    struct CostDiffJSON: Encodable {
        var currency: String
        var total: CostDiff.Delta
        var teams: [CostDiff.Delta]
        var services: [CostDiff.Delta]
        var summary: [String]
    }

    static func render(_ report: LintReport) -> String {
        let doc = Document(
            diagnostics: report.findings.map { f in
                let d = f.diagnostic
                return Entry(file: d.location?.file, line: d.location?.line, column: d.location?.column,
                             severity: d.severity.rawValue, rule: d.ruleID, message: d.message, hint: d.hint, entity: f.entity)
            },
            errors: report.errorCount, warnings: report.warningCount, notes: report.noteCount,
            costDiff: report.costDiff.map { CostDiffJSON(currency: $0.currency, total: $0.total, teams: $0.teams,
                                                         services: $0.services, summary: $0.lines()) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }
}
