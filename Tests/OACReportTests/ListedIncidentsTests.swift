import Foundation
import OACModel
import OACOutput
import OACTestSupport
import Testing

@testable import OACReport

/// The page lists at most `IncidentSummary.listedIncidents` incidents; every figure and summary.json count all.
@Suite("Listed incidents")
struct ListedIncidentsTests {
    static let cap = IncidentSummary.listedIncidents
    static let extra = 7

    /// `cap + extra` PagerDuty rows on checkout, all P3 but rows 10 and 20 (P1); row n (id 1000 + n) starts on
    /// 1 Aug at n hours and is resolved after n + 1 minutes.
    static func csv() -> String {
        var text = "incident_number,title,service_name,priority_name,created_at,seconds_to_resolve\n"
        for n in 0..<(cap + extra) {
            let hour = n % 24
            let day = 1 + n / 24
            let start = "2026-08-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
            text += "\(1000 + n),\"Row \(n), \"\"quoted\"\"\",checkout,\(n == 10 || n == 20 ? "P1" : "P3"),\(start),\((n + 1) * 60)\n"
        }
        return text
    }

    static func files() throws -> [OutputFile] {
        let model = try ReportFixtures.model()
        let parsed = PagerDutyCSV.parse(csv(), path: "pd.csv", model: model)
        #expect(parsed.diagnostics.isEmpty)
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": ReportFixtures.flat(good: 99_990, total: 100_000)]),
            previous: nil, incidents: ReportIncident.merge(catalog: model.incidents, exported: parsed.incidents))
        return try ReportRenderer(oacVersion: "test").render(card)
    }

    static func file(_ files: [OutputFile], _ path: String) throws -> String { try #require(files.first { $0.path == path }?.contents) }

    /// The ids in the "incidents of the quarter" table, in order.
    static func listedIDs(_ html: String) throws -> [String] {
        let table = try #require(html.components(separatedBy: "incidents of the quarter</h4>").last?.components(separatedBy: "</table>").first)
        return table.components(separatedBy: "<tr><td><strong>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test("a CSV of cap + 7 incidents: the page lists cap of them, the most severe then the longest, and says 7 more")
    func capped() throws {
        let files = try Self.files()
        let html = try Self.file(files, "index.html")
        let ids = try Self.listedIDs(html)
        #expect(ids.count == Self.cap)
        // Left out: the 7 shortest P3 rows, 0…6 (1 to 7 minutes); the two P1 rows are listed although short.
        let left = (0..<7).map { "PD-\(1000 + $0)" }
        #expect(Set(ids).isDisjoint(with: left))
        #expect(ids.contains("PD-1010") && ids.contains("PD-1020"))
        // In order of start.
        #expect(ids.first == "PD-1007" && ids.last == "PD-\(1000 + Self.cap + Self.extra - 1)")
        #expect(html.contains("<h4>The \(Self.cap) most severe incidents of the quarter</h4>"))
        #expect(html.contains("<p class=\"note\">7 more incidents — see summary.json."))
        // The calendar marks only the listed incidents.
        let calendar = try Self.file(files, "calendar.svg")
        #expect(!calendar.contains(">PD-1000<") && calendar.contains(">PD-1007<"))
    }

    @Test("the totals count every row: count, severities, MTTR; summary.json names the incidents the page leaves out")
    func totals() throws {
        let files = try Self.files()
        let summary = try Self.file(files, "summary.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        let incidents = try #require(json["incidents"] as? [String: Any])
        let n = Self.cap + Self.extra  // 57
        #expect(incidents["total"] as? Int == n)
        #expect(incidents["bySeverity"] as? [String: Int] == ["SEV1": 2, "SEV2": 0, "SEV3": n - 2, "SEV4": 0])
        // Resolved after 1…57 minutes: the median is the 29th value, 29; p90 at rank 56 × 0.9 = 50.4 is
        // 51 + 0.4 × (52 − 51) = 51.4.
        let mttr = try #require(incidents["mttrMinutes"] as? [String: Any])
        #expect((mttr["median"] as? NSNumber)?.doubleValue == 29)
        #expect((mttr["p90"] as? NSNumber)?.doubleValue == 51.4)
        let unlisted = try #require(incidents["unlisted"] as? [[String: Any]])
        #expect(unlisted.map { $0["id"] as? String } == (0..<7).map { "PD-\(1000 + $0)" })
        #expect(unlisted.first?["title"] as? String == "Row 0, \"quoted\"")
        #expect(unlisted.first?["started"] as? String == "2026-08-01T00:00:00Z")
        #expect((unlisted.last?["minutesToResolve"] as? NSNumber)?.doubleValue == 7)
        // The page's headline and narrative count all of them too.
        let html = try Self.file(files, "index.html")
        #expect(html.contains("There were \(n) incidents (2 SEV1 and \(n - 2) SEV3)."))
    }

    @Test("a capped summary.json, its unlisted records included, validates against the committed JSON Schema", .requires(.python3))
    func schema() throws {
        let dir = try Repository.temporaryDirectory("oac-listed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = dir.appendingPathComponent("summary.json")
        try Data(try Self.file(try Self.files(), "summary.json").utf8).write(to: summary)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for e in errors: print("/".join(map(str, e.path)), e.message)
            sys.exit(1 if errors else 0)
            """
        let run = try Command.run(.python3, ["-c", script, Repository.url("schemas/report-summary.schema.json").path, summary.path])
        if run.output.contains("No module named") {
            if ExternalTool.required { Issue.record("python3-jsonschema missing: \(run.output)") }
            return
        }
        #expect(run.succeeded, "\(run.output)")
    }

    @Test("at most cap incidents: all listed in order of start, no note, and summary.json has no unlisted key")
    func underCap() throws {
        let model = try ReportFixtures.model()
        let rows = PagerDutyCSV.parse(Self.csv(), path: "pd.csv", model: model).incidents
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": ReportFixtures.flat(good: 99_990, total: 100_000)]),
            previous: nil, incidents: Array(rows.prefix(Self.cap)))
        let files = try ReportRenderer(oacVersion: "test").render(card)
        let html = try Self.file(files, "index.html")
        #expect(try Self.listedIDs(html) == (0..<Self.cap).map { "PD-\(1000 + $0)" })
        #expect(html.contains("<h4>All incidents of the quarter</h4>"))
        #expect(!html.contains("more incidents — see summary.json"))
        #expect(!(try Self.file(files, "summary.json")).contains("\"unlisted\""))
    }

    @Test("docs/report.md states the cap the page applies")
    func documented() throws {
        let docs = try String(contentsOf: ReportFixtures.repoRoot.appendingPathComponent("docs/report.md"), encoding: .utf8)
        #expect(docs.contains("**The list is capped at \(Self.cap)** (`IncidentSummary.listedIncidents`)"))
    }

    @Test("the choice is by severity, then open before resolved, then the longest; ties by start and id")
    func order() throws {
        func incident(_ id: String, _ sev: IncidentSeverity, start: Int, minutes: Int?) -> ReportIncident {
            let s = Date(timeIntervalSince1970: 1_785_000_000 + Double(start) * 3600)
            return ReportIncident(
                Incident(
                    id: id, title: id, services: [], severity: sev, started: s, detected: s, acknowledged: nil, mitigated: nil,
                    resolved: minutes.map { s.addingTimeInterval(Double($0) * 60) }, postmortem: Postmortem(status: .none, url: nil),
                    actionItems: []), source: .pagerduty, startKnown: false)
        }
        let all = [
            incident("a", .sev3, start: 0, minutes: 500), incident("b", .sev2, start: 1, minutes: 5),
            incident("c", .sev2, start: 2, minutes: nil), incident("d", .sev2, start: 3, minutes: 60),
            incident("e", .sev4, start: 4, minutes: 9_000), incident("f", .sev2, start: 5, minutes: 60)
        ]
        let summary = IncidentSummary(
            incidents: all, bySeverity: [], mttd: Stat([]), mtta: Stat([]), mttr: Stat([]), top: [],
            postmortems: .init(published: 0, draft: 0, none: 0, required: 0, requiredPublished: 0, missing: []),
            actionItems: .init(total: 0, open: 0, overdue: 0, byOwner: [], overdueItems: []))
        // Worst first: c (SEV2 open), d and f (SEV2, 60 min; d starts first), b (SEV2, 5 min), a (SEV3), e (SEV4).
        #expect(summary.listed(limit: 3).map(\.incident.id) == ["c", "d", "f"])
        #expect(summary.listed(limit: 4).map(\.incident.id) == ["b", "c", "d", "f"])
        #expect(summary.listed(limit: 5).map(\.incident.id) == ["a", "b", "c", "d", "f"])
        #expect(summary.listed(limit: 6).map(\.incident.id) == ["a", "b", "c", "d", "e", "f"])
        #expect(summary.listed(limit: 2).map(\.incident.id) == ["c", "d"])
        #expect(summary.unlisted(limit: 2) == 4)
    }
}
