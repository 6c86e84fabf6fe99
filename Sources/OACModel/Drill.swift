import Foundation
import OACPromQL

/// How a chaos drill ended.
public enum DrillOutcome: String, Sendable, Hashable, CaseIterable {
    /// The hypothesis held.
    case held
    /// It did not: the drill found a weakness (its findings and action items say which).
    case exposedGap = "exposed-gap"
    /// Stopped before the end (a guard tripped, the budget ran out).
    case aborted
    /// Not run yet.
    case planned

    /// A drill that ran to its end tests its SLOs: it counts for drill coverage.
    public var ran: Bool { self == .held || self == .exposedGap }
}

/// A chaos drill (`kind: Drill`): a fault injected into services to test a hypothesis about their SLOs.
public struct Drill: Sendable, Hashable {
    public var name: String
    public var title: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var start: Date?
    public var duration: PromDuration?
    public var services: [String]
    /// The SLOs targeted, as `service/slo`, sorted (every SLO of `services` when the catalog lists none).
    public var slos: [String]
    public var hypothesis: String
    public var fault: String
    public var tool: String?
    /// Percent of each targeted SLO's quarterly error budget the drill may spend.
    public var maxBudgetSpend: ExactDecimal?
    public var outcome: DrillOutcome
    public var findings: [String]
    public var actionItems: [ActionItem]

    public init(
        name: String, title: String, date: String, start: Date? = nil, duration: PromDuration? = nil, services: [String],
        slos: [String], hypothesis: String, fault: String, tool: String? = nil, maxBudgetSpend: ExactDecimal? = nil,
        outcome: DrillOutcome, findings: [String] = [], actionItems: [ActionItem] = []
    ) {
        self.name = name
        self.title = title
        self.date = date
        self.start = start
        self.duration = duration
        self.services = services
        self.slos = slos
        self.hypothesis = hypothesis
        self.fault = fault
        self.tool = tool
        self.maxBudgetSpend = maxBudgetSpend
        self.outcome = outcome
        self.findings = findings
        self.actionItems = actionItems
    }
}
