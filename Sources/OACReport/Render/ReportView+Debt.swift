import Foundation
import OACModel

/// The `debt` key the templates see (docs/report.md lists its keys): lint findings per team against last
/// quarter, and budget-exhaustion projections for the at-risk SLOs.
extension ReportView {
    static func debt(_ card: Scorecard) -> [String: Any] {
        let d = card.debt
        func change(_ now: Int, _ before: Int?) -> (text: String, cls: String) {
            guard let before else { return ("–", "flat") }
            let delta = now - before
            return (delta > 0 ? "+\(delta)" : delta < 0 ? "−\(-delta)" : "±0", delta > 0 ? "down" : delta < 0 ? "up" : "flat")
        }
        let total = change(d.total, d.previousTotal)
        return [
            "any": !d.teams.isEmpty, "hasPrevious": d.hasPrevious, "previousQuarter": card.previousQuarter?.description ?? "last quarter",
            "total": d.total, "previousTotal": d.previousTotal.map(String.init) ?? "–", "change": total.text, "changeClass": total.cls,
            "teams": d.teams.map { t -> [String: Any] in
                let c = change(t.total, t.previousTotal)
                return [
                    "team": t.team, "total": t.total, "previous": t.previousTotal.map(String.init) ?? "–",
                    "change": c.text, "changeClass": c.cls,
                    "rules": t.rules.filter { $0.now > 0 }.map { "\($0.rule) \($0.now)" }.joined(separator: ", "),
                    "gone": t.rules.filter { $0.now == 0 && ($0.before ?? 0) > 0 }.map(\.rule).joined(separator: ", "),
                    "hasGone": t.rules.contains { $0.now == 0 && ($0.before ?? 0) > 0 }
                ]
            },
            "projections": d.projections.map { p -> [String: Any] in
                [
                    "slo": p.slo, "remaining": Format.count(max(0, p.remaining)), "dailyBad": Format.count(p.dailyBad),
                    "burnRate": p.burnRate.map { Format.fixed($0, 2) + "×" } ?? "–",
                    "exhaustion": p.exhaustion.map { "\($0.short) \($0.civil.year)" } ?? "not at this pace",
                    "beforeEnd": p.exhaustion.map { $0 <= p.budgetEnds } ?? false,
                    "budgetEnds": "\(p.budgetEnds.short) \(p.budgetEnds.civil.year)"
                ]
            },
            "hasProjections": !d.projections.isEmpty,
            "through": d.through.map { "\($0.short) \($0.civil.year)" } ?? "–",
            "days": ScorecardBuilder.projectionDays
        ]
    }
}
