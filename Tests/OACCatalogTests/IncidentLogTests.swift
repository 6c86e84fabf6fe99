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
        let (_, d) = load("""
              - id: INC-1
                title: API outage
                severity: SEV2
                started: 2026-08-14T14:00:00Z
            """)
        #expect(d.map { "\($0.location!) \($0.message) [\($0.ruleID)]" } == [
            "i.yaml:4:5 missing required field `incidents[0].detected` [missing-field]",
            "i.yaml:4:5 missing required field `incidents[0].resolved` [missing-field]",
            "i.yaml:4:5 missing required field `incidents[0].services` [missing-field]",
        ])
    }

    @Test("an incident with an empty services list is an error at the list")
    func emptyServices() {
        let (_, d) = load("""
              - {id: INC-1, title: x, services: [], severity: SEV2, started: 2026-08-14T14:00:00Z,
                 detected: 2026-08-14T14:05:00Z, resolved: 2026-08-14T15:00:00Z}
            """)
        #expect(d.map { "\($0.location!) \($0.message) [\($0.ruleID)]" } == [
            "i.yaml:4:37 `incidents[0].services` must name at least one service [missing-field]",
        ])
    }

    @Test("an incident's summary is read, with its location")
    func summary() throws {
        let (c, d) = load("""
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
