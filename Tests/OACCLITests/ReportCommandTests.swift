import Foundation
import Testing

/// `oac report` and `oac snapshot` from the command line: the example scorecard, usage errors, bad inputs.
@Suite("oac report")
struct ReportCommandTests {
    static let example = "catalog/example"
    static let q3 = "catalog/example/report/2026-Q3.snapshot.json"
    static let q2 = "catalog/example/report/2026-Q2.snapshot.json"

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("the example catalog's 2026-Q3 snapshot renders the full scorecard offline")
    func example() throws {
        let dir = try TestSupport.temporaryDirectory("oac-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        let run = try TestSupport.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3,
            "--previous", Self.q2, "--out", out.path
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let files = TestSupport.tree(out).keys
        for f in ["index.html", "summary.json", "summary.md", "calendar.svg", "burn-down.svg"] { #expect(files.contains(f), "\(f)") }
        #expect(files.filter { $0.hasPrefix("bullet-") }.count == 13)

        let summary = try Self.json(out.appendingPathComponent("summary.json"))
        let headline = try #require(summary["headline"] as? [String: Any])
        #expect(headline["slosMet"] as? Int == 10)
        #expect(headline["slosTotal"] as? Int == 13)
        let slos = try #require(summary["slos"] as? [[String: Any]])
        let bert = try #require(slos.first { $0["service"] as? String == "bert-model-serving" && $0["slo"] as? String == "availability" })
        #expect(bert["met"] as? Bool == false)
        #expect(bert["policyState"] as? String == "exhausted")
        #expect(bert["tier"] as? String == "gold")
        // The contract's calendar-month SLO: above 99.8% over the quarter, but August (INC-304) broke its budget.
        let contract = try #require(slos.first { $0["service"] as? String == "bert-model-serving" && $0["slo"] as? String == "contract-availability" })
        #expect(contract["calendar"] as? String == "month")
        #expect(((contract["attainment"] as? NSNumber)?.doubleValue ?? 0) > 99.8)
        #expect(contract["met"] as? Bool == false)
        #expect((contract["periods"] as? [[String: Any]])?.map { $0["met"] as? Bool } == [true, false, true])
        #expect(bert["calendar"] is NSNull && bert["periods"] == nil)
        // The GPU memory leak after the v2.1 rollout is what hurt most.
        let incidents = try #require(summary["incidents"] as? [String: Any])
        #expect(incidents["total"] as? Int == 9)
        let top = try #require((incidents["topByBudgetBurned"] as? [[String: Any]])?.first)
        #expect(top["id"] as? String == "INC-304")
        #expect(top["slo"] as? String == "bert-model-serving/availability")
        let quality = try #require(summary["dataQuality"] as? [String: Any])
        #expect((quality["daysWithoutData"] as? [String: Any])?.keys.sorted() == ["nightly-training/freshness"])
        #expect((quality["objectiveChanged"] as? [String: Any])?.keys.sorted() == ["llm-gateway/time-to-first-token"])

        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("GPU OOM after BERT model v2.1 rollout"))
        #expect(
            html.contains(
                "<div class=\"note\">Model v2.1 leaked GPU memory on every batch; pods were OOM-killed one after another, latency and errors rose until the rollback to v2.0.</div>"
            ))
        #expect(html.contains("OBJECTIVE CHANGED"))
        #expect(html.contains("2026-Q2 scored"))
        #expect(html.contains("contract-availability <span class=\"window\">calendar month</span>"))
        #expect(html.contains("<span class=\"period missed\" title=\"1–31 Aug 2026: 99.728% against 99.8%, 136% of the budget\">Aug 99.728%</span>"))
        let md = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("**10 of 13 SLOs met**"))

