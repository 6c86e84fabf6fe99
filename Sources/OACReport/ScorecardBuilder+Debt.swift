import Foundation
import OACModel

/// The technical-debt trend on the scorecard (DebtSummary): lint findings per team now against last
/// quarter's snapshot, and budget-exhaustion projections for the at-risk SLOs.
extension ScorecardBuilder {
    /// How many of the last days with data the projection's pace is measured over.
    public static let projectionDays = 7

    func debtSummary(data: Snapshot, previous: Snapshot?, slos: [SLOResult]) -> DebtSummary {
        var d = DebtSummary()
        let now = data.lintFindings ?? lintFindings ?? [:]
        let before = previous?.lintFindings
        d.hasPrevious = before != nil
        let teams = Set(now.keys).union(before?.keys ?? [:].keys).sorted()
        for team in teams {
            let a = now[team] ?? [:]
            let b = before?[team]
            let rules = Set(a.keys).union(b?.keys ?? [:].keys).sorted().map { rule in
                (rule: rule, now: a[rule] ?? 0, before: before.map { _ in b?[rule] ?? 0 })
            }
            let total = a.values.reduce(0, +)
            let previousTotal = before.map { _ in (b ?? [:]).values.reduce(0, +) }
            d.teams.append(.init(team: team, rules: rules, total: total, previousTotal: previousTotal))
        }
        d.total = d.teams.reduce(0) { $0 + $1.total }
        d.previousTotal = before.map { $0.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
        d.through = data.through
        d.projections = slos.filter { $0.state == .atRisk }.compactMap { Self.projection($0, through: data.through, quarter: data.quarter) }
        return d
    }

    /// Remaining budget (the quarter's allowance so far minus the bad events, or the last calendar period's) over
    /// the bad events a day of the last `projectionDays` days with data.
    static func projection(_ s: SLOResult, through: Day, quarter: Quarter) -> DebtSummary.Projection? {
        let present = s.days.compactMap { $0 }.filter { $0.day <= through }
        guard !present.isEmpty else { return nil }
        var remaining = s.allowedBad - s.bad
        var ends = quarter.lastDay
        if s.calendar != nil, let p = s.periods.last {
            remaining = p.allowedBad - (p.total - p.good)
            ends = p.span.end
        }
        let last = present.suffix(projectionDays)
        let bad = last.reduce(0) { $0 + $1.bad }
        let total = last.reduce(0) { $0 + $1.total }
        let dailyBad = bad / Double(projectionDays)
        let budgetRate = 1 - (last.last?.objective ?? s.objective) / 100
        let burnRate = total > 0 && budgetRate > 0 ? (bad / total) / budgetRate : nil
        var exhaustion: Day?
        if dailyBad > 0 {
            let days = max(0, remaining) / dailyBad
            exhaustion = Day(index: through.index + Int(days.rounded(.up)))
        }
        return .init(slo: s.id, remaining: remaining, dailyBad: dailyBad, burnRate: burnRate, exhaustion: exhaustion, budgetEnds: ends)
    }
}
