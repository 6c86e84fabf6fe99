import Foundation
import OACModel

/// Computes the `Scorecard`: attainment = Σgood/Σtotal of the daily counts (event-weighted, never a mean of
/// daily ratios), budget consumed against the quarter's allowance, policy states, the tier-weighted score,
/// incident statistics, the join of incidents with SLO data, cost, and data quality.
public struct ScorecardBuilder: Sendable {
    public var model: Model
    public var estimate: CostEstimate
    /// oac's alerting rules, for the on-call runbook count (the CLI gives the compiled ones; empty: not counted).
    public var alertRules: AlertInventory
    /// Tiers whose services are critical (a tier's `criticality: critical`, or a `gold` tier without one), for
    /// drill coverage; nil: the tier weighted highest. `oac report` sets it from the catalog.
    public var criticalTiers: Set<String>?
    /// The lint rules' findings per team now (`LintDebt.byTeam`), for the debt trend when the snapshot holds none.
    public var lintFindings: [String: [String: Int]]?

    public init(model: Model, alertRules: AlertInventory = AlertInventory(rules: [])) {
        self.model = model
        estimate = CostEstimate.estimate(model)
        self.alertRules = alertRules
    }

    /// How many top incidents and worst SLOs the report lists.
    public static let topIncidents = 5
    public static let topMetrics = 8

    public func build(data: Snapshot, previous: Snapshot?, incidents: [ReportIncident]) -> Scorecard {
        let weights = tierWeights
        let slos = Self.markRawDays(sloResults(data, previous: previous, weights: weights), data: data)
        let quarterIncidents = incidents.filter { $0.incident.started >= data.quarter.start && $0.incident.started < data.quarter.end }
        var headline = Self.headline(slos)
        if let previous {
            let before = sloResults(previous, previous: nil, weights: weights)
            let h = Self.headline(before)
            headline.previousScore = h.score
            headline.previousMet = h.slosMet
            headline.previousWithData = h.slosWithData
        }
        let known = Set(model.allSLOs.map { "\($0.service.name)/\($0.slo.name)" })
        let quality = DataQuality(
            gaps: slos.filter { !$0.missingDays.isEmpty && $0.total > 0 }.map { .init(slo: $0.id, days: $0.missingDays) },
            objectiveChanges: slos.filter(\.objectiveChanged).map { ($0.id, $0.objectivesSeen) },
            noData: slos.filter { $0.days.allSatisfy { $0 == nil } }.map(\.id),
            unknown: data.slos.map { "\($0.service)/\($0.slo)" }.filter { !known.contains($0) }.sorted(),
            rawDays: Self.rawDayGaps(slos), mismatches: Self.mismatches(data, known: known))
        var card = Scorecard(
            quarter: data.quarter, platform: model.platform.name, dataAsOf: data.generatedAt, source: data.source.map(PrometheusClient.redacted),
            through: data.through, slos: slos, headline: headline,
            incidents: incidentSummary(quarterIncidents, slos: slos, quarter: data.quarter),
            cost: costSummary(data), dataQuality: quality, tierWeights: weights,
            previousQuarter: previous?.quarter)
        card.onCall = OnCallHealth.build(
            history: data.onCall, model: model, quarter: data.quarter, through: data.through, incidents: incidents, inventory: alertRules)
        card.drills = drillSummary(quarter: data.quarter, slos: slos, incidents: quarterIncidents)
        card.debt = debtSummary(data: data, previous: previous, slos: slos)
        return card
    }

    // MARK: - Tiers

    /// Tiers ranked by how long they keep metrics (longest first; then local retention, then name): the tier
    /// the platform keeps longest is the one it cares most about. Of n tiers the first weighs n, the last 1
    /// (gold 3, silver 2, bronze 1 in the example).
    public var tierWeights: [(tier: String, weight: Int)] {
        let tiers = model.platform.retentionTiers.sorted { a, b in
            if a.longestMetrics != b.longestMetrics { return a.longestMetrics > b.longestMetrics }
            if a.local != b.local { return a.local > b.local }
            return a.name < b.name
        }
        return tiers.enumerated().map { ($1.name, tiers.count - $0) }
    }

