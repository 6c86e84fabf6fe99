import Foundation
import OACModel

/// `summary.md`'s drill lines: the quarter's drills, coverage of the critical SLOs, the remediation backlog.
extension SummaryMarkdown {
    static func drillLines(_ card: Scorecard) -> String {
        let s = card.drills
        var out = ""
        if !s.drills.isEmpty {
            let list = s.drills.map { r -> String in
                var text = "\(md(r.drill.title)) (\(r.drill.date)): \(r.drill.outcome == .exposedGap ? "exposed a gap" : r.drill.outcome.rawValue)"
                if let held = r.slosHeld { text += held ? "; every SLO held" : "; an SLO missed its objective" }
                if let spent = r.maxSpent { text += ", \(ReportView.spent(spent)) of its budget spent" }
                if r.withinAllowance == false { text += " (over its allowance)" }
                return text
            }
            out += "- **Chaos drills:** \(s.drills.count) — \(list.joined(separator: "; "))\n"
        }
        let c = s.coverage
        if !c.critical.isEmpty {
            out += "- **Drill coverage:** \(c.drilled.count) of \(c.critical.count) critical SLOs drilled in the last two quarters"
            out += c.undrilled.isEmpty ? "\n" : "; none for \(c.undrilled.map(md).joined(separator: ", "))\n"
        }
        let b = s.backlog
        if b.total > 0 {
            let late = b.byOwner.filter { $0.overdue > 0 }.map { "\(md($0.owner)) \($0.overdue)" }.joined(separator: ", ")
            out +=
                "- **Remediation backlog:** \(b.open) of \(b.total) drill and postmortem action items open, \(b.overdue) overdue"
                + (late.isEmpty ? "" : " (\(late))") + "\n"
        }
        return out
    }
}
