import Foundation
import OACModel

/// The on-call figures of the quarter, from the snapshot's alert history (`OnCallHistory`), the catalog's teams
/// (time zones, working hours), the incident log and the compiled alert rules. docs/report.md defines each one.
public struct OnCallHealth: Sendable {
    /// A page that starts more than this long after an incident's end or before its start is not that
    /// incident's page (30 minutes).
    public static let incidentTolerance: TimeInterval = 1800
    /// A firing that starts within this long of the same alert's previous firing's end is a flap (30 minutes).
    public static let flapWindow: TimeInterval = 1800
    /// How many alerts the noisiest-alerts table lists.
    public static let topAlerts = 5
    /// How many noise pages the page lists (all are counted).
    public static let listedNoisePages = 10

    public struct TeamLoad: Sendable {
        public var team: String
        /// False for a team that is in the alerts' labels but not in the catalog.
        public var inCatalog: Bool
        public var timeZone: String
        public var hours: WorkingHours
        public var pages: Int
        public var tickets: Int
        public var outOfHoursPages: Int
        public var noisePages: Int
        /// Pages no incident explains that fired during a chaos drill on their service (not noise).
        public var drillPages: Int
        /// Pages and tickets per week, aligned with `OnCallHealth.weeks`.
        public var weeks: [(pages: Int, tickets: Int)]
        /// Out-of-hours pages over pages; nil without pages.
        public var outOfHoursShare: Double? { pages > 0 ? Double(outOfHoursPages) / Double(pages) : nil }
    }

    public struct AlertNoise: Sendable {
        public var alert: String
        public var severity: String
        public var team: String?
        public var service: String?
        public var slo: String?
        public var firings: Int
        /// Firings that started within `flapWindow` of the previous firing's end.
        public var flaps: Int
        public var shortestSeconds: Double
        public var medianSeconds: Double
        /// `SLOBurnRate bert-model-serving/availability`, `OACPrometheusDown`.
        public var name: String {
            switch (service, slo) {
            case (let s?, let o?): "\(alert) \(s)/\(o)"
            case (let s?, nil): "\(alert) \(s)"
            default: alert
            }
        }
    }

    public struct Runbooks: Sendable {
        public var rules: Int
        public var withRunbook: Int
        public var servicesWithout: [String]
    }

    /// False when the data holds no alert history (a snapshot older than version 3, or one read without a
    /// catalog): only the runbook count is shown.
    public var available: Bool
    /// The quarter's weeks (Monday to Sunday, UTC), clipped to the data.
    public var weeks: [PeriodSpan]
    public var teams: [TeamLoad]
    public var pages: Int
    public var tickets: Int
    public var outOfHoursPages: Int
    /// Pages no incident of the log explains and no chaos drill caused, earliest first.
    public var noisePages: [OnCallHistory.Firing]
    /// Pages no incident explains that fired on a drill's service inside the drill's window (`duringDrill`):
    /// the drill was meant to make them fire, so they are not noise.
    public var drillPages: Int
    public var noisiest: [AlertNoise]
    public var runbooks: Runbooks
    public var unread: [OnCallHistory.Stretch]

    public var outOfHoursShare: Double? { pages > 0 ? Double(outOfHoursPages) / Double(pages) : nil }
    public var noiseShare: Double? { pages > 0 ? Double(noisePages.count) / Double(pages) : nil }

    // MARK: - Building

    public static func build(
        history: OnCallHistory?, model: Model, quarter: Quarter, through: Day, incidents: [ReportIncident], inventory: AlertInventory
    ) -> OnCallHealth {
        let drillWindows = model.drills.compactMap(Self.window(of:))
        let runbooks = Runbooks(rules: inventory.rules.count, withRunbook: inventory.withRunbook, servicesWithout: inventory.servicesWithoutRunbook)
        let weeks = CalendarPeriod.week.spans(in: quarter, through: through)
        guard let history else {
            return OnCallHealth(
                available: false, weeks: weeks, teams: [], pages: 0, tickets: 0, outOfHoursPages: 0, noisePages: [], drillPages: 0, noisiest: [],
                runbooks: runbooks, unread: [])
        }
        let from = quarter.start
        let to = through.end
        let firings = history.firings.filter { $0.startDate >= from && $0.startDate < to }

        // Teams: the catalog's, then any other team the alerts name, then alerts without a team.
        let noTeam = "(no team)"
        var order = model.teams.map(\.name).sorted()
        let named = Set(order)
        order += Set(firings.map { $0.team ?? noTeam }).subtracting(named).sorted { a, b in (a == noTeam ? 1 : 0, a) < (b == noTeam ? 1 : 0, b) }
        var loads: [String: TeamLoad] = [:]
        var zones: [String: TimeZone] = [:]
        for name in order {
            let team = model.teams.first { $0.name == name }
            let zone = team?.timeZone ?? Team.defaultTimeZone
            zones[name] = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
            loads[name] = TeamLoad(
                team: name, inCatalog: team != nil, timeZone: zone, hours: team?.workingHours ?? .standard, pages: 0,
                tickets: 0, outOfHoursPages: 0, noisePages: 0, drillPages: 0, weeks: Array(repeating: (0, 0), count: weeks.count))
        }

        var pages = 0
        var tickets = 0
        var outOfHours = 0
        var noise: [OnCallHistory.Firing] = []
        var drillPages = 0
        for f in firings {
            let name = f.team ?? noTeam
            guard var load = loads[name] else { continue }
            let day = Day(containing: f.startDate)
            let week = weeks.firstIndex { $0.days.contains(day.index) }
            switch f.severity {
            case AlertSeverity.page.rawValue:
                pages += 1
                load.pages += 1
                if let week { load.weeks[week].pages += 1 }
                if !Self.inWorkingHours(f.startDate, hours: load.hours, zone: zones[name]!) {
                    outOfHours += 1
                    load.outOfHoursPages += 1
                }
                if Self.explained(f, by: incidents) {
                } else if Self.duringDrill(f, drillWindows) {
                    drillPages += 1
                    load.drillPages += 1
                } else {
                    noise.append(f)
                    load.noisePages += 1
                }
            case AlertSeverity.ticket.rawValue:
                tickets += 1
                load.tickets += 1
                if let week { load.weeks[week].tickets += 1 }
            default: break
            }
            loads[name] = load
        }
        return OnCallHealth(
            available: true, weeks: weeks, teams: order.map { loads[$0]! }, pages: pages, tickets: tickets,
            outOfHoursPages: outOfHours, noisePages: noise, drillPages: drillPages, noisiest: Self.noisiest(firings), runbooks: runbooks,
            unread: history.unread)
    }

