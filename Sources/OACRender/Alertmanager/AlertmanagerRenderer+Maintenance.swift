import Foundation
import OACModel
import OACSupport

/// Maintenance windows → Alertmanager `time_intervals` (one per window, `<service>-<window>`) and, under the team's
/// route, a route per service (and SLO set) whose severity routes carry `mute_time_intervals`: Alertmanager does not
/// inherit mute times from a parent route, so each leaf names them.
extension AlertmanagerRenderer {
    public static func timeIntervalName(service: String, window: String) -> String { "\(service)-\(window)" }

    /// `time_intervals` (0.24 and later) or `mute_time_intervals` (before).
    static func timeIntervalsKey(_ model: Model) -> String {
        model.platform.alerting.alertmanagerVersion >= PrometheusVersion(major: 0, minor: 24) ? "time_intervals" : "mute_time_intervals"
    }

    /// One route per service and set of SLOs sharing the same windows: (service, SLO names or nil for all, interval names).
    static func mutedRoutes(_ model: Model, team: String) -> [(service: String, slos: [String]?, intervals: [String])] {
        var out: [(service: String, slos: [String]?, intervals: [String])] = []
        for s in model.services where s.owner == team && !s.maintenanceWindows.isEmpty {
            var groups: [[String]: [String]] = [:]
            var order: [[String]] = []
            for slo in s.slos {
                let names = s.maintenanceWindows.filter { $0.applies(to: slo.name) }
                    .map { timeIntervalName(service: s.name, window: $0.name) }
                guard !names.isEmpty else { continue }
                if groups[names] == nil { order.append(names) }
                groups[names, default: []].append(slo.name)
            }
            let everyWindow = s.maintenanceWindows.filter(\.slos.isEmpty).map { timeIntervalName(service: s.name, window: $0.name) }
            for names in order {
                let slos = groups[names]!
                // Every SLO with the same windows, and they are the service-wide ones: no `slo` matcher, so the
                // service's own alerts (the freeze ticket) are muted too.
                let all = slos.count == s.slos.count && names == everyWindow
                out.append((s.name, all ? nil : slos, names))
            }
        }
        return out
    }

    static func writeMutedRoutes(_ y: inout YAMLBuilder, _ model: Model, team: Team) {
        let sev = Conventions.severityLabel
        for r in mutedRoutes(model, team: team.name) {
            y.line(8, "- matchers:")
            y.line(12, "- \(YAMLText.string(matcher(Conventions.serviceLabel, r.service)))")
            if let slos = r.slos {
                y.line(12, "- \(YAMLText.string(regexMatcher(Conventions.sloLabel, slos)))")
            }
            y.field(10, "receiver", receiver(for: team, severity: .ticket)!)
            y.line(10, "mute_time_intervals: [\(r.intervals.map(YAMLText.string).joined(separator: ", "))]")
            y.line(10, "routes:")
            y.line(12, "- matchers:")
            y.line(16, "- \(YAMLText.string(matcher(sev, AlertSeverity.page.rawValue)))")
            y.field(14, "receiver", receiver(for: team, severity: .page)!)
            y.raw(14, "group_wait", "10s")
            y.raw(14, "repeat_interval", "1h")
            y.line(14, "mute_time_intervals: [\(r.intervals.map(YAMLText.string).joined(separator: ", "))]")
            y.line(12, "- matchers:")
            y.line(16, "- \(YAMLText.string(matcher(sev, AlertSeverity.ticket.rawValue)))")
            y.field(14, "receiver", receiver(for: team, severity: .ticket)!)
            y.raw(14, "repeat_interval", "12h")
            y.line(14, "mute_time_intervals: [\(r.intervals.map(YAMLText.string).joined(separator: ", "))]")
        }
    }

    /// `label=~"a|b"`: names are catalog names (letters, digits, `-`), nothing a regex reads specially.
    static func regexMatcher(_ label: String, _ values: [String]) -> String {
        "\(label)=~\"\(values.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|"))\""
    }

    static func writeTimeIntervals(_ y: inout YAMLBuilder, _ model: Model) {
        let windows = model.services.flatMap { s in s.maintenanceWindows.map { (s.name, $0) } }
        guard !windows.isEmpty else { return }
        y.line(0, "\(timeIntervalsKey(model)):")
        for (service, w) in windows {
            y.line(2, "- name: \(YAMLText.string(timeIntervalName(service: service, window: w.name)))")
            y.line(4, "time_intervals:")
            for entry in entries(w.schedule) {
                var first = true
                for (key, value) in entry {
                    y.line(first ? 6 : 8, "\(first ? "- " : "")\(key): \(value)")
                    first = false
                }
            }
        }
    }

    static func times(_ start: Int, _ end: Int) -> String {
        "[{start_time: \(YAMLText.string(BudgetWindow.Schedule.clock(start))), end_time: \(YAMLText.string(BudgetWindow.Schedule.clock(end)))}]"
    }

    /// The `time_interval` entries of a schedule, as ordered (key, value) lines. A one-off window is one entry per
    /// UTC day it touches (year, month and day of month), its ends rounded out to whole minutes.
    static func entries(_ schedule: BudgetWindow.Schedule) -> [[(String, String)]] {
        switch schedule {
        case .weekly(let days, let start, let end, let zone):
            var e: [(String, String)] = [("weekdays", "[\(days.map(\.rawValue).joined(separator: ", "))]"), ("times", times(start, end))]
            if zone != "UTC" { e.append(("location", YAMLText.string(zone))) }
            return [e]
        case .once(let start, let end):
            let from = Int((start.timeIntervalSince1970 / 60).rounded(.down))
            let to = Int((end.timeIntervalSince1970 / 60).rounded(.up))
            var out: [[(String, String)]] = []
            var day = from / 1440
            while day * 1440 < to {
                let a = max(from, day * 1440) - day * 1440
                let b = min(to, (day + 1) * 1440) - day * 1440
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
                out.append([
                    ("times", times(a, b)), ("days_of_month", "[\"\(c.day!)\"]"), ("months", "[\"\(c.month!)\"]"),
                    ("years", "[\"\(c.year!)\"]")
                ])
                day += 1
            }
            return out
        }
    }
}
