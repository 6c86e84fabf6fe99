import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// `kind: Drill`: references (services, `service/slo`, action-item owners) and the window against the date.
extension ModelBuilder {
    /// The longest fault window a drill may declare.
    static let longestDrill = PromDuration.days(7)

    mutating func buildDrills(teams: Set<String>) -> [Drill] {
        checkDuplicates(catalog.drills.map(\.name), what: "drill")
        var slosByService: [String: [String]] = [:]
        for s in catalog.services where slosByService[s.name.value] == nil { slosByService[s.name.value] = s.slos.map(\.name.value) }
        var seen: Set<String> = []
        var out: [Drill] = []
        for d in catalog.drills {
            guard seen.insert(d.name.value).inserted else { continue }
            for s in d.services where slosByService[s.value] == nil {
                unresolved(s, what: "service", candidates: Array(slosByService.keys), field: "spec.services")
            }
            let own = d.services.flatMap { s in (slosByService[s.value] ?? []).map { "\(s.value)/\($0)" } }
            var targeted: [String] = []
            if let slos = d.slos {
                for ref in slos {
                    if own.contains(ref.value) {
                        if !targeted.contains(ref.value) { targeted.append(ref.value) }
                    } else {
                        unresolved(ref, what: "SLO", candidates: own, field: "spec.slos")
                    }
                }
            } else {
                targeted = own
            }
            checkWindow(d)
            var items: [ActionItem] = []
            for a in d.actionItems {
                if let o = a.owner, !teams.contains(o.value) {
                    unresolved(o, what: "team", candidates: Array(teams), field: "spec.actionItems.owner")
                }
                items.append(
                    ActionItem(
                        title: a.title?.value ?? "", owner: a.owner?.value, due: a.due?.value, priority: a.priority,
                        status: a.status?.value ?? "open"))
            }
            guard let title = d.title, let date = d.date, let hypothesis = d.hypothesis, let fault = d.fault,
                let outcome = d.outcome.flatMap({ DrillOutcome(rawValue: $0.value) })
            else { continue }
            out.append(
                Drill(
                    name: d.name.value, title: title.value, date: date.value, start: d.start?.value, duration: d.duration?.value,
                    services: d.services.map(\.value).sorted(), slos: targeted.sorted(), hypothesis: hypothesis.value,
                    fault: fault.value, tool: d.tool, maxBudgetSpend: d.maxBudgetSpend.map { ExactDecimal($0.value) },
                    outcome: outcome, findings: d.findings, actionItems: items))
        }
        return out.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
    }

    /// `start` falls on `date` (UTC); `duration` is above zero and at most `longestDrill`.
    mutating func checkWindow(_ d: DrillSpec) {
        if let start = d.start, let date = d.date, let midnight = RFC3339.parseDay(date.value),
            start.value < midnight || start.value >= midnight.addingTimeInterval(86_400)
        {
            diagnostics.error(
                "drill `\(d.name.value)`: `spec.start` is not on `spec.date` \(date.value) (UTC)",
                rule: CheckID.drillWindow, at: start.location, hint: "set `date` to the UTC day of `start`")
        }
        if let duration = d.duration, duration.value.milliseconds <= 0 || duration.value > Self.longestDrill {
            diagnostics.error(
                "drill `\(d.name.value)`: `spec.duration` must be above 0 and at most 7 days, found \(duration.value)",
                rule: CheckID.drillWindow, at: duration.location)
        }
    }
}