    // MARK: - SLOs

    func sloResults(_ data: Snapshot, previous: Snapshot?, weights: [(tier: String, weight: Int)]) -> [SLOResult] {
        let days = (data.quarter.firstDay.index...max(data.through.index, data.quarter.firstDay.index)).map { Day(index: $0) }
        let previousResults = previous.map { sloResults($0, previous: nil, weights: weights) } ?? []
        // By service and SLO, the first of each (a snapshot never repeats one): lookups were linear, per SLO.
        var previousAttainment: [String: [String: Double?]] = [:]
        for r in previousResults where previousAttainment[r.service]?[r.slo] == nil {
            previousAttainment[r.service, default: [:]][r.slo] = .some(r.attainment)
        }
        var seriesBySLO: [String: [String: Snapshot.SLOSeries]] = [:]
        for s in data.slos where seriesBySLO[s.service]?[s.slo] == nil { seriesBySLO[s.service, default: [:]][s.slo] = s }
        var out: [SLOResult] = []
        for (service, slo) in model.allSLOs {
            let series = seriesBySLO[service.name]?[slo.name]
            let catalogObjective = slo.objective.double
            let byDay = Dictionary((series?.days ?? []).map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
            var good = 0.0
            var total = 0.0
            var allowed = 0.0
            var counts: [SLOResult.DayCounts?] = []
            var seen: [Double] = []
            // Maintenance windows and corrections: their share of each day does not count.
            let windows = BudgetGate.windows(service).filter { $0.0.applies(to: slo.name) }
            var excluded: [BudgetGate.Exclusion] = []
            for day in days {
                guard var d = byDay[day] else {
                    counts.append(nil)
                    continue
                }
                if !windows.isEmpty {
                    let kept = BudgetGate.exclude(
                        .init(start: day.start, end: day.end, good: d.good, total: d.total),
                        windows: windows, into: &excluded)
                    d.good = kept.good
                    d.total = kept.total
                }
                let objective = d.objective ?? series?.objective ?? catalogObjective
                if let o = d.objective, !seen.contains(o) { seen.append(o) }
                good += d.good
                total += d.total
                allowed += d.total * (1 - objective / 100)
                counts.append(.init(day: day, good: d.good, total: d.total, objective: objective))
            }
            let objective = series?.objective ?? catalogObjective
            let attainment = total > 0 ? good / total * 100 : nil
            let consumed: Double? = total > 0 ? (allowed > 0 ? (total - good) / allowed : 0) : nil
            let weight = weights.first { $0.tier == service.tier }?.weight ?? 1
            // A calendar SLO's budget starts again each period: each period is judged on its own.
            let periods =
                slo.calendar.map {
                    SLOResult.periods(
                        $0.spans(in: data.quarter, through: days[days.count - 1]), days: counts,
                        fallbackObjective: objective)
                } ?? []
            let judged: Double? = slo.calendar == nil ? consumed : periods.compactMap(\.budgetConsumed).max()
            out.append(
                SLOResult(
                    service: service.name, slo: slo.name, description: slo.description, team: service.owner, tier: service.tier,
                    weight: weight, objective: objective, good: good, total: total, allowedBad: allowed, attainment: attainment,
                    budgetConsumed: consumed, met: judged.map { $0 <= 1 }, state: PolicyState(budgetConsumed: judged),
                    calendar: slo.calendar, windowLabel: slo.windowLabel, periods: periods,
                    days: counts, missingDays: zip(days, counts).filter { $0.1 == nil }.map(\.0),
                    objectiveChanged: (series?.objectiveChanged ?? false) || seen.count > 1, objectivesSeen: seen,
                    previousAttainment: previousAttainment[service.name]?[slo.name] ?? nil, excluded: excluded))
        }
        // Most critical tier first, then team, service, SLO.
        return out.sorted { a, b in
            a.weight != b.weight ? a.weight > b.weight : (a.team, a.service, a.slo) < (b.team, b.service, b.slo)
        }
    }

    static func headline(_ slos: [SLOResult]) -> Headline {
        let withData = slos.filter { $0.met != nil }
        let met = withData.filter { $0.met == true }
        let weightAll = withData.reduce(0) { $0 + $1.weight }
        let weightMet = met.reduce(0) { $0 + $1.weight }
        var states: [PolicyState: Int] = [:]
        for s in slos { states[s.state, default: 0] += 1 }
        return Headline(
            slosMet: met.count, slosWithData: withData.count, slosTotal: slos.count,
            score: weightAll > 0 ? Double(weightMet) / Double(weightAll) * 100 : nil,
            previousScore: nil, previousMet: nil, previousWithData: nil, states: states)
    }

    // MARK: - Incidents

    func incidentSummary(_ incidents: [ReportIncident], slos: [SLOResult], quarter: Quarter) -> IncidentSummary {
        let minutes = { (a: Date, b: Date) in b.timeIntervalSince(a) / 60 }
        let mttd = incidents.compactMap { i -> Double? in
            guard i.startKnown, let d = i.incident.detected else { return nil }
            return minutes(i.incident.started, d)
        }
        let mtta = incidents.compactMap { i -> Double? in
            guard let d = i.incident.detected, let a = i.incident.acknowledged else { return nil }
            return minutes(d, a)
        }
        let mttr = incidents.compactMap { i -> Double? in i.incident.resolved.map { minutes(i.incident.started, $0) } }
        let bySeverity = IncidentSeverity.allCases.map { s in (s, incidents.filter { $0.incident.severity == s }.count) }

        // Each SLO's days and median bad count once, not once per incident (300,000 CSV rows).
        let baselines = slos.map { slo -> ([SLOResult.DayCounts], Double?) in
            let present = slo.days.compactMap { $0 }
            return (present, Stat.percentile(present.map(\.bad).sorted(), 0.5))
        }
        // Only the top few are listed: selected, not sorted (a large export has one impact per incident).
        let impacts: [IncidentImpact] = Worst.select(
            incidents.lazy.map { impact(of: $0, slos: slos, baselines: baselines) }.filter { $0.budgetBurned > 0 }, limit: Self.topIncidents,
            by: Self.moreBudgetBurned)

        let catalogIncidents = incidents.filter { $0.source == .catalog }.map(\.incident)
        let required = catalogIncidents.filter { $0.severity <= .sev2 }
        let postmortems = IncidentSummary.Postmortems(
            published: catalogIncidents.filter { $0.postmortem.status == .published }.count,
            draft: catalogIncidents.filter { $0.postmortem.status == .draft }.count,
            none: catalogIncidents.filter { $0.postmortem.status == .none }.count,
            required: required.count,
            requiredPublished: required.filter { $0.postmortem.status == .published }.count,
            missing: required.filter { $0.postmortem.status != .published }.map(\.id))

        // Overdue relative to the quarter's end: open and due on or before its last day.
        var owners: [String: (open: Int, overdue: Int)] = [:]
        var total = 0
        var open = 0
        var overdue = 0
        var overdueItems: [(String, ActionItem)] = []
        for i in incidents {
            for item in i.incident.actionItems {
                total += 1
                guard !Self.isClosed(item.status) else { continue }
                open += 1
                let owner = item.owner ?? "(no owner)"
                owners[owner, default: (0, 0)].open += 1
                if let due = item.due.flatMap(Day.init(parsing:)), due <= quarter.lastDay {
                    overdue += 1
                    owners[owner, default: (0, 0)].overdue += 1
                    overdueItems.append((i.incident.id, item))
                }
            }
        }
        let actionItems = IncidentSummary.ActionItems(
            total: total, open: open, overdue: overdue,
            byOwner: owners.keys.sorted().map { ($0, owners[$0]!.open, owners[$0]!.overdue) },
            overdueItems: overdueItems)
        return IncidentSummary(
            incidents: incidents, bySeverity: bySeverity, mttd: Stat(mttd), mtta: Stat(mtta),
            mttr: Stat(mttr), top: impacts,
            postmortems: postmortems, actionItems: actionItems)
    }

    static func moreBudgetBurned(_ a: IncidentImpact, _ b: IncidentImpact) -> Bool {
        if a.budgetBurned != b.budgetBurned { return a.budgetBurned > b.budgetBurned }
        return a.incident.incident.id < b.incident.incident.id
    }

    static let closedStatuses = Conventions.closedActionItemStatuses
    static func isClosed(_ status: String) -> Bool { closedStatuses.contains(status.lowercased()) }

    /// Budget an incident burned: for each SLO of its services, the bad events above the SLO's median daily
    /// bad count on the days the incident spans (start to resolution), over the quarter's allowance. The SLO
    /// hit hardest names the incident's impact.
    func impact(of incident: ReportIncident, slos: [SLOResult], baselines: [([SLOResult.DayCounts], Double?)]) -> IncidentImpact {
        let i = incident.incident
        let first = Day(containing: i.started)
        let last = Day(containing: i.resolved ?? i.mitigated ?? i.started)
        var best: (String?, Double) = (nil, 0)
        for (index, slo) in slos.enumerated() where i.services.contains(slo.service) && slo.allowedBad > 0 {
            let present = baselines[index].0
            guard let baseline = baselines[index].1 else { continue }
            // `present` runs by day (one entry per day of the quarter with data): the incident's days are one slice,
            // found by bisection and summed in the same order as a filter would.
            var lo = 0
            var hi = present.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if present[mid].day < first { lo = mid + 1 } else { hi = mid }
            }
            var excess = 0.0
            while lo < present.count, present[lo].day <= last {
                excess += max(0, present[lo].bad - baseline)
                lo += 1
            }
            let burned = excess / slo.allowedBad
            if burned > best.1 { best = (slo.id, burned) }
        }
        return IncidentImpact(incident: incident, slo: best.0, budgetBurned: best.1)
    }