    /// Whether `date` falls inside the working hours by the clock of `zone` (its offset on that date).
    public static func inWorkingHours(_ date: Date, hours: WorkingHours, zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays: 1 = Sunday … 7 = Saturday.
        let days: [Weekday] = [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday]
        guard let w = c.weekday, (1...7).contains(w), let h = c.hour, let m = c.minute else { return false }
        return hours.contains(day: days[w - 1], minute: h * 60 + m)
    }

    /// Whether an incident of the log explains a page: one of its services is the page's (any service for a
    /// page without one, such as the platform's self-monitoring) and the page overlaps the incident, from its
    /// start to its resolution (or the latest time it records), widened by `incidentTolerance` on both sides.
    public static func explained(_ f: OnCallHistory.Firing, by incidents: [ReportIncident]) -> Bool {
        let start = f.startDate
        let stop = f.endDate
        return incidents.contains { r in
            let i = r.incident
            if let s = f.service, !i.services.contains(s) { return false }
            let end = i.resolved ?? i.mitigated ?? i.acknowledged ?? i.detected ?? i.started
            return start <= end.addingTimeInterval(incidentTolerance) && stop >= i.started.addingTimeInterval(-incidentTolerance)
        }
    }

    /// A drill's window and services, for `duringDrill`.
    public struct DrillWindow: Sendable {
        public var services: Set<String>
        public var start: Date
        public var end: Date
    }

    /// The window a drill ran in: `start` … `start + duration`; `start` to the end of its UTC day without a
    /// duration; its whole UTC `date` without a start. Nil for a planned drill (not run yet) or an unreadable date.
    public static func window(of drill: Drill) -> DrillWindow? {
        guard drill.outcome != .planned else { return nil }
        let services = Set(drill.services)
        if let start = drill.start {
            if let duration = drill.duration, duration.milliseconds > 0 {
                return DrillWindow(services: services, start: start, end: start.addingTimeInterval(duration.seconds))
            }
            return DrillWindow(services: services, start: start, end: Day(containing: start).end)
        }
        guard let day = Day(parsing: drill.date) else { return nil }
        return DrillWindow(services: services, start: day.start, end: day.end)
    }

    /// Whether a page fired during a drill on its service: the page names one of the drill's services and
    /// overlaps the drill's window widened by `incidentTolerance` on both sides (a drill's alerts fire a few
    /// minutes into the fault and resolve a few after it). A page without a service is never a drill's.
    public static func duringDrill(_ f: OnCallHistory.Firing, _ windows: [DrillWindow]) -> Bool {
        guard let service = f.service else { return false }
        let start = f.startDate
        let stop = f.endDate
        return windows.contains { w in
            w.services.contains(service) && start <= w.end.addingTimeInterval(incidentTolerance)
                && stop >= w.start.addingTimeInterval(-incidentTolerance)
        }
    }

    /// Alerts by firings (most first), then flaps, then the shortest firing (shortest first), then name.
    static func noisiest(_ firings: [OnCallHistory.Firing]) -> [AlertNoise] {
        struct Key: Hashable {
            var alert: String, severity: String, team: String?, service: String?, slo: String?
        }
        var groups: [Key: [OnCallHistory.Firing]] = [:]
        for f in firings { groups[Key(alert: f.alert, severity: f.severity, team: f.team, service: f.service, slo: f.slo), default: []].append(f) }
        let rows = groups.map { key, list -> AlertNoise in
            let sorted = list.sorted { $0.startDate < $1.startDate }
            var flaps = 0
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.startDate.timeIntervalSince(a.endDate) <= flapWindow { flaps += 1 }
            let durations = sorted.map(\.seconds).sorted()
            return AlertNoise(
                alert: key.alert, severity: key.severity, team: key.team, service: key.service, slo: key.slo,
                firings: list.count, flaps: flaps, shortestSeconds: durations[0], medianSeconds: Stat.percentile(durations, 0.5) ?? 0)
        }
        return Array(
            rows.sorted { a, b in
                if a.firings != b.firings { return a.firings > b.firings }
                if a.flaps != b.flaps { return a.flaps > b.flaps }
                if a.shortestSeconds != b.shortestSeconds { return a.shortestSeconds < b.shortestSeconds }
                return (a.name, a.severity, a.team ?? "") < (b.name, b.severity, b.team ?? "")
            }.prefix(topAlerts))
    }
}
