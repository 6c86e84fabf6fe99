import Foundation
import OACModel

/// The calendar periods of a quarter for a calendar SLO (UTC; weeks start on Monday): the spans whose budgets
/// the report judges one by one, because a calendar SLO's budget starts again at each period.
public struct PeriodSpan: Hashable, Sendable {
    /// First and last day of the span inside the quarter (both inclusive).
    public var start: Day
    public var end: Day
    /// The period runs past the quarter's start or end (a week across the boundary): only its days inside
    /// the quarter count here.
    public var clipped: Bool

    public var days: ClosedRange<Int> { start.index...end.index }
}

extension CalendarPeriod {
    /// First day of the period that contains `day`.
    public func periodStart(of day: Day) -> Day {
        switch self {
        case .week: return Day(index: day.index - day.weekday)
        case .month: return Day(year: day.civil.year, month: day.civil.month, day: 1)
        case .quarter:
            let c = day.civil
            return Day(year: c.year, month: (c.month - 1) / 3 * 3 + 1, day: 1)
        }
    }

    /// First day of the period after the one starting on `start`.
    func nextStart(after start: Day) -> Day {
        switch self {
        case .week: return Day(index: start.index + 7)
        case .month, .quarter:
            let c = start.civil
            let months = self == .month ? 1 : 3
            let m = c.month - 1 + months
            return Day(year: c.year + m / 12, month: m % 12 + 1, day: 1)
        }
    }

    /// The periods that meet the quarter up to `through` (a quarter not over ends at its last day with data),
    /// each clipped to the quarter.
    public func spans(in quarter: Quarter, through: Day) -> [PeriodSpan] {
        let first = quarter.firstDay
        let last = min(through, quarter.lastDay)
        var out: [PeriodSpan] = []
        var start = periodStart(of: first)
        while start <= last {
            let next = nextStart(after: start)
            let end = Day(index: next.index - 1)
            out.append(
                PeriodSpan(
                    start: max(start, first), end: min(end, quarter.lastDay),
                    clipped: start < first || end > quarter.lastDay))
            start = next
        }
        return out
    }
}

extension SLOResult {
    /// One calendar period of a calendar SLO: the quarter's maths over the period's days alone.
    public struct Period: Sendable {
        public var span: PeriodSpan
        public var good: Double
        public var total: Double
        public var allowedBad: Double
        /// Σgood / Σtotal of the period's days, percent; nil without events.
        public var attainment: Double? { total > 0 ? good / total * 100 : nil }
        /// Σbad / the period's allowance; 1.0 = the period's whole budget.
        public var budgetConsumed: Double? { total > 0 ? (allowedBad > 0 ? (total - good) / allowedBad : 0) : nil }
        public var met: Bool? { budgetConsumed.map { $0 <= 1 } }
        /// The period's objective: the one in force on its last day with data.
        public var objective: Double
    }

    /// Splits daily counts into the periods; days without data count in no period.
    static func periods(_ spans: [PeriodSpan], days: [DayCounts?], fallbackObjective: Double) -> [Period] {
        let present = days.compactMap { $0 }
        return spans.map { span in
            let inSpan = present.filter { span.days.contains($0.day.index) }
            return Period(
                span: span, good: inSpan.reduce(0) { $0 + $1.good }, total: inSpan.reduce(0) { $0 + $1.total },
                allowedBad: inSpan.reduce(0) { $0 + $1.total * (1 - $1.objective / 100) },
                objective: inSpan.last?.objective ?? fallbackObjective)
        }
    }
}
