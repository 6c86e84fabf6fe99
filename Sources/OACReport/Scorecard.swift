import Foundation
import OACModel

/// The quarter's figures, computed once from the catalog, the quarter's data, incidents and the cost estimate;
/// every output (HTML, SVG, JSON, Markdown) renders this value and computes nothing of its own.
public struct Scorecard: Sendable {
    public var quarter: Quarter
    public var platform: String
    /// When the data was read (the snapshot's `generatedAt`): the report shows this, never the render time,
    /// so the same inputs give the same bytes.
    public var dataAsOf: String
    public var source: String?
    public var through: Day
    public var slos: [SLOResult]
    public var headline: Headline
    public var incidents: IncidentSummary
    public var cost: CostSummary
    public var dataQuality: DataQuality
    /// Tier name → weight in the reliability score.
    public var tierWeights: [(tier: String, weight: Int)]
    public var previousQuarter: Quarter?
    /// Pages, tickets, out-of-hours share, noisy alerts, noise and runbooks (`OnCallHealth`).
    public var onCall: OnCallHealth? = nil
    /// Chaos drills, their coverage of the critical SLOs and the remediation backlog (ScorecardBuilder+Drills.swift).
    public var drills = DrillSummary()
    /// Lint findings per team against last quarter, budget-exhaustion projections (ScorecardBuilder+Debt.swift).
    public var debt = DebtSummary()

    /// Days of the quarter the data covers.
    public var days: [Day] { (quarter.firstDay.index...through.index).map { Day(index: $0) } }
}

/// Error-budget policy state of one SLO over the quarter.
public enum PolicyState: String, Sendable, Codable, CaseIterable {
    case healthy
    case atRisk = "at-risk"
    case exhausted
    case noData = "no-data"

    /// At or above this share of the budget consumed an SLO is at risk; at or above 1 it is exhausted.
    public static let atRiskThreshold = 0.75

    public init(budgetConsumed: Double?) {
        guard let c = budgetConsumed else {
            self = .noData
            return
        }
        self = c >= 1 ? .exhausted : c >= Self.atRiskThreshold ? .atRisk : .healthy
    }

    public var label: String {
        switch self {
        case .healthy: "healthy"
        case .atRisk: "at risk"
        case .exhausted: "exhausted"
        case .noData: "no data"
        }
    }
}

public struct SLOResult: Sendable {
    public var service: String
    public var slo: String
    public var description: String?
    public var team: String
    public var tier: String
    public var weight: Int
    /// Percent; the objective in force at the end of the data (catalog's when none was recorded).
    public var objective: Double
    public var good: Double
    public var total: Double
    /// Σbad the quarter's objectives allow: Σ total_d × (1 − objective_d).
    public var allowedBad: Double
    /// Σgood / Σtotal in percent; nil without events.
    public var attainment: Double?
    /// Σbad / allowedBad; 1.0 = the whole budget.
    public var budgetConsumed: Double?
    /// Rolling SLOs: the quarter's budget held. Calendar SLOs: every period with data held its own budget.
    public var met: Bool?
    /// Rolling SLOs: from the quarter's budget consumed; calendar SLOs: from the worst period's.
    public var state: PolicyState
    /// nil for a rolling SLO; otherwise the budget starts again each period.
    public var calendar: CalendarPeriod?
    /// `30d` or `calendar month`.
    public var windowLabel: String
    /// A calendar SLO's periods in the quarter (empty for rolling SLOs).
    public var periods: [Period]
    /// One entry per day of the data; nil where the day has no data.
    public var days: [DayCounts?]
    public var missingDays: [Day]
    /// Days whose counts were computed from the raw series because the recordings missed them.
    public var rawDays: [Day] = []
    public var objectiveChanged: Bool
    /// Distinct objectives recorded during the quarter, in order of first appearance.
    public var objectivesSeen: [Double]
    /// Last quarter's attainment (percent), when `--previous` holds this SLO.
    public var previousAttainment: Double?
    /// What maintenance windows and corrections took out of the counts above (already excluded from them).
    public var excluded: [BudgetGate.Exclusion] = []

    public var bad: Double { total - good }
    public var id: String { "\(service)/\(slo)" }

    public struct DayCounts: Sendable {
        public var day: Day
        public var good: Double
        public var total: Double
        public var objective: Double
        public var bad: Double { total - good }
        /// The day's error ratio over its budget: ≤ 1 means the day alone kept the objective.
        public var burnRate: Double {
            let budget = 1 - objective / 100
            guard total > 0, budget > 0 else { return 0 }
            return (bad / total) / budget
        }
        public var attainment: Double? { total > 0 ? good / total * 100 : nil }
    }

