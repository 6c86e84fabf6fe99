import Foundation
import OACModel

/// Chaos drills on the scorecard: each drill of the quarter joined with its SLOs' daily counts, the coverage of
/// the critical SLOs over the last two quarters, and the remediation backlog that merges drill and postmortem
/// action items.
extension ScorecardBuilder {
    func drillSummary(quarter: Quarter, slos: [SLOResult], incidents: [ReportIncident]) -> DrillSummary {
        var summary = DrillSummary()
        let inQuarter = model.drills.filter { d in Day(parsing: d.date).map { $0 >= quarter.firstDay && $0 <= quarter.lastDay } ?? false }
        var byID: [String: SLOResult] = [:]
        for s in slos where byID[s.id] == nil { byID[s.id] = s }
        summary.drills = inQuarter.map { Self.result(of: $0, slos: byID) }
        summary.coverage = coverage(quarter: quarter)
        summary.backlog = Self.backlog(drills: inQuarter, incidents: incidents.map(\.incident), quarter: quarter)
        return summary
    }

    /// The days a drill's window touches: `start` … `start + duration` (end excluded), else its `date`.
    static func days(of drill: Drill) -> [Day] {
        if let start = drill.start {
            let first = Day(containing: start)
            guard let duration = drill.duration, duration.milliseconds > 0 else { return [first] }
            let last = Day(containing: start.addingTimeInterval(duration.seconds - 0.001))
            return (first.index...max(first.index, last.index)).map { Day(index: $0) }
        }
        return Day(parsing: drill.date).map { [$0] } ?? []
    }

    static func result(of drill: Drill, slos: [String: SLOResult]) -> DrillResult {
        let days = Self.days(of: drill)
        let allowed = drill.maxBudgetSpend.map { NSDecimalNumber(decimal: $0.value).doubleValue / 100 }
        let targets = drill.slos.map { id -> DrillSLO in
            guard let s = slos[id] else { return DrillSLO(slo: id, objective: 0, allowed: allowed) }
            let present = s.days.compactMap { $0 }
            let onDrill = present.filter { days.contains($0.day) }
            let objective = onDrill.last?.objective ?? s.objective
            guard !onDrill.isEmpty else { return DrillSLO(slo: id, objective: objective, allowed: allowed) }
            let good = onDrill.reduce(0) { $0 + $1.good }
            let total = onDrill.reduce(0) { $0 + $1.total }
            let attainment = total > 0 ? good / total * 100 : nil
            var spent: Double?
            if s.allowedBad > 0, let baseline = Stat.percentile(present.map(\.bad).sorted(), 0.5) {
                spent = onDrill.reduce(0) { $0 + max(0, $1.bad - baseline) } / s.allowedBad
            }
            return DrillSLO(
                slo: id, objective: objective, attainment: attainment, held: attainment.map { $0 >= objective },
                budgetSpent: spent, allowed: allowed)
        }
        return DrillResult(drill: drill, days: days, slos: targets)
    }

    /// Critical SLOs: those of services in a critical tier (`criticalTiers`; without it, the tier weighted
    /// highest). A drill covers an SLO when it ran to its end (`held` or `exposed-gap`) on it, dated in this
    /// quarter or the previous one.
    func coverage(quarter: Quarter) -> DrillCoverage {
        let tiers = criticalTiers ?? Set(tierWeights.prefix(1).map(\.tier))
        let since = quarter.previous.firstDay
        var coverage = DrillCoverage()
        coverage.since = since
        coverage.critical = model.allSLOs.filter { tiers.contains($0.service.tier) }.map { "\($0.service.name)/\($0.slo.name)" }.sorted()
        var drills: [String: [String]] = [:]
        for d in model.drills where d.outcome.ran {
            guard let day = Day(parsing: d.date), day >= since, day <= quarter.lastDay else { continue }
            for slo in d.slos { drills[slo, default: []].append(d.name) }
        }
        for slo in coverage.critical {
            if let names = drills[slo] { coverage.drilled.append((slo, names)) } else { coverage.undrilled.append(slo) }
        }
        return coverage
    }

    /// Every action item of the quarter's drills and incidents; open unless its status closes it; overdue when
    /// open and due on or before the quarter's last day (the rule the incidents' action items follow).
    static func backlog(drills: [Drill], incidents: [Incident], quarter: Quarter) -> RemediationBacklog {
        var b = RemediationBacklog()
        var owners: [String: (open: Int, overdue: Int)] = [:]
        let sources =
            drills.map { (RemediationBacklog.Source.drill, $0.name, $0.actionItems) }
            + incidents.map { (RemediationBacklog.Source.incident, $0.id, $0.actionItems) }
        for (source, from, items) in sources {
            for item in items {
                b.total += 1
                if source == .drill { b.fromDrills += 1 } else { b.fromIncidents += 1 }
                guard !isClosed(item.status) else { continue }
                let overdue = item.due.flatMap(Day.init(parsing:)).map { $0 <= quarter.lastDay } ?? false
                b.open += 1
                let owner = item.owner ?? "(no owner)"
                owners[owner, default: (0, 0)].open += 1
                if overdue {
                    b.overdue += 1
                    owners[owner, default: (0, 0)].overdue += 1
                }
                b.openItems.append(.init(source: source, from: from, item: item, overdue: overdue))
            }
        }
        b.byOwner = owners.keys.sorted().map { ($0, owners[$0]!.open, owners[$0]!.overdue) }
        b.openItems.sort { a, c in
            if a.overdue != c.overdue { return a.overdue }
            let ad = a.item.due ?? "9999-99-99"
            let cd = c.item.due ?? "9999-99-99"
            return (ad, a.item.owner ?? "", a.item.title, a.from) < (cd, c.item.owner ?? "", c.item.title, c.from)
        }
        return b
    }
}
