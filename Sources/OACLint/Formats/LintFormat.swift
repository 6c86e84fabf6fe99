import Foundation
import OACDiagnostics
import OACModel
import OACSupport

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
            if let withheld = report.costDiffWithheld { out += withheld + "\n" }
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
            if let withheld = report.costDiffWithheld {
                out += "::notice title=oac cost and cardinality::\(GitHubFormatter().escapeDataPublic(withheld))\n"
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
    struct Document: JSONWritable {
        var diagnostics: [Entry]
        var errors: Int
        var warnings: Int
        var notes: Int
        var costDiff: CostDiffJSON?
        var costDiffWithheld: String?
    }

    struct Entry: JSONWritable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var rule: String
        var message: String
        var hint: String?
        var entity: String
    }

    struct CostDiffJSON: JSONWritable {
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
                return Entry(
                    file: d.location?.file, line: d.location?.line, column: d.location?.column,
                    severity: d.severity.rawValue, rule: d.ruleID, message: d.message, hint: d.hint, entity: f.entity)
            },
            errors: report.errorCount, warnings: report.warningCount, notes: report.noteCount,
            costDiff: report.costDiff.map {
                CostDiffJSON(
                    currency: $0.currency, total: $0.total, teams: $0.teams,
                    services: $0.services, summary: $0.lines())
            },
            costDiffWithheld: report.costDiffWithheld)
        return StableJSON.text(doc)
    }
}

// MARK: - JSON form (fields in UTF-8 key order, nil optionals left out)

extension LintJSON.Document {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("costDiff", costDiff)
            $0.field("costDiffWithheld", costDiffWithheld)
            $0.field("diagnostics", diagnostics)
            $0.field("errors", errors)
            $0.field("notes", notes)
            $0.field("warnings", warnings)
        }
    }
}

extension LintJSON.Entry {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("column", column)
            $0.field("entity", entity)
            $0.field("file", file)
            $0.field("hint", hint)
            $0.field("line", line)
            $0.field("message", message)
            $0.field("rule", rule)
            $0.field("severity", severity)
        }
    }
}

extension LintJSON.CostDiffJSON {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("currency", currency)
            $0.field("services", services)
            $0.field("summary", summary)
            $0.field("teams", teams)
            $0.field("total", total)
        }
    }
}

extension CostDiff.Delta: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("costPerMonth", costPerMonth)
            $0.field("metrics", metrics)
            $0.field("name", name)
            $0.field("series", series)
        }
    }
}

extension CostDiff.MetricDelta: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("name", name)
            $0.field("series", series)
        }
    }
}
