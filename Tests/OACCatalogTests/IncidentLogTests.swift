import Foundation
import OACDiagnostics
import Testing

@testable import OACCatalog

/// `kind: IncidentLog` as the decoder reads it: what the report needs is required, the summary is kept.
@Suite("Incident log")
struct IncidentLogTests {
    func load(_ incidents: String) -> (Catalog, [Diagnostic]) {
        let text = "apiVersion: oac/v1\nkind: IncidentLog\nincidents:\n" + incidents
        let (c, d) = CatalogLoader.load([SourceFile(path: "i.yaml", contents: text)])
        return (c, d.sorted)
    }

    @Test("an incident without services, detected or resolved is a missing-field error at the incident")
    func requiredForTheReport() {
        let (_, d) = load(
            """
              - id: INC-1
                title: API outage
                severity: SEV2
                started: 2026-08-14T14:00:00Z
            """)
        #expect(
            d.map { "\($0.location!) \($0.message) [\($0.ruleID)]" } == [
                "i.yaml:4:5 missing required field `incidents[0].detected` [missing-field]",
                "i.yaml:4:5 missing required field `incidents[0].resolved` [missing-field]",
                "i.yaml:4:5 missing required field `incidents[0].services` [missing-field]"
            ])
    }

    @Test("an incident with an empty services list is an error at the list")
    func emptyServices() {
        let (_, d) = load(
            """
              - {id: INC-1, title: x, services: [], severity: SEV2, started: 2026-08-14T14:00:00Z,
                 detected: 2026-08-14T14:05:00Z, resolved: 2026-08-14T15:00:00Z}
            """)
        #expect(
            d.map { "\($0.location!) \($0.message) [\($0.ruleID)]" } == [
                "i.yaml:4:37 `incidents[0].services` must name at least one service [missing-field]"
            ])
    }

    @Test("an incident's summary is read, with its location")
    func summary() throws {
        let (c, d) = load(
            """
              - id: INC-1
                title: API outage
                services: [api]
                severity: SEV2
                started: 2026-08-14T14:00:00Z
                detected: 2026-08-14T14:05:00Z
                resolved: 2026-08-14T15:00:00Z
                summary: A bad deploy.
            """)
        #expect(d.isEmpty)
        let summary = try #require(c.incidentLogs.first?.incidents.first?.summary)
        #expect(summary.value == "A bad deploy.")
        #expect(summary.location.line == 11 && summary.location.column == 14)
    }
}

/// The incident log's timestamps are strict RFC 3339 (`RFC3339.parse`): a date that does not exist is an error
/// at the value, never rolled over to the next month.
@Suite("Incident log timestamps")
struct IncidentTimestampTests {
    func errors(started: String) -> [String] {
        let text = """
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - {id: INC-1, title: x, services: [api], severity: SEV2, started: "\(started)",
                 detected: 2026-08-14T14:05:00Z, resolved: 2026-08-14T15:00:00Z}
            """
        return CatalogLoader.load([SourceFile(path: "i.yaml", contents: text)]).1.sorted
            .map { "\($0.location!.line):\($0.location!.column) [\($0.ruleID)]" }
    }

    @Test(
        "a timestamp that is no real instant is refused at its value",
        arguments: [
            "2026-09-31T10:00:00Z", "2026-02-29T10:00:00Z", "2026-08-14T24:00:00Z", "2026-08-14T14:60:00Z",
            "2026-08-14T14:00:60Z", "2026-08-14T14:00:00", "2026-08-14T14:00:00+0200", "2026-8-14T14:00:00Z",
            "2026-08-14T14:00:00Zjunk", "0001-01-01T00:00:00Z", "14 August 2026", ""
        ])
    func refused(started: String) {
        // `started: "` ends at column 69 of line 4; a quoted value is located at its first character, 70.
        #expect(errors(started: started) == ["4:70 [invalid-timestamp]"], "\(started)")
    }

    @Test(
        "RFC 3339 forms are read: Z, an offset, fractions, a space for T, lower case",
        arguments: [
            "2026-08-14T14:00:00Z", "2026-08-14T16:00:00+02:00", "2026-08-14 14:00:00Z", "2026-08-14t14:00:00z",
            "2026-08-14T14:00:00.5Z", "2024-02-29T14:00:00Z"
        ])
    func accepted(started: String) {
        #expect(errors(started: started) == [], "\(started)")
    }

    @Test("the instant is exact: 2026-08-14T16:00:00+02:00 is 14:00 UTC, day 20,679 since 1970")
    func instant() throws {
        // 2026-01-01 is 56 × 365 + 14 leap days = 20,454 days after 1970-01-01; 14 August is day 226 of 2026
        // (31+28+31+30+31+30+31 = 212, + 14), so 20,454 + 225 = 20,679 days, plus 14 hours.
        let expected = Double(20_679 * 86_400 + 14 * 3600)
        #expect(DocumentDecoder.parseTimestamp("2026-08-14T16:00:00+02:00")?.timeIntervalSince1970 == expected)
        #expect(DocumentDecoder.parseTimestamp("2026-08-14 14:00:00Z")?.timeIntervalSince1970 == expected)
    }
}
