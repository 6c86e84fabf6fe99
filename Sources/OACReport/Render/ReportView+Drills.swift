import Foundation
import OACModel

/// The `drills` key the templates see (docs/report.md lists its keys): the quarter's drills with their SLOs,
/// coverage of the critical SLOs, and the remediation backlog. Text stays plain; the templates escape it.
extension ReportView {
    static func drills(_ card: Scorecard) -> [String: Any] {
        let s = card.drills
        let list = s.drills.map(drill)
        let c = s.coverage
        let b = s.backlog
        return [
            "any": !s.drills.isEmpty,
            "count": s.drills.count,
            "held": s.drills.filter { $0.drill.outcome == .held }.count,
            "gaps": s.drills.filter { $0.drill.outcome == .exposedGap }.count,
            "list": list,
            "coverage": [
                "critical": c.critical.count, "drilled": c.drilled.count, "hasCritical": !c.critical.isEmpty,
                "since": c.since.map { "\($0.short) \($0.civil.year)" } ?? "–",
                "undrilled": c.undrilled, "hasUndrilled": !c.undrilled.isEmpty,
                "undrilledCount": c.undrilled.count, "undrilledList": c.undrilled.joined(separator: ", "),
                "allDrilled": !c.critical.isEmpty && c.undrilled.isEmpty,
                "rows": c.drilled.map { ["slo": $0.slo, "drills": $0.drills.joined(separator: ", ")] }
            ] as [String: Any],
            "backlog": [
                "total": b.total, "open": b.open, "overdue": b.overdue, "hasOverdue": b.overdue > 0,
                "fromDrills": b.fromDrills, "fromIncidents": b.fromIncidents,
                "owners": b.byOwner.map { ["owner": $0.owner, "open": $0.open, "overdue": $0.overdue, "late": $0.overdue > 0] as [String: Any] },
                "hasOwners": !b.byOwner.isEmpty,
                "items": b.openItems.map { i -> [String: Any] in
                    [
                        "source": i.source.rawValue, "from": i.from, "title": i.item.title, "owner": i.item.owner ?? "(no owner)",
                        "due": i.item.due ?? "–", "priority": i.item.priority ?? "–", "overdue": i.overdue
                    ]
                },
                "hasItems": !b.openItems.isEmpty,
                "quarterEnd": "\(card.quarter.lastDay.short) \(card.quarter.lastDay.civil.year)"
            ] as [String: Any]
        ]
    }

    static func drill(_ r: DrillResult) -> [String: Any] {
        let d = r.drill
        let done = d.actionItems.filter { ScorecardBuilder.isClosed($0.status) }.count
        let outcome: (label: String, cls: String) =
            switch d.outcome {
            case .held: ("held", "healthy")
            case .exposedGap: ("exposed a gap", "exhausted")
            case .aborted: ("aborted", "at-risk")
            case .planned: ("planned", "no-data")
            }
        return [
            "name": d.name, "title": d.title, "date": Day(parsing: d.date).map { "\($0.short) \($0.civil.year)" } ?? d.date,
            "window": window(d), "services": d.services.joined(separator: ", "),
            "hypothesis": d.hypothesis, "fault": d.fault, "tool": d.tool ?? "", "hasTool": d.tool != nil,
            "outcome": outcome.label, "outcomeClass": outcome.cls,
            "findings": d.findings, "hasFindings": !d.findings.isEmpty,
            "allowed": d.maxBudgetSpend.map { Format.share(NSDecimalNumber(decimal: $0.value).doubleValue / 100) } ?? "not set",
            "actions": d.actionItems.isEmpty ? "none" : "\(done) of \(d.actionItems.count) done",
            "slos": r.slos.map { t -> [String: Any] in
                [
                    "slo": t.slo, "objective": Format.objective(t.objective),
                    "attainment": t.attainment.map { Format.percent($0, objective: t.objective) } ?? "no data",
                    "held": t.held.map { $0 ? "held" : "missed" } ?? "no data",
                    "heldClass": t.held.map { $0 ? "healthy" : "exhausted" } ?? "no-data",
                    "spent": t.budgetSpent.map(spent) ?? "–",
                    "over": t.withinAllowance == false
                ]
            },
            "hasSlos": !r.slos.isEmpty
        ]
    }

    /// A share of the budget; a trace below 0.05% reads `< 0.1%`, not `0.0%`.
    static func spent(_ v: Double) -> String { v > 0 && v < 0.0005 ? "< 0.1%" : Format.share(v) }

    /// `10:00–10:45 UTC`, `all day`.
    static func window(_ d: Drill) -> String {
        guard let start = d.start else { return "all day" }
        let from = String(Format.date(start).split(separator: " ")[3])
        guard let duration = d.duration else { return "from \(from) UTC" }
        let end = start.addingTimeInterval(duration.seconds)
        let to = String(Format.date(end).split(separator: " ")[3])
        return Day(containing: end.addingTimeInterval(-0.001)) == Day(containing: start) ? "\(from)–\(to) UTC" : "\(from) UTC, \(duration)"
    }
}
