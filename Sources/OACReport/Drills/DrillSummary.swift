import Foundation
import OACModel

/// The chaos-drill part of the scorecard: the quarter's drills joined with their SLOs' daily data, drill
/// coverage of the critical SLOs, and one remediation backlog of drill and postmortem action items.
public struct DrillSummary: Sendable {
    /// Drills dated in the quarter, by date then name.
    public var drills: [DrillResult] = []
    public var coverage = DrillCoverage()
    public var backlog = RemediationBacklog()

    public init() {}
}

/// One drill and what its SLOs' data says about it.
public struct DrillResult: Sendable {
    public var drill: Drill
    /// The days the drill's window touches (its `date` alone without `start` and `duration`).
    public var days: [Day]
    public var slos: [DrillSLO]

    /// Whether every targeted SLO with data held on the drill's days; nil when none has data.
    public var slosHeld: Bool? {
        let known = slos.compactMap(\.held)
        return known.isEmpty ? nil : known.allSatisfy { $0 }
    }

    /// The most budget any targeted SLO spent, and whether that stayed within `maxBudgetSpend`.
    public var maxSpent: Double? { slos.compactMap(\.budgetSpent).max() }
    public var withinAllowance: Bool? {
        let known = slos.compactMap(\.withinAllowance)
        return known.isEmpty ? nil : known.allSatisfy { $0 }
    }
}

/// One targeted SLO on the drill's days.
public struct DrillSLO: Sendable {
    /// `service/slo`.
    public var slo: String
    /// Percent, the objective of the drill's last day with data (the SLO's when none).
    public var objective: Double
    /// Σgood / Σtotal over the drill's days with data, in percent; nil without data.
    public var attainment: Double?
    /// The error ratio over the drill's days stayed within the budget rate (attainment ≥ objective).
    public var held: Bool?
    /// Bad events above the SLO's median daily bad count on the drill's days, over the quarter's allowance
    /// (the same measure as an incident's budget burned); nil without data.
    public var budgetSpent: Double?
    /// `maxBudgetSpend` as a fraction (0.05 for 5); nil when the drill sets none.
    public var allowed: Double?
    public var withinAllowance: Bool? {
        guard let budgetSpent, let allowed else { return nil }
        return budgetSpent <= allowed
    }
}

/// Critical SLOs (services of a critical tier) and the drills that ran on them in the last two quarters.
public struct DrillCoverage: Sendable {
    /// The first day of the window: the previous quarter's first day.
    public var since: Day?
    /// Every critical SLO, `service/slo`, sorted.
    public var critical: [String] = []
    /// Critical SLO → the drills (names) that ran on it in the window.
    public var drilled: [(slo: String, drills: [String])] = []
    /// Critical SLOs no drill ran on in the window.
    public var undrilled: [String] = []
}

/// Open and overdue action items of the quarter's drills and incidents, by owner.
public struct RemediationBacklog: Sendable {
    public enum Source: String, Sendable { case drill, incident }

    public struct Item: Sendable {
        public var source: Source
        /// The drill's name or the incident's id.
        public var from: String
        public var item: ActionItem
        public var overdue: Bool
    }

    public var total = 0
    public var open = 0
    public var overdue = 0
    public var fromDrills = 0
    public var fromIncidents = 0
    /// Owner ("(no owner)" when unset) → open and overdue counts, by owner name.
    public var byOwner: [(owner: String, open: Int, overdue: Int)] = []
    /// The open items, overdue first, then by due date, owner and title.
    public var openItems: [Item] = []
}
