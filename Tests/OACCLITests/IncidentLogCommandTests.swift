import Foundation
import Testing

/// Incident logs through `oac check`, `oac lint` and `oac compile`.
@Suite("incident logs end to end")
struct IncidentLogCommandTests {
    /// catalog/minimal with an incident log.
    static func catalog(_ incident: String) throws -> URL {
        let dir = try TestSupport.temporaryDirectory("incidents").appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestSupport.repoRoot.appendingPathComponent("catalog/minimal/catalog.yaml"),
            to: dir.appendingPathComponent("catalog.yaml"))
        try Data("apiVersion: oac/v1\nkind: IncidentLog\nincidents:\n\(incident)".utf8)
            .write(to: dir.appendingPathComponent("incidents.yaml"))
        return dir
    }

    @Test("an incident without services, detected and resolved fails check and lint with located errors")
    func missingFields() throws {
        let dir = try Self.catalog("  - {id: INC-1, title: Outage, severity: SEV2, started: 2026-08-14T14:00:00Z}\n")
        for command in ["check", "lint"] {
            let run = try TestSupport.oac([command, dir.path])
            #expect(run.status == 1, "\(command): \(run.stdout)")
            for field in ["services", "detected", "resolved"] {
                #expect(
                    run.stdout.contains("incidents.yaml:4:5: error: missing required field `incidents[0].\(field)` [missing-field]"),
                    "\(command): \(run.stdout)")
            }
        }
    }

    @Test("an incident's summary reaches model.json")
    func summaryInModel() throws {
        let dir = try Self.catalog(
            """
              - id: INC-1
                title: Outage
                services: [checkout-api]
                severity: SEV2
                started: 2026-08-14T14:00:00Z
                detected: 2026-08-14T14:05:00Z
                resolved: 2026-08-14T15:00:00Z
                summary: "A bad deploy: <b>rolled back</b>."

            """)
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", dir.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let model = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("model.json"))) as? [String: Any])
        let incident = try #require((model["incidents"] as? [[String: Any]])?.first)
        #expect(incident["summary"] as? String == "A bad deploy: <b>rolled back</b>.")
    }
}
