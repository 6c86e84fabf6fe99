import Foundation
import OACModel
import OACSupport

/// `summary.json`'s `debt`: lint findings per team by rule (and last quarter's, when known), and the at-risk
/// SLOs' projected budget exhaustion (fields in UTF-8 key order; schemas/report-summary.schema.json).
struct DebtJSON: Sendable, JSONWritable {
    var debt: DebtSummary

    func write(to json: inout JSONWriter) {
        let d = debt
        json.object {
            $0.key("lintFindings")
            $0.object {
                $0.field(
                    "byTeam",
                    Dictionary(
                        d.teams.map { t in (t.team, Dictionary(t.rules.filter { $0.now > 0 }.map { ($0.rule, $0.now) }, uniquingKeysWith: { a, _ in a })) },
                        uniquingKeysWith: { a, _ in a }))
                $0.field(
                    "previousByTeam",
                    d.hasPrevious
                        ? Dictionary(
                            d.teams.map { t in
                                (t.team, Dictionary(t.rules.filter { ($0.before ?? 0) > 0 }.map { ($0.rule, $0.before ?? 0) }, uniquingKeysWith: { a, _ in a }))
                            }, uniquingKeysWith: { a, _ in a }) : nil)
                $0.field("previousTotal", orNull: d.previousTotal)
                $0.field("total", d.total)
            }
            $0.field("projections", d.projections.map(ProjectionJSON.init))
        }
    }

    struct ProjectionJSON: Sendable, JSONWritable {
        var p: DebtSummary.Projection
        func write(to json: inout JSONWriter) {
            json.object {
                $0.field("budgetEnds", p.budgetEnds)
                $0.field("burnRate7d", SummaryJSON.Number(p.burnRate))
                $0.field("dailyBadEvents", SummaryJSON.Number(p.dailyBad))
                $0.field("exhaustion", orNull: p.exhaustion)
                $0.field("remainingBadEvents", SummaryJSON.Number(max(0, p.remaining)))
                $0.field("slo", p.slo)
            }
        }
    }
}
