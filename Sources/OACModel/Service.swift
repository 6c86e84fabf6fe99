import Foundation
import OACPromQL

// Services, their SLOs and incidents: the rest of the model (Model.swift holds the platform and teams).

// MARK: - Services

public enum ServiceType: String, Sendable, Hashable, CaseIterable {
    case modelServing = "model-serving"
    case llmServing = "llm-serving"
    case pipeline
    case api
    case batch
}

public struct Service: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var owner: String
    public var tier: String
    public var type: ServiceType
    public var regions: [String]
    public var job: String
    public var runbook: String?
    public var targets: Targets
    /// How the targets are scraped.
    public var scrape: ScrapeSettings
    public var instances: Int
    public var metrics: [MetricSpec]
    public var logs: [LogStream]
    public var slos: [SLO]
    /// The error-budget policy resolved for the service (platform, tier, service).
    public var errorBudgetPolicy: BudgetPolicy = .defaults
    /// Planned work: alerts muted, events not counted against the budget.
    public var maintenanceWindows: [BudgetWindow] = []
    /// Corrections of the record: events not counted against the budget.
    public var corrections: [BudgetWindow] = []

    public init(
        name: String, description: String?, owner: String, tier: String, type: ServiceType,
        regions: [String], job: String, runbook: String?, targets: Targets, instances: Int,
        metrics: [MetricSpec], logs: [LogStream], slos: [SLO], scrape: ScrapeSettings = ScrapeSettings()
    ) {
        self.scrape = scrape
        self.name = name
        self.description = description
        self.owner = owner
        self.tier = tier
        self.type = type
        self.regions = regions
        self.job = job
        self.runbook = runbook
        self.targets = targets
        self.instances = instances
        self.metrics = metrics
        self.logs = logs
        self.slos = slos
    }

    public func metric(named name: String) -> MetricSpec? { metrics.first { $0.name == name } }
}

public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case counter, gauge, histogram, summary
}

public struct MetricSpec: Sendable, Hashable {
    public var name: String
    public var type: MetricType
    public var help: String?
    /// Label name → number of distinct values, sorted by label name.
    public var labels: [LabelCardinality]
    /// Histogram bucket bounds (`le`), ascending, exact.
    public var buckets: [ExactDecimal]
    /// Summary quantiles.
    public var quantiles: [ExactDecimal]

    public init(
        name: String, type: MetricType, help: String?, labels: [LabelCardinality],
        buckets: [ExactDecimal], quantiles: [ExactDecimal]
    ) {
        self.name = name
        self.type = type
        self.help = help
        self.labels = labels
        self.buckets = buckets
        self.quantiles = quantiles
    }
}

public struct LabelCardinality: Sendable, Hashable {
    public var name: String
    public var values: Int

    public init(name: String, values: Int) {
        self.name = name
        self.values = values
    }
}

public struct LogStream: Sendable, Hashable {
    public var selector: String
    public var volumePerDay: ByteSize
    /// nil = the tier's log retention.
    public var retention: PromDuration?

    public init(selector: String, volumePerDay: ByteSize, retention: PromDuration?) {
        self.selector = selector
        self.volumePerDay = volumePerDay
        self.retention = retention
    }
}

// MARK: - SLOs

public struct SLO: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// Percent, exact: 99.9.
    public var objective: ExactDecimal
    /// The rolling window; for a calendar SLO, the longest its period can be (burn-rate factors and retention
    /// checks use it).
    public var window: PromDuration
    /// nil = rolling over `window`; otherwise the budget resets at the start of each calendar period (UTC).
    public var calendar: CalendarPeriod?
    public var sli: SLI
    public var alerting: SLOAlerting
    /// Burn-rate alerts with factors computed for this SLO's window.
    public var burnRates: [BurnRateAlert]

    public init(
        name: String, description: String?, objective: ExactDecimal, window: PromDuration,
        calendar: CalendarPeriod? = nil, sli: SLI, alerting: SLOAlerting, burnRates: [BurnRateAlert]
    ) {
        self.name = name
        self.description = description
        self.objective = objective
        self.window = window
        self.calendar = calendar
        self.sli = sli
        self.alerting = alerting
        self.burnRates = burnRates
    }

    /// How the window reads in titles and reports: `30d`, or `calendar month`.
    public var windowLabel: String { calendar.map { "calendar \($0.rawValue)" } ?? window.description }

    /// Objective as a ratio (0.999), exact.
    public var objectiveRatio: ExactDecimal { ExactDecimal(objective.value.percentToRatio) }
    /// Error budget as a ratio (0.001), exact.
    public var errorBudget: ExactDecimal { ExactDecimal(DecimalMemo.shared.difference(100, objective.value).percentToRatio) }
}

/// A calendar-aligned SLO period, in UTC: weeks start on Monday, quarters in January, April, July, October.
public enum CalendarPeriod: String, Sendable, Hashable, CaseIterable {
    case week, month, quarter

    /// The longest the period can be: 7d, 31d, 92d (July–September).
    public var longest: PromDuration {
        switch self {
        case .week: .days(7)
        case .month: .days(31)
        case .quarter: .days(92)
        }
    }
}

public enum SLI: Sendable, Hashable {
    case events(EventsSLI)
    /// Events counted by free PromQL (imported Sloth/OpenSLO queries) instead of label selectors.
    case eventQueries(EventQueriesSLI)
    case latency(LatencySLI)
    case threshold(ThresholdSLI)

