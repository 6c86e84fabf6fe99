import Foundation
import OACModel
import OACSupport

/// `summary.json`'s `onCall`: the on-call figures (docs/report.md defines each). Always present; `available`
/// is false when the data holds no alert history, and then only `runbooks` is meaningful.
extension SummaryJSON {
    struct OnCallJSON: Sendable {
        var available: Bool
        var pages: Int, tickets: Int
        var outOfHoursPages: Int
        var outOfHoursShare: Number
        var noisePages: Int
        var noiseShare: Number
        var drillPages: Int
        var weeks: [String]
        var teams: [String: TeamJSON]
        var noisiest: [AlertJSON]
        var runbooks: RunbooksJSON

        init(_ o: OnCallHealth?) {
            available = o?.available ?? false
            pages = o?.pages ?? 0
            tickets = o?.tickets ?? 0
            outOfHoursPages = o?.outOfHoursPages ?? 0
            outOfHoursShare = Number(o?.outOfHoursShare)
            noisePages = o?.noisePages.count ?? 0
            noiseShare = Number(o?.noiseShare)
            drillPages = o?.drillPages ?? 0
            let weekSpans = o?.weeks ?? []
            weeks = weekSpans.map(\.start.description)
            teams = Dictionary(
                (o?.teams ?? []).map { t in
                    (
                        t.team,
                        TeamJSON(
                            timeZone: t.timeZone, workingHours: t.hours.description, pages: t.pages, tickets: t.tickets,
                            outOfHoursPages: t.outOfHoursPages, outOfHoursShare: Number(t.outOfHoursShare), noisePages: t.noisePages,
                            drillPages: t.drillPages,
                            weeks: zip(weekSpans, t.weeks).map { WeekJSON(start: $0.start.description, pages: $1.pages, tickets: $1.tickets) })
                    )
                }, uniquingKeysWith: { a, _ in a })
            noisiest = (o?.noisiest ?? []).map {
                AlertJSON(
                    alert: $0.alert, severity: $0.severity, team: $0.team, service: $0.service, slo: $0.slo, firings: $0.firings,
                    flaps: $0.flaps, shortestMinutes: Number($0.shortestSeconds / 60), medianMinutes: Number($0.medianSeconds / 60))
            }
            runbooks = RunbooksJSON(
                alertRules: o?.runbooks.rules ?? 0, withRunbook: o?.runbooks.withRunbook ?? 0,
                servicesWithout: o?.runbooks.servicesWithout ?? [])
        }
    }

    struct TeamJSON: Sendable {
        var timeZone: String
        var workingHours: String
        var pages: Int, tickets: Int
        var outOfHoursPages: Int
        var outOfHoursShare: Number
        var noisePages: Int
        var drillPages: Int
        var weeks: [WeekJSON]
    }

    struct WeekJSON: Sendable {
        var start: String
        var pages: Int, tickets: Int
    }

    struct AlertJSON: Sendable {
        var alert: String, severity: String
        var team: String?, service: String?, slo: String?
        var firings: Int, flaps: Int
        var shortestMinutes: Number, medianMinutes: Number
    }

    struct RunbooksJSON: Sendable {
        var alertRules: Int, withRunbook: Int
        var servicesWithout: [String]
    }
}

extension SummaryJSON.OnCallJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("available", available)
            $0.field("drillPages", drillPages)
            $0.field("noisePages", noisePages)
            $0.field("noiseShare", noiseShare)
            $0.field("noisiest", noisiest)
            $0.field("outOfHoursPages", outOfHoursPages)
            $0.field("outOfHoursShare", outOfHoursShare)
            $0.field("pages", pages)
            $0.field("runbooks", runbooks)
            $0.field("teams", teams)
            $0.field("tickets", tickets)
            $0.field("weeks", weeks)
        }
    }
}

extension SummaryJSON.TeamJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("drillPages", drillPages)
            $0.field("noisePages", noisePages)
            $0.field("outOfHoursPages", outOfHoursPages)
            $0.field("outOfHoursShare", outOfHoursShare)
            $0.field("pages", pages)
            $0.field("tickets", tickets)
            $0.field("timeZone", timeZone)
            $0.field("weeks", weeks)
            $0.field("workingHours", workingHours)
        }
    }
}

extension SummaryJSON.WeekJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("pages", pages)
            $0.field("start", start)
            $0.field("tickets", tickets)
        }
    }
}

extension SummaryJSON.AlertJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alert", alert)
            $0.field("firings", firings)
            $0.field("flaps", flaps)
            $0.field("medianMinutes", medianMinutes)
            $0.field("service", orNull: service)
            $0.field("severity", severity)
            $0.field("shortestMinutes", shortestMinutes)
            $0.field("slo", orNull: slo)
            $0.field("team", orNull: team)
        }
    }
}

extension SummaryJSON.RunbooksJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alertRules", alertRules)
            $0.field("servicesWithout", servicesWithout)
            $0.field("withRunbook", withRunbook)
        }
    }
}
