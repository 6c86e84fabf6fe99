import Foundation
import OACModel
import OACOutput
import OACSupport

/// `summary.json`: the contract keys (`quarter`, `slos[]`, `incidents`, `cost`) plus the headline, policy
/// states, data quality and tier weights. Numbers are rounded to 6 decimals and written exactly. The JSON form
/// of each part is declared once, in `SummaryJSON+Write.swift`.
public struct SummaryJSON: Sendable {
    public static let reportVersion = 1

    var reportVersion = SummaryJSON.reportVersion
    var oacVersion: String
    var quarter: String
    var platform: String
    var dataAsOf: String
    var through: String
    var headline: HeadlineJSON
    var slos: [SLOJSON]
    var incidents: IncidentsJSON
    var cost: CostJSON
    var dataQuality: DataQualityJSON
    var onCall: OnCallJSON
    /// Chaos drills, coverage and the remediation backlog (SummaryJSON+Drills.swift).
    var drills: DrillsJSON
    /// The technical-debt trend (SummaryJSON+Debt.swift).
    var debt: DebtJSON
    /// The narrative's sentences (Narrative.swift), in the page's order.
    var narrative: [String]
    var tierWeights: [String: Int]
    var policyThresholds: [String: Number]

    /// A Double written as an exact decimal with at most 6 fractional digits, or `null`.
    struct Number: Sendable, JSONWritable {
        var value: Double?
        init(_ v: Double?) { value = v }
        func write(to json: inout JSONWriter) {
            guard let v = value, v.isFinite else { return json.null() }
            json.decimal(Decimal(string: Format.fixed(v, 6)) ?? 0)
        }
    }

    struct HeadlineJSON: Sendable {
        var slosMet: Int, slosWithData: Int, slosTotal: Int
        var reliabilityScore: Number
        var previousReliabilityScore: Number
        var previousSlosMet: Int?
        var policyStates: [String: Int]
    }

    struct SLOJSON: Sendable {
        var service: String, slo: String, team: String, tier: String
        var objective: Number
        var attainment: Number
        var budgetConsumed: Number
        var met: Bool?
        var policyState: String
        var goodEvents: Number
        var totalEvents: Number
        var daysWithoutData: Int
        /// Days computed from the raw series (no recording those days).
        var daysFromRawSeries: Int
        var objectiveChanged: Bool
        var previousAttainment: Number
        /// `week`, `month`, `quarter`; null for a rolling SLO.
        var calendar: String?
        /// A calendar SLO's periods; absent for a rolling SLO.
        var periods: [PeriodJSON]?
    }

    /// One calendar period: `start` and `end` are its first and last day inside the quarter (inclusive);
    /// `partial` when the period runs past the quarter (a week across its start or end).
    struct PeriodJSON: Sendable {
        var start: String, end: String
        var partial: Bool
        var objective: Number
        var attainment: Number
        var budgetConsumed: Number
        var met: Bool?

        init(_ p: SLOResult.Period) {
            start = p.span.start.description
            end = p.span.end.description
            partial = p.span.clipped
            objective = Number(p.objective)
            attainment = Number(p.attainment)
            budgetConsumed = Number(p.budgetConsumed)
            met = p.met
        }
    }

    struct StatJSON: Sendable {
        var median: Number, p90: Number, count: Int
        init(_ s: Stat) {
            median = Number(s.median)
            p90 = Number(s.p90)
            count = s.count
        }
    }

    struct TopJSON: Sendable {
        var id: String, title: String, severity: String, slo: String?, budgetBurned: Number
    }

    struct IncidentsJSON: Sendable {
        var total: Int
        var bySeverity: [String: Int]
        var mttdMinutes: StatJSON, mttaMinutes: StatJSON, mttrMinutes: StatJSON
        var topByBudgetBurned: [TopJSON]
        var postmortems: [String: Int]
        var actionItems: ActionItemsJSON
        /// The incidents `index.html` does not list (it lists `IncidentSummary.listedIncidents`), so that the page
        /// and this file together name every incident; absent when the page lists them all.
        var unlisted: [UnlistedJSON]?
    }

    struct UnlistedJSON: Sendable {
        var id: String, minutesToResolve: Number, services: [String], severity: String, source: String, started: String, title: String

        init(_ r: ReportIncident) {
            let i = r.incident
            id = i.id
            minutesToResolve = Number(i.resolved.map { $0.timeIntervalSince(i.started) / 60 })
            services = i.services
            severity = i.severity.rawValue
            source = r.source.rawValue
            started = Format.timestamp(i.started)
            title = i.title
        }
    }

    struct ActionItemsJSON: Sendable {
        var total: Int, open: Int, overdue: Int
        var byOwner: [String: [String: Int]]
    }

    struct CostJSON: Sendable {
        var currency: String
        var monthlyTotal: ExactDecimal
        var byTeam: [String: ExactDecimal]
        var byTier: [String: ExactDecimal]
        var estimatedSeries: Int
        var measuredSeriesByJob: [String: Number]
    }

    struct DataQualityJSON: Sendable {
        var daysWithoutData: [String: [String]]
        var objectiveChanged: [String: [Number]]
        var noData: [String]
        var unknownSLOs: [String]
        /// SLO → the days computed from raw series.
        var daysFromRawSeries: [String: [String]]
        /// SLO → the days whose recorded and raw counts differ by more than 0.1%.
        var recordedRawMismatch: [String: [String]]
    }

