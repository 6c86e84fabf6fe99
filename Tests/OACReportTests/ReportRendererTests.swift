import Foundation
import OACModel
import OACOutput
import OACRender
import OACReport
import OACSupport
import OACTestSupport
import Testing

@Suite("Report rendering")
struct ReportRendererTests {
    static let hostile = "<script>alert(1)</script> & \"quotes\" 'too'"

    /// A scorecard whose catalog text tries to inject markup everywhere it can.
    static func hostileFiles() throws -> [OutputFile] {
        let extra = """
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - id: INC-1
                title: \(ReportFixtures.quoted(hostile))
                services: [checkout]
                severity: SEV1
                started: 2026-08-14T14:00:00Z
                detected: 2026-08-14T14:30:00Z
                resolved: 2026-08-14T16:00:00Z
                summary: \(ReportFixtures.quoted("Summary: " + hostile))
                postmortem: {status: draft}
                actionItems:
                  - {title: \(ReportFixtures.quoted(hostile)), owner: shop, due: 2026-08-20, status: open}
            """
        let model = try ReportFixtures.model(serviceDescription: hostile, extra: extra)
        var days = ReportFixtures.flat(good: 99_990, total: 100_000)
        days[44] = (good: 90_000, total: 100_000)
        days[50] = nil
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(
                ["checkout/availability": days, "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)],
                active: [.init(job: "checkout", series: 12)]),
            previous: nil, incidents: ReportIncident.merge(catalog: model.incidents, exported: []))
        return try ReportRenderer(oacVersion: "test").render(card)
    }

    static func file(_ files: [OutputFile], _ path: String) throws -> String {
        try #require(files.first { $0.path == path }?.contents)
    }

    @Test("catalog and incident text is escaped in the HTML, the SVG and the Markdown")
    func escaping() throws {
        let files = try Self.hostileFiles()
        let html = try Self.file(files, "index.html")
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;"))
        // The incident's summary is listed under its title, escaped.
        #expect(html.contains("<div class=\"note\">Summary: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;</div>"))
        for svg in files where svg.path.hasSuffix(".svg") {
            #expect(!svg.contents.lowercased().contains("<script"), "\(svg.path)")
        }
        #expect(try Self.file(files, "calendar.svg").contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let md = try Self.file(files, "summary.md")
        // Every `<` is backslash-escaped, so no Markdown renderer turns it into a tag.
        #expect(!md.replacingOccurrences(of: "\\<", with: "").contains("<"))
        #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
    }