    public var kind: String {
        switch self {
        case .events, .eventQueries: "events"
        case .latency: "latency"
        case .threshold: "threshold"
        }
    }
}

public struct EventsSLI: Sendable, Hashable {
    public enum Counting: String, Sendable, Hashable { case bad, good }
    /// Whether `selector` counts bad or good events.
    public var counting: Counting
    public var selector: LabelSelector
    public var total: LabelSelector

    public init(counting: Counting, selector: LabelSelector, total: LabelSelector) {
        self.counting = counting
        self.selector = selector
        self.total = total
    }
}

/// Bad (or good) and total events as PromQL templates: `$window` stands for the rate range, which the rules
/// fill in (`5m` at the SLI level). Each query's result is summed, so it may keep labels.
public struct EventQueriesSLI: Sendable, Hashable {
    public var counting: EventsSLI.Counting
    public var query: String
    public var total: String

    public init(counting: EventsSLI.Counting, query: String, total: String) {
        self.counting = counting
        self.query = query
        self.total = total
    }

    /// The placeholder the queries write for the rate range.
    public static let windowPlaceholder = "$window"

    /// A query with `$window` replaced by a range.
    public static func expand(_ query: String, window: PromDuration) -> String {
        query.replacingOccurrences(of: windowPlaceholder, with: window.description)
    }
}

public struct LatencySLI: Sendable, Hashable {
    /// The histogram's base selector (metric without `_bucket`).
    public var histogram: LabelSelector
    /// Threshold in seconds, exact; equal to one of the histogram's bucket bounds.
    public var threshold: ExactDecimal

    public init(histogram: LabelSelector, threshold: ExactDecimal) {
        self.histogram = histogram
        self.threshold = threshold
    }
}

public enum ComparisonOp: String, Sendable, Hashable, CaseIterable {
    case lessThan = "<"
    case lessOrEqual = "<="
    case greaterThan = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
}

/// Where a threshold SLI's query is judged (docs/slo-rules.md, "Threshold SLIs on shards").
public enum ThresholdScope: String, Sendable, Hashable, CaseIterable {
    /// The query over every target of every region (the default when it aggregates across targets).
    case fleet
    /// The query over each region's targets; every region must pass.
    case region
    /// Each target apart: the query keeps `instance` or does not aggregate (the default then).
    case instance
}

public struct ThresholdSLI: Sendable, Hashable {
    public var query: String
    public var op: ComparisonOp
    public var value: ExactDecimal
    /// As written in the catalog; nil means derived from the query (fleet when it aggregates across targets).
    public var scope: ThresholdScope?

    public init(query: String, op: ComparisonOp, value: ExactDecimal, scope: ThresholdScope? = nil) {
        self.query = query
        self.op = op
        self.value = value
        self.scope = scope
    }
}

public struct SLOAlerting: Sendable, Hashable {
    public var page: Bool
    public var ticket: Bool
    /// Extra labels and annotations, sorted by key.
    public var labels: [KeyValue]
    public var annotations: [KeyValue]
    public var minEventsPerHour: ExactDecimal

    public init(page: Bool, ticket: Bool, labels: [KeyValue], annotations: [KeyValue], minEventsPerHour: ExactDecimal) {
        self.page = page
        self.ticket = ticket
        self.labels = labels
        self.annotations = annotations
        self.minEventsPerHour = minEventsPerHour
    }
}

public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

// MARK: - Incidents

public enum IncidentSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case sev1 = "SEV1"
    case sev2 = "SEV2"
    case sev3 = "SEV3"
    case sev4 = "SEV4"

    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
}

public struct Incident: Sendable, Hashable {
    public var id: String
    public var title: String
    public var services: [String]
    public var severity: IncidentSeverity
    public var started: Date
    public var detected: Date?
    public var acknowledged: Date?
    public var mitigated: Date?
    public var resolved: Date?
    public var postmortem: Postmortem
    public var actionItems: [ActionItem]
    /// What happened, in a few sentences (`summary` in the catalog).
    public var summary: String?

    public init(
        id: String, title: String, services: [String], severity: IncidentSeverity, started: Date,
        detected: Date?, acknowledged: Date?, mitigated: Date?, resolved: Date?, postmortem: Postmortem,
        actionItems: [ActionItem], summary: String? = nil
    ) {
        self.id = id
        self.title = title
        self.services = services
        self.severity = severity
        self.started = started
        self.detected = detected
        self.acknowledged = acknowledged
        self.mitigated = mitigated
        self.resolved = resolved
        self.postmortem = postmortem
        self.actionItems = actionItems
        self.summary = summary
    }
}

public struct Postmortem: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable { case published, draft, none }
    public var status: Status
    public var url: String?

    public init(status: Status, url: String?) {
        self.status = status
        self.url = url
    }
}

public struct ActionItem: Sendable, Hashable {
    public var title: String
    public var owner: String?
    /// `YYYY-MM-DD`.
    public var due: String?
    public var priority: String?
    public var status: String

    public init(title: String, owner: String?, due: String?, priority: String?, status: String) {
        self.title = title
        self.owner = owner
        self.due = due
        self.priority = priority
        self.status = status
    }
}