    public init(_ card: Scorecard, oacVersion: String) {
        self.oacVersion = oacVersion
        quarter = card.quarter.description
        platform = card.platform
        dataAsOf = card.dataAsOf
        through = card.through.description
        let h = card.headline
        headline = HeadlineJSON(
            slosMet: h.slosMet, slosWithData: h.slosWithData, slosTotal: h.slosTotal,
            reliabilityScore: Number(h.score), previousReliabilityScore: Number(h.previousScore),
            previousSlosMet: h.previousMet,
            policyStates: Dictionary(PolicyState.allCases.map { ($0.rawValue, h.states[$0] ?? 0) }, uniquingKeysWith: { a, _ in a }))
        slos = card.slos.map { s in
            SLOJSON(
                service: s.service, slo: s.slo, team: s.team, tier: s.tier, objective: Number(s.objective),
                attainment: Number(s.attainment), budgetConsumed: Number(s.budgetConsumed), met: s.met,
                policyState: s.state.rawValue, goodEvents: Number(s.good), totalEvents: Number(s.total),
                daysWithoutData: s.missingDays.count, daysFromRawSeries: s.rawDays.count, objectiveChanged: s.objectiveChanged,
                previousAttainment: Number(s.previousAttainment), calendar: s.calendar?.rawValue,
                periods: s.calendar == nil ? nil : s.periods.map(PeriodJSON.init))
        }
        let i = card.incidents
        incidents = IncidentsJSON(
            total: i.incidents.count,
            bySeverity: Dictionary(i.bySeverity.map { ($0.severity.rawValue, $0.count) }, uniquingKeysWith: { a, _ in a }),
            mttdMinutes: StatJSON(i.mttd), mttaMinutes: StatJSON(i.mtta), mttrMinutes: StatJSON(i.mttr),
            topByBudgetBurned: i.top.map {
                TopJSON(
                    id: $0.incident.incident.id, title: $0.incident.incident.title,
                    severity: $0.incident.incident.severity.rawValue, slo: $0.slo, budgetBurned: Number($0.budgetBurned))
            },
            postmortems: [
                "published": i.postmortems.published, "draft": i.postmortems.draft, "none": i.postmortems.none,
                "required": i.postmortems.required, "requiredPublished": i.postmortems.requiredPublished
            ],
            actionItems: ActionItemsJSON(
                total: i.actionItems.total, open: i.actionItems.open, overdue: i.actionItems.overdue,
                byOwner: Dictionary(
                    i.actionItems.byOwner.map {
                        ($0.owner, ["open": $0.open, "overdue": $0.overdue])
                    }, uniquingKeysWith: { a, _ in a })),
            unlisted: Self.unlisted(i))
        let c = card.cost
        cost = CostJSON(
            currency: c.currency, monthlyTotal: c.monthlyTotal,
            byTeam: Dictionary(c.byTeam.map { ($0.team, $0.monthly) }, uniquingKeysWith: { a, _ in a }),
            byTier: Dictionary(c.byTier.map { ($0.tier, $0.monthly) }, uniquingKeysWith: { a, _ in a }),
            estimatedSeries: c.estimatedSeries,
            measuredSeriesByJob: Dictionary(c.measured.map { ($0.job, Number($0.measured)) }, uniquingKeysWith: { a, _ in a }))
        let q = card.dataQuality
        dataQuality = DataQualityJSON(
            daysWithoutData: Dictionary(q.gaps.map { ($0.slo, $0.days.map(\.description)) }, uniquingKeysWith: { a, _ in a }),
            objectiveChanged: Dictionary(q.objectiveChanges.map { ($0.slo, $0.objectives.map(Number.init)) }, uniquingKeysWith: { a, _ in a }),
            noData: q.noData, unknownSLOs: q.unknown,
            daysFromRawSeries: Dictionary(q.rawDays.map { ($0.slo, $0.days.map(\.description)) }, uniquingKeysWith: { a, _ in a }),
            recordedRawMismatch: Dictionary(q.mismatches.map { ($0.slo, $0.days.map(\.date.description)) }, uniquingKeysWith: { a, _ in a }))
        onCall = OnCallJSON(card.onCall)
        drills = DrillsJSON(card.drills)
        debt = DebtJSON(debt: card.debt)
        narrative = Narrative.sentences(card)
        tierWeights = Dictionary(card.tierWeights.map { ($0.tier, $0.weight) }, uniquingKeysWith: { a, _ in a })
        policyThresholds = ["atRisk": Number(PolicyState.atRiskThreshold), "exhausted": Number(1)]
    }

    public func encoded() -> String { StableJSON.text(self) }

    /// The incidents the page leaves out, in order of start; nil when it lists them all.
    static func unlisted(_ i: IncidentSummary) -> [UnlistedJSON]? {
        guard i.unlisted() > 0 else { return nil }
        // By position: ids need not be unique in an export.
        let listed = Set(i.listedPositions())
        return i.incidents.indices.filter { !listed.contains($0) }.map { UnlistedJSON(i.incidents[$0]) }
    }
}
