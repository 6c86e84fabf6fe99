import Foundation
import OACModel

/// The technical-debt trend: the lint rules' findings per team at the quarter's end against last quarter's
/// snapshot, and when each at-risk SLO's budget runs out at its last 7 days' burn.
public struct DebtSummary: Sendable {
    /// One team's findings: by rule id, now and (with a previous snapshot that has them) last quarter.
    public struct Team: Sendable {
        public var team: String
        public var rules: [(rule: String, now: Int, before: Int?)]
        public var total: Int
        public var previousTotal: Int?
    }

    /// An at-risk SLO's budget at the last 7 days' pace.
    public struct Projection: Sendable {
        /// `service/slo`.
        public var slo: String
        /// Bad events the budget still allows (the quarter's, or for a calendar SLO its last period's).
        public var remaining: Double
        /// Bad events a day over the last 7 days with data.
        public var dailyBad: Double
        /// The last 7 days' error ratio over the budget rate (1 = spending exactly the budget).
        public var burnRate: Double?
        /// The day the budget runs out at that pace: `through` + ⌈remaining ÷ dailyBad⌉; nil when nothing is spent.
        public var exhaustion: Day?
        /// The budget the projection is about ends on this day (the quarter's, or the calendar period's, last day).
        public var budgetEnds: Day
    }

    public var teams: [Team] = []
    /// Whether last quarter's counts were available (`--previous` holding `lintFindings`).
    public var hasPrevious = false
    public var total = 0
    public var previousTotal: Int?
    public var projections: [Projection] = []
    /// The last day of data the projections start from.
    public var through: Day?

    public init() {}
}
