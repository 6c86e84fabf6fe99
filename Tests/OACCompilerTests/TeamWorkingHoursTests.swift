import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACSupport
import Testing

@testable import OACCompiler

/// A team's `timeZone` and `workingHours`: defaults, IANA names checked with Foundation, clock times, and a
/// located error (with a hint) for each thing that cannot be used.
@Suite("Team time zone and working hours")
struct TeamWorkingHoursTests {
    /// A platform and team `t` whose spec gets `lines` (each at the spec's indentation).
    static func check(_ lines: [String]) -> Compiler.Result {
        let text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: p}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s}
              retentionTiers: [{name: std, metrics: {local: 15d}, logs: 30d}]
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/t}}

            """ + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
        return Compiler.check([SourceFile(path: "c.yaml", contents: text)])
    }

    static func team(_ lines: [String]) throws -> Team {
        let r = check(lines)
        let model = try #require(r.model, "\(r.diagnostics.sorted)")
        return try #require(model.teams.first)
    }

    static func errors(_ lines: [String]) -> [Diagnostic] { check(lines).diagnostics.sorted.filter { $0.severity == .error } }

    @Test("a team without either works monday–friday 09:00–17:00 in UTC")
    func defaults() throws {
        let t = try Self.team([])
        #expect(t.timeZone == "UTC")
        #expect(t.workingHours == WorkingHours(days: [.monday, .tuesday, .wednesday, .thursday, .friday], start: 540, end: 1020))
    }

    @Test("IANA names Foundation knows are kept, with hours and days as written (days in week order, once each)")
    func valid() throws {
        for zone in ["Europe/Berlin", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "Etc/GMT-3", "UTC"] {
            #expect(try Self.team(["timeZone: \(zone)"]).timeZone == zone)
        }
        let t = try Self.team([#"workingHours: {days: [sunday, monday, monday], start: "07:30", end: "24:00"}"#])
        #expect(t.workingHours == WorkingHours(days: [.monday, .sunday], start: 450, end: 1440))
        // Only `end` given: the default start.
        #expect(try Self.team([#"workingHours: {end: "18:00"}"#]).workingHours.start == 540)
    }

    @Test("a misspelt, offset or unknown zone is an error at the value, with the closest IANA name as a hint")
    func badZone() {
        let e = Self.errors(["timeZone: europe/berlin"])
        #expect(e.count == 1)
        #expect(e.first?.ruleID == CheckID.invalidValue)
        #expect(e.first?.location?.line == 13 && e.first?.location?.column == 13)
        #expect(e.first?.hint == "did you mean `Europe/Berlin`?")
        for zone in ["GMT+5", "CEST", "Mars/Olympus_Mons", #""""#, "'Europe/Berlin '"] {
            #expect(Self.errors(["timeZone: \(zone)"]).first?.message.contains("is not an IANA time zone") == true, "\(zone)")
        }
    }

    @Test("a clock that is not HH:MM, an end not after the start, no day or an unknown day are located errors")
    func badHours() {
        let clock = Self.errors([#"workingHours: {start: "9am"}"#])
        #expect(clock.first?.message == "`spec.workingHours.start` must be a time HH:MM, found `9am`")
        #expect(clock.first?.location?.line == 13)
        #expect(Self.errors([#"workingHours: {end: "24:01"}"#]).first?.message.contains("at most 24:00") == true)
        #expect(Self.errors([#"workingHours: {start: "24:00"}"#]).count == 1)
        let order = Self.errors([#"workingHours: {start: "18:00", end: "09:00"}"#])
        #expect(order.first?.message == "`spec.workingHours.end` (09:00) must be after `start` (18:00)")
        #expect(order.first?.hint?.contains("across midnight") == true)
        #expect(Self.errors(["workingHours: {days: []}"]).first?.message == "`spec.workingHours.days` lists no day")
        let day = Self.errors(["workingHours: {days: [mon]}"])
        #expect(day.count == 1, "one error for one problem: \(day)")
        #expect(day.first?.message.contains("found `mon`") == true)
        #expect(day.first?.hint?.contains("monday") == true)
    }

    @Test("model.json shows a team's zone and hours only when they are not the defaults")
    func json() throws {
        let plain = StableJSON.text(try Self.team([]))
        #expect(!plain.contains("timeZone") && !plain.contains("workingHours"))
        let set = StableJSON.text(try Self.team(["timeZone: Europe/Berlin", #"workingHours: {start: "08:00"}"#]))
        #expect(set.contains(#""timeZone" : "Europe/Berlin""#))
        #expect(set.contains(#""start" : "08:00""#))
    }
}
