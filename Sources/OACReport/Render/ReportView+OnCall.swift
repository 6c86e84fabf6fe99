import Foundation
import OACModel

/// The `onCall` values of the templates (templates/report/oncall.mustache): the on-call figures as text.
extension ReportView {
    static func onCall(_ o: OnCallHealth?) -> [String: Any] {
        guard let o else { return ["available": false, "hasRunbooks": false] }
        let r = o.runbooks
        var view: [String: Any] = [
            "available": o.available,
            "pages": o.pages, "tickets": o.tickets,
            "outOfHours": o.outOfHoursShare.map(Format.share) ?? "–",
            "outOfHoursPages": o.outOfHoursPages,
            "noise": o.noiseShare.map(Format.share) ?? "–",
            "noisePages": o.noisePages.count,
            "hasNoise": !o.noisePages.isEmpty,
            "drillPages": o.drillPages,
            "hasDrillPages": o.drillPages > 0,
            "runbooks": r.rules > 0 ? "\(r.withRunbook) of \(r.rules)" : "–",
            "hasRunbooks": r.rules > 0,
            "allRunbooks": r.withRunbook == r.rules,
            "servicesWithoutRunbook": r.servicesWithout.joined(separator: ", "),
            "hasServicesWithoutRunbook": !r.servicesWithout.isEmpty,
            "weeks": o.weeks.map { ["label": $0.start.short + ($0.clipped ? "*" : ""), "title": "week of \(span($0))"] },
            "hasPartialWeeks": o.weeks.contains { $0.clipped },
            "teams": o.teams.map { team($0, weeks: o.weeks) },
            "noisiest": o.noisiest.map { a -> [String: Any] in
                [
                    "name": a.name, "severity": a.severity, "team": a.team ?? "–", "firings": a.firings, "flaps": a.flaps,
                    "shortest": duration(a.shortestSeconds), "median": duration(a.medianSeconds)
                ]
            },
            "hasNoisiest": !o.noisiest.isEmpty,
            "noiseList": o.noisePages.prefix(OnCallHealth.listedNoisePages).map { f -> [String: Any] in
                [
                    "started": Format.date(f.startDate), "alert": f.alert,
                    "target": [f.service, f.slo].compactMap { $0 }.joined(separator: "/"),
                    "team": f.team ?? "–", "duration": duration(f.seconds)
                ]
            },
            "moreNoise": max(0, o.noisePages.count - OnCallHealth.listedNoisePages),
            "hasMoreNoise": o.noisePages.count > OnCallHealth.listedNoisePages,
            "unread": o.unread.map { s -> String in
                let a = Timestamp.parse(s.start).map(Format.date) ?? s.start
                let b = Timestamp.parse(s.end).map(Format.date) ?? s.end
                return "\(a) – \(b)"
            }.joined(separator: "; "),
            "hasUnread": !o.unread.isEmpty,
            "flapMinutes": Int(OnCallHealth.flapWindow / 60),
            "toleranceMinutes": Int(OnCallHealth.incidentTolerance / 60)
        ]
        view["quiet"] = o.available && o.pages == 0 && o.tickets == 0
        return view
    }

    static func team(_ t: OnCallHealth.TeamLoad, weeks: [PeriodSpan]) -> [String: Any] {
        [
            "team": t.team, "inCatalog": t.inCatalog, "timeZone": t.timeZone, "hours": t.hours.short,
            "pages": t.pages, "tickets": t.tickets, "outOfHoursPages": t.outOfHoursPages,
            "outOfHours": t.outOfHoursShare.map(Format.share) ?? "–", "noisePages": t.noisePages,
            "drillPages": t.drillPages,
            "weeks": zip(weeks, t.weeks).map { w, c -> [String: Any] in
                [
                    "pages": c.pages, "tickets": c.tickets,
                    "heat": c.pages == 0 ? "h0" : c.pages <= 2 ? "h1" : c.pages <= 5 ? "h2" : "h3",
                    "title":
                        "\(t.team), week of \(span(w)): \(c.pages) \(c.pages == 1 ? "page" : "pages"), \(c.tickets) \(c.tickets == 1 ? "ticket" : "tickets")"
                ]
            }
        ]
    }

    /// `under 1 min`, `4 min`, `2 h 05 min`.
    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? "under 1 min" : Format.minutes(seconds / 60)
    }
}
