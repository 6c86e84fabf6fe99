import Foundation
import OACModel
import OACSupport

/// `summary.json`'s `drills`: the quarter's drills with their SLOs, coverage of the critical SLOs and the
/// remediation backlog (fields in UTF-8 key order; schemas/report-summary.schema.json describes them).
struct DrillsJSON: Sendable, JSONWritable {
    struct SLO: Sendable, JSONWritable {
        var slo: String
        var objective: SummaryJSON.Number
        var attainment: SummaryJSON.Number
        var held: Bool?
        var budgetSpent: SummaryJSON.Number

        func write(to json: inout JSONWriter) {
            json.object {
                $0.field("attainment", attainment)
                $0.field("budgetSpent", budgetSpent)
                $0.field("held", orNull: held)  // null without data, never absent
                $0.field("objective", objective)
                $0.field("slo", slo)
            }
        }
    }

    struct Item: Sendable, JSONWritable {
        var name: String, title: String, date: String, outcome: String
        var services: [String]
        var maxBudgetSpend: SummaryJSON.Number
        var slos: [SLO]
        var actionItems: Int, openActionItems: Int

        func write(to json: inout JSONWriter) {
            json.object {
                $0.field("actionItems", actionItems)
                $0.field("date", date)
                $0.field("maxBudgetSpend", maxBudgetSpend)
                $0.field("name", name)
                $0.field("openActionItems", openActionItems)
                $0.field("outcome", outcome)
                $0.field("services", services)
                $0.field("slos", slos)
                $0.field("title", title)
            }
        }
    }

    var total: Int
    var list: [Item]
    var since: String?
    var critical: [String]
    var drilled: [String: [String]]
    var undrilled: [String]
    var backlog: RemediationBacklog

    init(_ s: DrillSummary) {
        total = s.drills.count
        list = s.drills.map { r in
            Item(
                name: r.drill.name, title: r.drill.title, date: r.drill.date, outcome: r.drill.outcome.rawValue,
                services: r.drill.services,
                maxBudgetSpend: SummaryJSON.Number(r.drill.maxBudgetSpend.map { NSDecimalNumber(decimal: $0.value).doubleValue }),
                slos: r.slos.map {
                    SLO(
                        slo: $0.slo, objective: SummaryJSON.Number($0.objective), attainment: SummaryJSON.Number($0.attainment),
                        held: $0.held, budgetSpent: SummaryJSON.Number($0.budgetSpent))
                },
                actionItems: r.drill.actionItems.count,
                openActionItems: r.drill.actionItems.filter { !ScorecardBuilder.isClosed($0.status) }.count)
        }
        since = s.coverage.since?.description
        critical = s.coverage.critical
        drilled = Dictionary(s.coverage.drilled.map { ($0.slo, $0.drills) }, uniquingKeysWith: { a, _ in a })
        undrilled = s.coverage.undrilled
        backlog = s.backlog
    }

    func write(to json: inout JSONWriter) {
        json.object {
            $0.key("backlog")
            $0.object {
                $0.field(
                    "byOwner",
                    Dictionary(backlog.byOwner.map { ($0.owner, ["open": $0.open, "overdue": $0.overdue]) }, uniquingKeysWith: { a, _ in a }))
                $0.field("fromDrills", backlog.fromDrills)
                $0.field("fromIncidents", backlog.fromIncidents)
                $0.field("open", backlog.open)
                $0.field("overdue", backlog.overdue)
                $0.field("total", backlog.total)
            }
            $0.key("coverage")
            $0.object {
                $0.field("criticalSLOs", critical)
                $0.field("drilled", drilled)
                $0.field("since", orNull: since)
                $0.field("undrilled", undrilled)
            }
            $0.field("list", list)
            $0.field("total", total)
        }
    }
}