        // Byte-stable: a second run writes the same files.
        let again = dir.appendingPathComponent("again")
        _ = try TestSupport.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3,
            "--previous", Self.q2, "--out", again.path
        ])
        var first = TestSupport.tree(out)
        var second = TestSupport.tree(again)
        first[".oac-manifest"] = nil
        second[".oac-manifest"] = nil
        #expect(first == second)
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["--quarter", "2026-Q3", "--out", "x"],
            ["--quarter", "2026-Q3", "--snapshot", "a.json", "--prometheus", "http://127.0.0.1:9", "--out", "x"],
            ["--quarter", "Q3", "--snapshot", "a.json", "--out", "x"],
            ["--quarter", "2026-Q3", "--prometheus", "localhost:9090", "--out", "x"],
            ["--quarter", "2026-Q3", "--prometheus", "http://127.0.0.1:9", "--header", "no-colon", "--out", "x"]
        ])
    func usage(_ args: [String]) throws {
        let run = try TestSupport.oac(["report", Self.example] + args)
        #expect(run.status == 2, "\(run.stderr)")
    }

    @Test("a snapshot of another quarter, or a broken one, is exit 1 with the reason")
    func wrongSnapshot() throws {
        let dir = try TestSupport.temporaryDirectory("oac-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        let wrong = try TestSupport.oac(["report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q2, "--out", out.path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("holds 2026-Q2, expected 2026-Q3"), "\(wrong.stderr)")
        let broken = dir.appendingPathComponent("broken.json")
        try Data(#"{"version": 7}"#.utf8).write(to: broken)
        let bad = try TestSupport.oac(["report", Self.example, "--quarter", "2026-Q3", "--snapshot", broken.path, "--out", out.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("snapshot version 7 is not supported"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a PagerDuty CSV adds incidents; its bad rows are file:line:column diagnostics and exit 1")
    func pagerDuty() throws {
        let dir = try TestSupport.temporaryDirectory("oac-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("pd.csv")
        try Data(
            """
            Incident Number,Title,Service Name,Priority,Created On,Acknowledged On,Resolved On
            4711,Feature store timeouts,feature-pipeline,P2,2026-09-15T10:00:00Z,2026-09-15T10:05:00Z,2026-09-15T11:00:00Z

            """.utf8
        ).write(to: good)
        let out = dir.appendingPathComponent("report")
        let run = try TestSupport.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3,
            "--incidents", good.path, "--out", out.path
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let incidents = try #require(try Self.json(out.appendingPathComponent("summary.json"))["incidents"] as? [String: Any])
        #expect(incidents["total"] as? Int == 10)

        let bad = dir.appendingPathComponent("bad.csv")
        try Data("Incident Number,Title,Created On\n1,x,not a date\n".utf8).write(to: bad)
        let failed = try TestSupport.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3,
            "--incidents", bad.path, "--out", dir.appendingPathComponent("r2").path
        ])
        #expect(failed.status == 1)
        #expect(
            failed.stderr.contains("\(bad.path):2:5: error: creation time `not a date` is not a date and time [incident-csv]"),
            "\(failed.stderr)")
    }

    @Test("--templates replaces the page's look; catalog text stays escaped")
    func templates() throws {
        let dir = try TestSupport.temporaryDirectory("oac-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<p>{{platform}} {{quarter}}: {{headline.met}}</p>\n".utf8).write(to: folder.appendingPathComponent("index.mustache"))
        let out = dir.appendingPathComponent("report")
        let run = try TestSupport.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3,
            "--templates", folder.path, "--out", out.path
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "<p>acme-ml 2026-Q3: 10 of 13</p>\n")
    }

    @Test("help lists report and snapshot")
    func help() throws {
        let run = try TestSupport.oac(["--help"])
        #expect(run.stdout.contains("report"))
        #expect(run.stdout.contains("snapshot"))
        let snapshot = try TestSupport.oac(["snapshot", Self.example, "--quarter", "2026-Q3", "-o", "x.json"])
        #expect(snapshot.status == 2)
        #expect(snapshot.stderr.contains("--prometheus URL is required"))
    }
}
