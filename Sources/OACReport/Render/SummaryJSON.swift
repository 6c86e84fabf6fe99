import Foundation
import OACModel
import OACRender

/// `summary.json`: the contract keys (`quarter`, `slos[]`, `incidents`, `cost`) plus the headline, policy
/// states, data quality and tier weights. Numbers are rounded to 6 decimals and written exactly.
public struct SummaryJSON: Encodable, Sendable {
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
    var tierWeights: [String: Int]
    var policyThresholds: [String: Number]

    /// A Double written as an exact decimal with at most 6 fractional digits, or `null`.
    struct Number: Encodable, Sendable {
        var value: Double?
        init(_ v: Double?) { value = v }
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            guard let v = value, v.isFinite else { try c.encodeNil(); return }
            try c.encode(Decimal(string: Format.fixed(v, 6)).map { ExactDecimal($0) } ?? ExactDecimal(0))
        }
    }

    struct HeadlineJSON: Encodable, Sendable {
        var slosMet: Int, slosWithData: Int, slosTotal: Int
        var reliabilityScore: Number
        var previousReliabilityScore: Number
        var previousSlosMet: Int?
        var policyStates: [String: Int]
    }

    struct SLOJSON: Encodable, Sendable {
        var service: String, slo: String, team: String, tier: String
        var objective: Number
        var attainment: Number
        var budgetConsumed: Number
        var met: Bool?
        var policyState: String
        var goodEvents: Number
        var totalEvents: Number
        var daysWithoutData: Int
        var objectiveChanged: Bool
        var previousAttainment: Number
        /// `week`, `month`, `quarter`; null for a rolling SLO.
        var calendar: String?
        /// A calendar SLO's periods; absent for a rolling SLO.
        var periods: [PeriodJSON]?

        enum CodingKeys: String, CodingKey {
            case service, slo, team, tier, objective, attainment, budgetConsumed, met, policyState, goodEvents, totalEvents
            case daysWithoutData, objectiveChanged, previousAttainment, calendar, periods
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(service, forKey: .service)
            try c.encode(slo, forKey: .slo)
            try c.encode(team, forKey: .team)
            try c.encode(tier, forKey: .tier)
            try c.encode(objective, forKey: .objective)
            try c.encode(attainment, forKey: .attainment)
            try c.encode(budgetConsumed, forKey: .budgetConsumed)
            try c.encode(met, forKey: .met)  // null without data, never absent
            try c.encode(policyState, forKey: .policyState)
            try c.encode(goodEvents, forKey: .goodEvents)
            try c.encode(totalEvents, forKey: .totalEvents)
            try c.encode(daysWithoutData, forKey: .daysWithoutData)
            try c.encode(objectiveChanged, forKey: .objectiveChanged)
            try c.encode(previousAttainment, forKey: .previousAttainment)
            try c.encode(calendar, forKey: .calendar)
            try c.encodeIfPresent(periods, forKey: .periods)
        }
    }

    /// One calendar period: `start` and `end` are its first and last day inside the quarter (inclusive);
    /// `partial` when the period runs past the quarter (a week across its start or end).
    struct PeriodJSON: Encodable, Sendable {
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

        enum CodingKeys: String, CodingKey { case start, end, partial, objective, attainment, budgetConsumed, met }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(partial, forKey: .partial)
            try c.encode(objective, forKey: .objective)
            try c.encode(attainment, forKey: .attainment)
            try c.encode(budgetConsumed, forKey: .budgetConsumed)
            try c.encode(met, forKey: .met)  // null without events, never absent
        }
    }

    struct StatJSON: Encodable, Sendable {
        var median: Number, p90: Number, count: Int
        init(_ s: Stat) {
            median = Number(s.median)
            p90 = Number(s.p90)
            count = s.count
        }
    }

    struct TopJSON: Encodable, Sendable {
        var id: String, title: String, severity: String, slo: String?, budgetBurned: Number
    }

    struct IncidentsJSON: Encodable, Sendable {
        var total: Int
        var bySeverity: [String: Int]
        var mttdMinutes: StatJSON, mttaMinutes: StatJSON, mttrMinutes: StatJSON
        var topByBudgetBurned: [TopJSON]
        var postmortems: [String: Int]
        var actionItems: ActionItemsJSON
    }

    struct ActionItemsJSON: Encodable, Sendable {
        var total: Int, open: Int, overdue: Int
        var byOwner: [String: [String: Int]]
    }

    struct CostJSON: Encodable, Sendable {
        var currency: String
        var monthlyTotal: ExactDecimal
        var byTeam: [String: ExactDecimal]
        var byTier: [String: ExactDecimal]
        var estimatedSeries: Int
        var measuredSeriesByJob: [String: Number]
    }

    struct DataQualityJSON: Encodable, Sendable {
        var daysWithoutData: [String: [String]]
        var objectiveChanged: [String: [Number]]
        var noData: [String]
        var unknownSLOs: [String]
    }

    public init(_ card: Scorecard, oacVersion: String) {
        self.oacVersion = oacVersion
        quarter = card.quarter.description
        platform = card.platform
        dataAsOf = card.dataAsOf
        through = card.through.description
        let h = card.headline
        headline = HeadlineJSON(slosMet: h.slosMet, slosWithData: h.slosWithData, slosTotal: h.slosTotal,
                                reliabilityScore: Number(h.score), previousReliabilityScore: Number(h.previousScore),
                                previousSlosMet: h.previousMet,
                                policyStates: Dictionary(PolicyState.allCases.map { ($0.rawValue, h.states[$0] ?? 0) }, uniquingKeysWith: { a, _ in a }))
        slos = card.slos.map { s in
            SLOJSON(service: s.service, slo: s.slo, team: s.team, tier: s.tier, objective: Number(s.objective),
                    attainment: Number(s.attainment), budgetConsumed: Number(s.budgetConsumed), met: s.met,
                    policyState: s.state.rawValue, goodEvents: Number(s.good), totalEvents: Number(s.total),
                    daysWithoutData: s.missingDays.count, objectiveChanged: s.objectiveChanged,
                    previousAttainment: Number(s.previousAttainment), calendar: s.calendar?.rawValue,
                    periods: s.calendar == nil ? nil : s.periods.map(PeriodJSON.init))
        }
        let i = card.incidents
        incidents = IncidentsJSON(
            total: i.incidents.count,
            bySeverity: Dictionary(i.bySeverity.map { ($0.severity.rawValue, $0.count) }, uniquingKeysWith: { a, _ in a }),
            mttdMinutes: StatJSON(i.mttd), mttaMinutes: StatJSON(i.mtta), mttrMinutes: StatJSON(i.mttr),
            topByBudgetBurned: i.top.map {
                TopJSON(id: $0.incident.incident.id, title: $0.incident.incident.title,
                        severity: $0.incident.incident.severity.rawValue, slo: $0.slo, budgetBurned: Number($0.budgetBurned))
            },
            postmortems: ["published": i.postmortems.published, "draft": i.postmortems.draft, "none": i.postmortems.none,
                          "required": i.postmortems.required, "requiredPublished": i.postmortems.requiredPublished],
            actionItems: ActionItemsJSON(total: i.actionItems.total, open: i.actionItems.open, overdue: i.actionItems.overdue,
                                         byOwner: Dictionary(i.actionItems.byOwner.map {
                                             ($0.owner, ["open": $0.open, "overdue": $0.overdue])
                                         }, uniquingKeysWith: { a, _ in a })))
        let c = card.cost
        cost = CostJSON(currency: c.currency, monthlyTotal: c.monthlyTotal,
                        byTeam: Dictionary(c.byTeam.map { ($0.team, $0.monthly) }, uniquingKeysWith: { a, _ in a }),
                        byTier: Dictionary(c.byTier.map { ($0.tier, $0.monthly) }, uniquingKeysWith: { a, _ in a }),
                        estimatedSeries: c.estimatedSeries,
                        measuredSeriesByJob: Dictionary(c.measured.map { ($0.job, Number($0.measured)) }, uniquingKeysWith: { a, _ in a }))
        let q = card.dataQuality
        dataQuality = DataQualityJSON(
            daysWithoutData: Dictionary(q.gaps.map { ($0.slo, $0.days.map(\.description)) }, uniquingKeysWith: { a, _ in a }),
            objectiveChanged: Dictionary(q.objectiveChanges.map { ($0.slo, $0.objectives.map(Number.init)) }, uniquingKeysWith: { a, _ in a }),
            noData: q.noData, unknownSLOs: q.unknown)
        tierWeights = Dictionary(card.tierWeights.map { ($0.tier, $0.weight) }, uniquingKeysWith: { a, _ in a })
        policyThresholds = ["atRisk": Number(PolicyState.atRiskThreshold), "exhausted": Number(1)]
    }

    public func encoded() -> String { StableJSON.encode(self) }
}
