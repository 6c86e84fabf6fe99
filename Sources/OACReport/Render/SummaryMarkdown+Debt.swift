import Foundation
import OACModel

/// `summary.md`'s debt lines: lint findings against last quarter, and when the at-risk budgets run out.
extension SummaryMarkdown {
    static func debtLines(_ card: Scorecard) -> String {
        let d = card.debt
        var out = ""
        if !d.teams.isEmpty || d.hasPrevious {
            let teams = d.teams.map { t -> String in
                let before = t.previousTotal.map { " (\($0) in \(card.previousQuarter?.description ?? "last quarter"))" } ?? ""
                return "\(md(t.team)) \(t.total)\(before)"
            }
            var line = "- **Technical debt:** \(d.total) lint findings"
            if let p = d.previousTotal { line += " against \(p) in \(card.previousQuarter?.description ?? "last quarter")" }
            out += line + (teams.isEmpty ? "" : " — " + teams.joined(separator: ", ")) + "\n"
        }
        for p in d.projections {
            let when = p.exhaustion.map { "runs out on \($0.description)" } ?? "is not being spent"
            out += "- **Budget projection:** \(md(p.slo)) \(when) at the last \(ScorecardBuilder.projectionDays) days' pace\n"
        }
        return out
    }
}
