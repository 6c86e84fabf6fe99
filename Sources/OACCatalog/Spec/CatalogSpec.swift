import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// The catalog as written: every document decoded into typed specs, each value with its location.
/// Units are parsed here; references and cross-document rules are checked by the compiler.
public struct Catalog: Sendable, Hashable {
    public var platforms: [PlatformSpec] = []
    public var teams: [TeamSpec] = []
    public var services: [ServiceSpec] = []
    public var incidentLogs: [IncidentLogSpec] = []
    public var drills: [DrillSpec] = []
    /// Every file read, sorted.
    public var files: [String] = []

    public init() {}

    public mutating func merge(_ other: Catalog) {
        platforms += other.platforms
        teams += other.teams
        services += other.services
        incidentLogs += other.incidentLogs
        drills += other.drills
        files += other.files
    }

    /// Put every list in name order so nothing downstream depends on file order.
    public mutating func sort() {
        platforms.sort { ($0.name.value, $0.name.location) < ($1.name.value, $1.name.location) }
        teams.sort { ($0.name.value, $0.name.location) < ($1.name.value, $1.name.location) }
        services.sort { ($0.name.value, $0.name.location) < ($1.name.value, $1.name.location) }
        incidentLogs.sort { $0.location < $1.location }
        drills.sort { ($0.name.value, $0.name.location) < ($1.name.value, $1.name.location) }
        files.sort()
    }
}

/// Where a document starts and its `metadata.name`.
public struct DocumentHeader: Sendable, Hashable {
    public var kind: String
    public var location: SourceLocation
}

// MARK: - Platform

public struct PlatformSpec: Sendable, Hashable {
    public var name: Located<String>
    public var location: SourceLocation
    public var prometheusVersion: Located<String>?
    public var scrapeInterval: Located<PromDuration>?
    public var evaluationInterval: Located<PromDuration>?
    public var seriesPerShard: Located<Int>?
    public var prometheusRetention: Located<PromDuration>?
    public var regions: [RegionSpec] = []
    public var global: GlobalSpec?
    public var retentionTiers: [RetentionTierSpec] = []
    public var pricing: PricingSpec?
    public var alerting: AlertingSpec?
    public var grafanaURL: Located<String>?
    public var kubernetes: KubernetesSettings?
    /// `spec.lint` kept as raw settings for the linter: rule id → severity or `off`.
    public var lint: [String: Located<String>] = [:]
    public var errorBudgetPolicy: BudgetPolicySpec?
}

public struct RegionSpec: Sendable, Hashable {
    public var name: Located<String>
    /// nil = auto.
    public var shards: Located<Int>?
    public var shardsAuto: Bool
    public var address: Located<String>?
    /// Prometheus servers per shard (HA replicas); nil = 1.
    public var replicas: Located<Int>? = nil
}

public struct GlobalSpec: Sendable, Hashable {
    public var mode: Located<String>?
    public var address: Located<String>?
    public var retention: Located<PromDuration>?
    public var location: SourceLocation
    public var thanos: ThanosSpec?
    public var mimir: MimirSettings?
}

/// `spec.global.thanos`; nil fields take the defaults of `ThanosSettings`.
public struct ThanosSpec: Sendable, Hashable {
    public var objstoreConfigFile: Located<String>?
    public var tierObjstoreConfigFile: Located<String>?
    public var dataDir: Located<String>?
    public var replicaLabel: Located<String>?
    public var storeAddress: Located<String>?
    public var ruleAddress: Located<String>?
    public var sidecarPort: Located<Int>?
    public var location: SourceLocation
    public var prometheusURL: Located<String>? = nil
    public var rulerReplicas: Located<Int>? = nil
}

public struct RetentionTierSpec: Sendable, Hashable {
    public var name: Located<String>
    public var description: String?
    public var local: Located<PromDuration>?
    public var raw: Located<PromDuration>?
    public var downsampled5m: Located<PromDuration>?
    public var downsampled1h: Located<PromDuration>?
    public var logs: Located<PromDuration>?
    /// `critical | high | standard | low`; see `resolvedCriticality`.
    public var criticality: Located<String>?
    public var errorBudgetPolicy: BudgetPolicySpec? = nil
}

public struct PricingSpec: Sendable, Hashable {
    public var currency: Located<String>?
    public var perThousandSeriesMonth: Located<Decimal>?
    public var perGBLogsIngested: Located<Decimal>?
    public var perGBLogsStoredMonth: Located<Decimal>?
}

public struct AlertingSpec: Sendable, Hashable {
    /// A named table (`sre-workbook`) …
    public var burnRateTable: Located<String>?
    /// … or custom rows.
    public var burnRateWindows: [BurnRateRowSpec]?
    public var minEventsPerHour: Located<Decimal>?
    public var owner: Located<String>?
    public var alertmanagerVersion: Located<String>?
    public var smtp: SMTPSpec?
    public var alertmanagers: [Located<String>] = []
}

public struct SMTPSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var smarthost: Located<String>?
    public var from: Located<String>?
    public var authUsername: String?
    public var authPasswordFile: String?
    public var requireTLS: Bool?
}

public struct BurnRateRowSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var severity: Located<String>?
    public var short: Located<PromDuration>?
    public var long: Located<PromDuration>?
    public var budgetPercent: Located<Decimal>?
}

// MARK: - Team

public struct TeamSpec: Sendable, Hashable {
    public var name: Located<String>
    public var location: SourceLocation
    public var description: String?
    public var lokiTenant: Located<String>?
    public var page: ReceiverSpec?
    public var ticket: ReceiverSpec?
    public var timeZone: Located<String>?
    public var workingHours: WorkingHoursSpec?
}

