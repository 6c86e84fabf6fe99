import Foundation
import Testing

/// `oac report` with hostile files: a PagerDuty CSV, templates and a snapshot at the limits. Every run is a
/// child process with a time and memory limit, so a crash, a stack overflow or a runaway output is a failure.
@Suite("Hostile report inputs")
struct HostileReportInputTests {
    static let example = "catalog/example"
    static let q3 = "catalog/example/report/2026-Q3.snapshot.json"

    static func report(
        _ extra: [String], in dir: URL, catalog: String = example, snapshot: String = q3,
        memoryMiB: Int = 2048
    ) throws -> LimitedProcess.Run {
        try LimitedProcess.oac(
            [
                "report", catalog, "--quarter", "2026-Q3", "--snapshot", snapshot,
                "--out", dir.appendingPathComponent("r").path
            ] + extra, seconds: 120, memoryMiB: memoryMiB)
    }

    @Test("a PagerDuty row resolved after 1e300 seconds, or created on 2026-09-31, is a located error")
    func csv() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        for (row, says) in [
            ("1,a,api-gateway,P1,2026-09-15T10:00:00Z,1e300", "csv:2:"),
            ("1,a,api-gateway,P1,2026-09-31T10:00:00Z,60", "not a date"),
            ("1,a,api-gateway,P1,2026-02-29T10:00:00Z,60", "not a date"),
            ("1,a,api-gateway,P1,2026-09-15T24:00:00Z,60", "not a date")
        ] {
            let csv = dir.appendingPathComponent("pd.csv")
            try Data("Incident Number,Title,Service Name,Priority,Created On,seconds_to_resolve\n\(row)\n".utf8).write(to: csv)
            let run = try Self.report(["--incidents", csv.path], in: dir)
            #expect(run.exited && run.status == 1, "\(row): \(run.stderr)")
            #expect(run.stderr.contains(says), "\(row): \(run.stderr)")
        }
    }

    @Test("templates that include themselves, each other, a missing partial, or nest 3,000 sections are refused")
    func templates() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        for (files, says) in [
            (["index": "<p>{{> index}}</p>"], "includes itself"),
            (["index": "{{> a}}", "a": "{{#headline}}{{> b}}{{/headline}}", "b": "{{> a}}"], "includes itself"),
            (["index": String(repeating: "{{#platform}}", count: 3000) + String(repeating: "{{/platform}}", count: 3000)], "nest more than"),
            (
                [
                    "index": "{{> a}}", "a": String(repeating: "{{#platform}}", count: 60) + "{{> b}}" + String(repeating: "{{/platform}}", count: 60),
                    "b": String(repeating: "{{#platform}}", count: 60) + String(repeating: "{{/platform}}", count: 60)
                ], "nest more than"
            ),
            (["index": "<p>{{> footer}}</p>"], "not in the templates folder"),
            (["index": "{{=<% %>=}}<%> index%>"], "includes itself")
        ] {
            let folder = dir.appendingPathComponent("t-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent("\(name).mustache")) }
            let run = try Self.report(["--templates", folder.path], in: dir)
            #expect(run.exited && run.status == 1, "\(files.keys.sorted()): \(run.stderr.prefix(300))")
            #expect(run.stderr.contains(says), "\(run.stderr.prefix(300))")
        }
    }

    @Test("a --templates tag naming no value of the report is a located warning; the report is still written")
    func templateUnknownKey() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let folder = dir.appendingPathComponent("t")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<h1>{{title}}</h1>\n<p>{{headline.scor}}</p>\n".utf8).write(to: folder.appendingPathComponent("index.mustache"))
        let run = try Self.report(["--templates", folder.path], in: dir)
        #expect(run.exited && run.status == 0, "\(run.stderr.prefix(500))")
        #expect(
            run.stderr.contains("\(folder.path)/index.mustache:2:4: warning: template tag `headline.scor` names no value"),
            "\(run.stderr.prefix(500))")
        #expect(run.stderr.contains("[template-unknown-key]") && run.stderr.contains("did you mean `score`?"), "\(run.stderr.prefix(500))")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r/index.html").path))
    }

    @Test("an objective of 99.99999999 overspent 10⁶ times draws a burn-down chart of bounded size")
    func burnDownBounded() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.copyItem(at: TestSupport.repoRoot.appendingPathComponent(Self.example), to: catalog)
        let service = catalog.appendingPathComponent("services/api-gateway.yaml")
        let yaml = try String(contentsOf: service, encoding: .utf8)
        try Data(yaml.replacingOccurrences(of: "objective: 99.95", with: "objective: 99.99999999").utf8).write(to: service)
        let snapshot = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent(Self.q3), encoding: .utf8)
        let file = dir.appendingPathComponent("s.json")
        try Data(snapshot.replacingOccurrences(of: "\"objective\": 99.95", with: "\"objective\": 99.99999999").utf8).write(to: file)
        let run = try Self.report([], in: dir, catalog: catalog.path, snapshot: file.path)
        #expect(run.exited && !run.timedOut && run.status == 0, "\(run.stderr.prefix(500))")
        let svg = try Data(contentsOf: dir.appendingPathComponent("r/burn-down.svg"))
        // 12 grid lines, 4 SLOs of 92 points, labels: a few tens of kilobytes at most.
        #expect(svg.count < 200_000, "\(svg.count) bytes")
        let gridLines = String(decoding: svg, as: UTF8.self).components(separatedBy: "%</text>").count - 1
        #expect(gridLines <= 12 && gridLines >= 2, "\(gridLines) grid labels")
    }
}