    // MARK: - Cost

    func costSummary(_ data: Snapshot) -> CostSummary {
        let e = estimate
        var tiers: [String: (Decimal, Int)] = [:]
        for s in e.services {
            tiers[s.tier, default: (0, 0)].0 += s.figures.monthlyCost.total.value
            tiers[s.tier, default: (0, 0)].1 += s.figures.series
        }
        let tierOrder = tierWeights.map(\.tier)
        let byTier = tiers.keys.sorted { (tierOrder.firstIndex(of: $0) ?? .max, $0) < (tierOrder.firstIndex(of: $1) ?? .max, $1) }
            .map { ($0, ExactDecimal(tiers[$0]!.0), tiers[$0]!.1) }
        var byJob: [String: Service] = [:]
        for s in model.services where byJob[s.job] == nil { byJob[s.job] = s }
        let measured = data.activeSeries.map { j -> (String, String?, Double, Int?) in
            let service = byJob[j.job]
            return (j.job, service?.name, j.series, service.flatMap { e.service(named: $0.name)?.scrapedSeries })
        }.sorted { a, b in a.2 != b.2 ? a.2 > b.2 : a.0 < b.0 }
        let metrics = e.services.flatMap { s in s.metrics.map { (s.name, $0.name, s.series(of: $0)) } }
            .sorted { a, b in a.2 != b.2 ? a.2 > b.2 : (a.0, a.1) < (b.0, b.1) }
        return CostSummary(
            currency: e.currency, monthlyTotal: e.total.monthlyCost.total, estimatedSeries: e.total.series,
            byTeam: e.teams.map { ($0.name, $0.figures.monthlyCost.total, $0.figures.series) },
            byTier: byTier, measured: measured,
            measuredTotal: data.activeSeries.isEmpty ? nil : data.activeSeries.reduce(0) { $0 + $1.series },
            topMetrics: Array(metrics.prefix(Self.topMetrics)))
    }
}