    @Test("every SVG and the page itself are well-formed XML (xmllint)", .requires(.xmllint))
    func wellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let files = try Self.hostileFiles()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oac-report-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var checked = 0
        for f in files where f.path.hasSuffix(".svg") || f.path.hasSuffix(".html") {
            let url = dir.appendingPathComponent(f.path)
            try Data(f.contents.utf8).write(to: url)
            #expect(try XMLLint.problems(xmllint, url) == nil, "\(f.path)")
            checked += 1
        }
        #expect(checked >= 7)
        // The checker is live: broken markup fails it.
        let broken = dir.appendingPathComponent("broken.svg")
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a < b</text></svg>".utf8).write(to: broken)
        #expect(try XMLLint.problems(xmllint, broken) != nil)
    }

    @Test("the page is self-contained: no scripts, no network fonts, images or stylesheets; print CSS present")
    func selfContained() throws {
        let html = try Self.file(try Self.hostileFiles(), "index.html")
        for forbidden in ["<script", "src=", "<link", "@import", "url(", "@font-face"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("@page"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("the same inputs render the same bytes")
    func deterministic() throws {
        #expect(try Self.hostileFiles() == Self.hostileFiles())
    }

    @Test("summary.json holds the contract keys with attainment in percent and budget as a fraction")
    func summaryContract() throws {
        let json = try Self.file(try Self.hostileFiles(), "summary.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["quarter", "slos", "incidents", "cost"] { #expect(object[key] != nil, "\(key)") }
        #expect(object["quarter"] as? String == "2026-Q3")
        let slos = try #require(object["slos"] as? [[String: Any]])
        for row in slos {
            for key in ["service", "slo", "team", "tier", "objective", "attainment", "budgetConsumed", "met"] {
                #expect(row.keys.contains(key), "\(key)")
            }
        }
        let availability = try #require(slos.first { $0["slo"] as? String == "availability" })
        let good = 90.0 * 99_990 + 90_000
        let total = 91.0 * 100_000
        #expect(abs((availability["attainment"] as! NSNumber).doubleValue - good / total * 100) < 1e-6)
        #expect(abs((availability["budgetConsumed"] as! NSNumber).doubleValue - (total - good) / (total * 0.001)) < 1e-6)
        let batch = try #require(slos.first { $0["service"] as? String == "batch" })
        #expect(batch["attainment"] is NSNull)
        #expect(batch["met"] is NSNull)
        let incidents = try #require(object["incidents"] as? [String: Any])
        #expect(incidents["total"] as? Int == 1)
        #expect((incidents["bySeverity"] as? [String: Int])?["SEV1"] == 1)
        let mttd = try #require(incidents["mttdMinutes"] as? [String: Any])
        #expect((mttd["median"] as? NSNumber)?.doubleValue == 30)
        #expect(mttd["p90"] != nil)
        let mttr = try #require(incidents["mttrMinutes"] as? [String: Any])
        #expect((mttr["median"] as? NSNumber)?.doubleValue == 120)
        let cost = try #require(object["cost"] as? [String: Any])
        #expect(cost["monthlyTotal"] is NSNumber)
        #expect((cost["byTeam"] as? [String: Any])?.keys.sorted() == ["shop"])
    }

    @Test("one SVG per chart: calendar, burn-down, severity, cost by team and tier, a bullet per SLO")
    func charts() throws {
        let paths = Set(try Self.hostileFiles().map(\.path))
        for p in [
            "calendar.svg", "burn-down.svg", "incidents-by-severity.svg", "cost-by-team.svg", "cost-by-tier.svg",
            "bullet-checkout.availability.svg", "bullet-checkout.errors.svg", "bullet-batch.success.svg",
            "index.html", "summary.json", "summary.md"
        ] {
            #expect(paths.contains(p), "\(p)")
        }
    }

    @Test("SVG text escapes the five XML specials and drops characters XML cannot hold")
    func xmlEscape() {
        #expect(XML.escape("a<b>&\"'\u{1}c") == "a&lt;b&gt;&amp;&quot;&#39;c")
        var svg = SVG(width: 10, height: 10, title: "t<")
        svg.text("x & y", x: 1, y: 2)
        #expect(svg.render().contains("<text x=\"1\" y=\"2\" font-size=\"11\" fill=\"#1f2933\">x &amp; y</text>"))
        #expect(SVG.number(-0.001) == "0")
        #expect(SVG.number(1.005) == "1" || SVG.number(1.005) == "1.01")
    }
}

@Suite("Report templates")
struct ReportTemplateTests {
    static let folder = ReportFixtures.repoRoot.appendingPathComponent("templates/report")

    @Test("the templates compiled into oac are exactly templates/report (run scripts/embed-report-templates.sh)")
    func embedded() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(!names.isEmpty)
        var onDisk: [String: String] = [:]
        for n in names {
            onDisk[String(n.dropLast(".mustache".count))] = try String(contentsOf: Self.folder.appendingPathComponent(n), encoding: .utf8)
        }
        #expect(onDisk == ReportTemplates.defaults.sources)
    }

    @Test("templates insert raw markup only for chart SVG (keys ending in Svg); catalog text always goes through {{ }}")
    func tripleMustache() throws {
        for (name, text) in ReportTemplates.defaults.sources {
            var rest = Substring(text)
            while let r = rest.range(of: "{{{") {
                let after = rest[r.upperBound...]
                let end = try #require(after.range(of: "}}}"), "unclosed triple mustache in \(name)")
                let key = after[..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                #expect(key.hasSuffix("Svg"), "\(name).mustache inserts `\(key)` unescaped")
                rest = after[end.upperBound...]
            }
            #expect(!text.contains("{{&"), "\(name).mustache uses {{& }} (unescaped)")
        }
    }

    @Test("a company's own templates replace the default look")
    func custom() throws {
        let templates = ReportTemplates(sources: ["index": "<h1>{{title}}</h1>{{#groups}}{{#teams}}{{#slos}}[{{service}}]{{/slos}}{{/teams}}{{/groups}}"])
        let model = try ReportFixtures.model(serviceDescription: "x")
        let card = ScorecardBuilder(model: model).build(data: ReportFixtures.snapshot([:]), previous: nil, incidents: [])
        let files = try ReportRenderer(templates: templates, oacVersion: "t").render(card)
        #expect(
            try #require(files.first { $0.path == "index.html" }).contents
                == "<h1>shop reliability scorecard — 2026-Q3</h1>[checkout][checkout][batch]")
        #expect(throws: ReportTemplates.TemplateError.self) {
            try ReportRenderer(templates: ReportTemplates(sources: ["index": "{{#open}}"]), oacVersion: "t").render(card)
        }
    }

    @Test("a template tag naming no value of the report data is a warning at its line and column")
    func unknownKeys() throws {
        // `titel` and `headline.scor` are typos; `serivce` sits in a section that the data fills three times.
        let index = "<h1>{{titel}}</h1>\n{{headline.scor}} {{{ headline.score }}}\n{{#groups}}{{#teams}}{{#slos}}[{{serivce}}]{{/slos}}{{/teams}}{{/groups}}"
        let templates = ReportTemplates(sources: ["index": index, "p": "{{ uppercased(titel) }}{{! a comment }}{{> index}}"])
        let model = try ReportFixtures.model(serviceDescription: "x")
        let card = ScorecardBuilder(model: model).build(data: ReportFixtures.snapshot([:]), previous: nil, incidents: [])
        let (files, warnings) = try ReportRenderer(templates: templates, oacVersion: "t").renderChecked(card)
        #expect(try #require(files.first { $0.path == "index.html" }).contents.hasPrefix("<h1></h1>"))
        // Columns: `<h1>` is 4 characters; `{{#groups}}{{#teams}}{{#slos}}[` is 31.
        #expect(
            warnings.map { "\($0.template):\($0.line):\($0.column) \($0.unknownPart)" } == [
                "index:1:5 titel", "index:2:1 scor", "index:3:32 serivce", "p:1:1 titel"
            ])
        #expect(warnings[1].suggestion == "score")
    }

    @Test("the shipped templates name only values of the report data")
    func shippedTemplatesKnown() throws {
        let model = try ReportFixtures.model(serviceDescription: "x")
        let card = ScorecardBuilder(model: model).build(data: ReportFixtures.snapshot([:]), previous: nil, incidents: [])
        #expect(try ReportRenderer(oacVersion: "t").renderChecked(card).warnings == [])
    }
}