    /// The budget share that judges the SLO: the quarter's, or for a calendar SLO its worst period's.
    public var judgedBudgetConsumed: Double? {
        guard calendar != nil else { return budgetConsumed }
        return periods.compactMap(\.budgetConsumed).max()
    }

    /// Remaining budget after each day (1 → 0 and below): cumulative over the quarter's allowance, or for a
    /// calendar SLO over its period's allowance, starting again at 1 on each period's first day (`reset`).
    public var burnDown: [(day: Day, remaining: Double, reset: Bool)] {
        let present = days.compactMap { $0 }
        guard calendar != nil else {
            guard allowedBad > 0 else { return [] }
            var spent = 0.0
            return present.map { d in
                spent += d.bad
                return (d.day, 1 - spent / allowedBad, false)
            }
        }
        var out: [(day: Day, remaining: Double, reset: Bool)] = []
        for p in periods where p.allowedBad > 0 {
            var spent = 0.0
            var first = true
            for d in present where p.span.days.contains(d.day.index) {
                spent += d.bad
                out.append((d.day, 1 - spent / p.allowedBad, first && !out.isEmpty))
                first = false
            }
        }
        return out
    }
}

public struct Headline: Sendable {
    public var slosMet: Int
    public var slosWithData: Int
    public var slosTotal: Int
    /// Tier-weighted share of SLOs met, 0…100; nil when no SLO has data.
    public var score: Double?
    public var previousScore: Double?
    public var previousMet: Int?
    public var previousWithData: Int?
    public var states: [PolicyState: Int]
}

public struct Stat: Sendable, Hashable {
    public var count: Int
    public var median: Double?
    public var p90: Double?

    /// Median and p90 by linear interpolation between closest ranks (numpy's and Excel's default).
    public init(_ values: [Double]) {
        let v = values.sorted()
        count = v.count
        median = Self.percentile(v, 0.5)
        p90 = Self.percentile(v, 0.9)
    }

    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

public struct IncidentImpact: Sendable {
    public var incident: ReportIncident
    /// The SLO whose quarterly budget this incident burned most, and how much (fraction of the quarter's budget).
    public var slo: String?
    public var budgetBurned: Double
}

public struct IncidentSummary: Sendable {
    public var incidents: [ReportIncident]
    public var bySeverity: [(severity: IncidentSeverity, count: Int)]
    public var mttd: Stat
    public var mtta: Stat
    public var mttr: Stat
    public var top: [IncidentImpact]
    public var postmortems: Postmortems
    public var actionItems: ActionItems

    public struct Postmortems: Sendable {
        public var published: Int
        public var draft: Int
        public var none: Int
        /// SEV1 and SEV2 incidents: a published postmortem is required.
        public var required: Int
        public var requiredPublished: Int
        public var missing: [String]
    }

    public struct ActionItems: Sendable {
        public var total: Int
        public var open: Int
        public var overdue: Int
        public var byOwner: [(owner: String, open: Int, overdue: Int)]
        public var overdueItems: [(incident: String, item: ActionItem)]
    }
}

public struct CostSummary: Sendable {
    public var currency: String
    public var monthlyTotal: ExactDecimal
    public var estimatedSeries: Int
    public var byTeam: [(team: String, monthly: ExactDecimal, series: Int)]
    public var byTier: [(tier: String, monthly: ExactDecimal, series: Int)]
    /// Measured active series per job, with the service whose job it is and that service's scraped estimate.
    public var measured: [(job: String, service: String?, measured: Double, estimated: Int?)]
    public var measuredTotal: Double?
    /// The declared metrics with the most series (estimate).
    public var topMetrics: [(service: String, metric: String, series: Int)]
}

public struct DataQuality: Sendable {
    public struct Gap: Sendable {
        public var slo: String
        public var days: [Day]
    }

    public var gaps: [Gap]
    public var objectiveChanges: [(slo: String, objectives: [Double])]
    /// SLOs of the catalog with no data at all.
    public var noData: [String]
    /// SLOs in the data that the catalog does not have (renamed or removed).
    public var unknown: [String]
    /// Days computed from the raw series (not a problem: the page says which).
    public var rawDays: [Gap] = []
    /// Days where the recorded and the raw counts disagree by more than 0.1%.
    public var mismatches: [(slo: String, days: [Snapshot.Mismatch])] = []

    public var isClean: Bool {
        gaps.isEmpty && objectiveChanges.isEmpty && noData.isEmpty && unknown.isEmpty && mismatches.isEmpty
    }
}
