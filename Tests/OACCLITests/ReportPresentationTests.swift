import Foundation
import OACReport
import OACTestSupport
import Testing

/// What was seen when the scorecard was looked at, fixed: an empty quarter, the burn-down legend and incident
/// markers, the calendar SLO's budget wording; and summary.json against its committed JSON Schema.
@Suite("Report presentation", .serialized)
struct ReportPresentationTests {
    static let example = TestSupport.repoRoot.appendingPathComponent("catalog/example")
    static let snapshots = example.appendingPathComponent("report")

    /// The README's first report command, into a fresh folder.
    static func renderExample() throws -> URL {
        let out = try TestSupport.temporaryDirectory("oac-report-look").appendingPathComponent("report")
        let run = try TestSupport.oac([
            "report", example.path, "--quarter", "2026-Q3",
            "--snapshot", snapshots.appendingPathComponent("2026-Q3.snapshot.json").path,
            "--previous", snapshots.appendingPathComponent("2026-Q2.snapshot.json").path,
            "--out", out.path
        ])
        try #require(run.status == 0, "\(run.stderr)")
        return out
    }

    static func text(_ dir: URL, _ file: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    }

    /// The SLOs-met tile: its class and its two lines.
    static func metTile(_ html: String) throws -> (tile: String, value: String, sub: String) {
        let start = try #require(html.range(of: "<div class=\"label\">SLOs met</div>"))
        let before = html[..<start.lowerBound]
        let open = try #require(before.range(of: "<div class=\"kpi", options: .backwards))
        let tile = String(html[open.lowerBound..<start.lowerBound])
        let rest = html[start.upperBound...]
        func inner(_ cls: String) throws -> String {
            let a = try #require(rest.range(of: "<div class=\"\(cls)\">"))
            let b = try #require(rest[a.upperBound...].range(of: "</div>"))
            return String(rest[a.upperBound..<b.lowerBound])
        }
        return (tile, try inner("value"), try inner("sub"))
    }

    @Test("an empty quarter shows a dash, no red tile and no stray separator (from an old version 1 snapshot)")
    func emptyQuarter() throws {
        let work = try TestSupport.temporaryDirectory("oac-report-empty")
        defer { try? FileManager.default.removeItem(at: work) }
        let snapshot = work.appendingPathComponent("empty.json")
        try Data(
            #"{"activeSeries":[],"generatedAt":"2026-07-02T06:00:00Z","quarter":"2026-Q3","slos":[],"source":"old","through":"2026-07-01","version":1}"#.utf8
        )
        .write(to: snapshot)
        let out = work.appendingPathComponent("report")
        let run = try TestSupport.oac(["report", Self.example.path, "--quarter", "2026-Q3", "--snapshot", snapshot.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        let html = try Self.text(out, "index.html")
        let met = try Self.metTile(html)
        #expect(met.value == "–")
        #expect(!met.tile.contains("bad"), "\(met.tile)")
        #expect(!html.contains("0 of 0"))
        let sub = met.sub.trimmingCharacters(in: .whitespaces)
        #expect(sub == "no SLO has data yet")
        #expect(!sub.hasPrefix("·") && !sub.hasSuffix("·"))
    }

    @Test("the example's tile separates its notes only between notes")
    func tileNotes() throws {
        let out = try Self.renderExample()
        let met = try Self.metTile(try Self.text(out, "index.html"))
        #expect(met.value == "10 of 13")
        #expect(met.sub == "13 of 13 in 2026-Q2")
        #expect(met.tile.contains("bad"))
    }

    @Test("the burn-down legend holds every name whole and the incident markers are level, readable labels")
    func burnDown() throws {
        let out = try Self.renderExample()
        let svg = try Self.text(out, "burn-down.svg")
        #expect(!svg.contains("rotate("))
        // Every text at 10 px or more; the legend's longest name is written whole and ends inside the picture.
        let sizes = svg.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(sizes.allSatisfy { $0 >= 9 })
        let incidentSizes = ["INC-304", "INC-305", "INC-308"].compactMap { id -> Double? in
            guard let r = svg.range(of: ">\(id)</text>") else { return nil }
            let tag = svg[..<r.lowerBound]
            let open = tag.range(of: "<text", options: .backwards)!
            let attrs = String(tag[open.lowerBound...])
            guard let f = attrs.range(of: "font-size=\"") else { return nil }
            return Double(attrs[f.upperBound...].prefix { $0 != "\"" })
        }
        #expect(incidentSizes == [10, 10, 10])
        let name = "bert-model-serving/contract-availability"
        #expect(svg.contains(">\(name)</text>"))
        let width = try #require(Double(svg.components(separatedBy: "width=\"")[1].prefix { $0 != "\"" }))
        // The legend line: the name at x, then its note; at 11 px a character is at most ~6.6 px wide.
        let lines = svg.components(separatedBy: "\n").filter { $0.contains("<text") && $0.contains("used") && $0.contains("budget") }
        for line in lines {
            let x = try #require(Double(line.components(separatedBy: "x=\"")[1].prefix { $0 != "\"" }))
            let content = line.components(separatedBy: ">")[1].components(separatedBy: "<")[0]
            #expect(x + Double(content.count) * 6.6 <= width + 1, "\(line)")
        }
    }

    @Test("a calendar SLO's budget cell says which figure sets its policy and what the whole quarter used")
    func calendarBudgetWording() throws {
        let out = try Self.renderExample()
        let html = try Self.text(out, "index.html")
        #expect(
            html.contains("136%<span class=\"desc budget\">of the budget in its worst month (Aug), which sets its policy; 59% over the whole quarter</span>"))
    }

    @Test("every SVG and the page are well-formed XML", .requires(.xmllint))
    func wellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let out = try Self.renderExample()
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".svg") || $0.hasSuffix(".html") }
        #expect(files.count > 10)
        for f in files {
            let run = try TestSupport.run(xmllint, ["--noout", out.appendingPathComponent(f).path])
            #expect(run.status == 0, "\(f): \(run.stderr)")
        }
    }

    static let schema = TestSupport.repoRoot.appendingPathComponent("schemas/report-summary.schema.json")

    /// Validates `file` with python3-jsonschema; nil when the module is missing (then skipped, or failed in CI).
    static func validate(_ file: URL) throws -> (ok: Bool, output: String)? {
        let python = try ExternalTool.python3.require()
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for e in errors: print("/".join(map(str, e.path)), e.message)
            sys.exit(1 if errors else 0)
            """
        let run = try TestSupport.run(python, ["-c", script, schema.path, file.path])
        if run.stderr.contains("No module named") {
            if ExternalTool.required { Issue.record("python3-jsonschema missing: \(run.stderr)") } else { print("SKIPPED: \(run.stderr)") }
            return nil
        }
        return (run.status == 0, run.stdout + run.stderr)
    }

    @Test("summary.json validates against the committed JSON Schema, and a removed key fails it", .requires(.python3))
    func summarySchema() throws {
        let out = try Self.renderExample()
        let summary = out.appendingPathComponent("summary.json")
        guard let result = try Self.validate(summary) else { return }
        #expect(result.ok, "\(result.output)")
        // The schema keeps every key: dropping one (here each SLO's `daysWithoutData`) is refused.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        var slos = try #require(object["slos"] as? [[String: Any]])
        slos[0].removeValue(forKey: "daysWithoutData")
        object["slos"] = slos
        let broken = out.deletingLastPathComponent().appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: object).write(to: broken)
        let refused = try #require(try Self.validate(broken))
        #expect(!refused.ok)
        #expect(refused.output.contains("daysWithoutData"))
    }
}