/// `spec.workingHours` of a Team as written (the compiler checks the clock times).
public struct WorkingHoursSpec: Sendable, Hashable {
    public var location: SourceLocation
    /// nil: not written (the default days).
    public var days: [Weekday]?
    public var daysLocation: SourceLocation?
    public var start: Located<String>?
    public var end: Located<String>?

    public init(location: SourceLocation) { self.location = location }
}

public struct ReceiverSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var receiver: Receiver
}

// MARK: - Service

public struct ServiceSpec: Sendable, Hashable {
    public var name: Located<String>
    public var location: SourceLocation
    public var description: String?
    public var owner: Located<String>?
    public var tier: Located<String>?
    public var type: Located<String>?
    public var regions: [Located<String>]?
    public var job: Located<String>?
    public var runbook: Located<String>?
    public var targets: Targets = .none
    public var targetsLocation: SourceLocation?
    /// Where the `static` or `file` value is written.
    public var targetsValueLocation: SourceLocation?
    /// The region keys of a per-region `static` mapping, where they are written.
    public var staticRegions: [Located<String>] = []
    /// `spec.scrape` and the Kubernetes keys of `spec.targets.kubernetes`; nil when neither is written.
    public var scrape: ScrapeSettings?
    public var scrapeInterval: Located<PromDuration>?
    public var scrapeTimeout: Located<PromDuration>?
    /// Where `insecureSkipVerify: true` is written (`oac lint` warns).
    public var insecureSkipVerifyLocation: SourceLocation?
    public var oauth2Location: SourceLocation?
    public var instances: Located<Int>?
    public var metrics: [MetricSpecEntry] = []
    public var logs: [LogSpecEntry] = []
    public var slos: [SLOSpec] = []
    public var errorBudgetPolicy: BudgetPolicySpec?
    public var maintenanceWindows: [BudgetWindowSpec] = []
    public var corrections: [BudgetWindowSpec] = []
}

public struct MetricSpecEntry: Sendable, Hashable {
    public var name: Located<String>
    public var type: Located<String>?
    public var help: String?
    public var labels: [Located<String>: Located<Int>] = [:]
    public var buckets: [Located<Decimal>] = []
    public var bucketsLocation: SourceLocation?
    public var quantiles: [Located<Decimal>] = []
}

public struct LogSpecEntry: Sendable, Hashable {
    public var location: SourceLocation
    public var selector: Located<String>?
    public var volumePerDay: Located<ByteSize>?
    public var retention: Located<PromDuration>?
}

public struct SLOSpec: Sendable, Hashable {
    public var name: Located<String>
    public var location: SourceLocation
    public var description: String?
    public var objective: Located<Decimal>?
    /// The rolling window, or for a calendar SLO the longest its period can be (at the `window:` location).
    public var window: Located<PromDuration>?
    /// `window: week | month | quarter`.
    public var calendar: Located<CalendarPeriod>?
    public var sli: SLISpec?
    public var page: Bool?
    public var ticket: Bool?
    public var labels: [KeyValue] = []
    public var labelLocations: [String: SourceLocation] = [:]
    public var annotations: [KeyValue] = []
    public var annotationLocations: [String: SourceLocation] = [:]
    public var minEventsPerHour: Located<Decimal>?
}

public enum SLISpec: Sendable, Hashable {
    case events(good: Located<String>?, bad: Located<String>?, total: Located<String>?, location: SourceLocation)
    /// `events: {badQuery | goodQuery, totalQuery}`: PromQL with `$window`.
    case eventQueries(good: Located<String>?, bad: Located<String>?, total: Located<String>?, location: SourceLocation)
    case latency(histogram: Located<String>?, threshold: Located<Decimal>?, location: SourceLocation)
    case threshold(
        query: Located<String>?, op: Located<String>?, value: Located<Decimal>?, location: SourceLocation,
        scope: Located<String>? = nil)
}

// MARK: - Incidents

public struct IncidentLogSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var incidents: [IncidentSpec] = []
}

public struct IncidentSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var id: Located<String>?
    public var title: Located<String>?
    public var services: [Located<String>] = []
    public var severity: Located<String>?
    public var started: Located<Date>?
    public var detected: Located<Date>?
    public var acknowledged: Located<Date>?
    public var mitigated: Located<Date>?
    public var resolved: Located<Date>?
    public var postmortemStatus: Located<String>?
    public var postmortemURL: String?
    public var actionItems: [ActionItemSpec] = []
    public var summary: Located<String>?
}

public struct ActionItemSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var title: Located<String>?
    public var owner: Located<String>?
    public var due: Located<String>?
    public var priority: String?
    public var status: Located<String>?
}

// MARK: - Drills

/// `kind: Drill` as written.
public struct DrillSpec: Sendable, Hashable {
    public var name: Located<String>
    public var location: SourceLocation
    public var title: Located<String>?
    /// `YYYY-MM-DD` as written; nil when missing or not a date (reported).
    public var date: Located<String>?
    public var start: Located<Date>?
    public var duration: Located<PromDuration>?
    public var services: [Located<String>] = []
    /// `service/slo` as written; nil = every SLO of `services`.
    public var slos: [Located<String>]?
    public var hypothesis: Located<String>?
    public var fault: Located<String>?
    public var tool: String?
    public var maxBudgetSpend: Located<Decimal>?
    public var outcome: Located<String>?
    public var findings: [String] = []
    public var actionItems: [ActionItemSpec] = []

    public init(name: Located<String>, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}