@Suite("Snapshots")
struct SnapshotTests {
    @Test("a snapshot survives encoding and decoding unchanged")
    func roundTrip() throws {
        var days = ReportFixtures.flat(good: 99.5, total: 100.25)
        days[3] = nil
        let s = ReportFixtures.snapshot(
            ["checkout/availability": days], objectives: ["checkout/availability": [99, 99.9]],
            active: [.init(job: "checkout", series: 1234)])
        let text = s.encoded()
        let back = try Snapshot.decode(Data(text.utf8))
        #expect(back == s)
        #expect(back.encoded() == text)
        #expect(text.contains("\"version\" : 3"))
    }

    @Test(
        "unsupported versions, days outside the quarter and good above total are rejected with a reason",
        arguments: [
            (#"{"version": 4}"#, "version 4 is not supported"),
            (#"[1]"#, "not a JSON object"),
            (#"{"quarter": "2026-Q3"}"#, "missing \"version\""),
            (
                #"{"version":1,"quarter":"2026-Q3","generatedAt":"x","through":"2026-09-30","activeSeries":[],"slos":[{"service":"a","slo":"b","objectiveChanged":false,"days":[{"date":"2026-10-01","good":1,"total":1}]}]}"#,
                "outside 2026-Q3"
            ),
            (
                #"{"version":1,"quarter":"2026-Q3","generatedAt":"x","through":"2026-09-30","activeSeries":[],"slos":[{"service":"a","slo":"b","objectiveChanged":false,"days":[{"date":"2026-07-01","good":5,"total":1}]}]}"#,
                "exceeds total"
            ),
            (#"{"version":1,"quarter":"2026-Q9","generatedAt":"x","through":"2026-09-30","activeSeries":[],"slos":[]}"#, "quarter")
        ])
    func invalid(_ json: String, _ reason: String) {
        do {
            _ = try Snapshot.decode(Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test("Prometheus answers become days: the point at midnight closes the day before; regions are already summed")
    func assemble() throws {
        let q = ReportFixtures.quarter
        let t0 = q.firstDay.end.timeIntervalSince1970  // end of 1 July
        let labels = ["service": "checkout", "slo": "availability"]
        let totals = [PrometheusClient.Series(labels: labels, points: [(t0, 1000), (t0 + 86_400, 2000), (t0 + 2 * 86_400, .nan)])]
        let bads = [PrometheusClient.Series(labels: labels, points: [(t0, 10)])]
        let objectives = [PrometheusClient.Series(labels: labels, points: [(t0, 0.99), (t0 + 86_400, 0.999)])]
        let s = QuarterFetcher.assembleForTesting(quarter: q, totals: totals, bads: bads, objectives: objectives)
        let slo = try #require(s.series(service: "checkout", slo: "availability"))
        #expect(slo.days.map(\.date.description) == ["2026-07-01", "2026-07-02"])
        #expect(slo.days.map(\.good) == [990, 2000])
        #expect(slo.days.map(\.objective) == [99, 99.9])
        #expect(slo.objective == 99.9)
        #expect(slo.objectiveChanged)
    }
}
