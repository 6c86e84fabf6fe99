import Foundation
import OACModel
import OACOutput
import OACReport
import OACTestSupport
import Testing

/// Drills on the scorecard: the join with the SLOs' daily series, coverage of the critical SLOs and the
/// remediation backlog, each figure computed by hand below.
@Suite("Chaos drills in the report")
struct DrillReportTests {
    static func drill(
        _ name: String, date: String, slos: String, outcome: String, window: String = "", spend: String = "", items: String = "[]",
        title: String = "A drill"
    ) -> String {
        """
        ---
        apiVersion: oac/v1
        kind: Drill
        metadata: {name: \(name)}
        spec:
          title: \(ReportFixtures.quoted(title))
          date: \(date)
          \(window)
          services: [checkout]
          slos: \(slos)
          hypothesis: "Checkout keeps its objectives"
          fault: "A zone lost"
          \(spend)
          outcome: \(outcome)
          actionItems: \(items)
        """
    }

    /// Q3 2026: `zone-loss` (19 Aug, exposed a gap, may spend 2%), `late-night` (19 Aug 23:30 for an hour, held),
    /// `next` (planned, 30 Sep); `spring` (5 May, Q2, held) and `winter` (10 Mar, Q1, exposed a gap); one incident.
    static func model(title: String = "Lose a zone") throws -> Model {
        let extra =
            drill(
                "zone-loss", date: "2026-08-19", slos: "[checkout/availability]", outcome: "exposed-gap", spend: "maxBudgetSpend: 2",
                items: """

                        - {title: Due on the last day, owner: shop, due: 2026-09-30, status: open}
                        - {title: Due after the quarter, owner: shop, due: 2026-10-01, status: open}
                        - {title: Done already, owner: shop, due: 2026-08-01, status: done}
                    """, title: title)
            + "\n"
            + drill(
                "late-night", date: "2026-08-19", slos: "[checkout/errors]", outcome: "held",
                window: "start: 2026-08-19T23:30:00Z\n  duration: 1h")
            + "\n"
            + drill(
                "next", date: "2026-09-30", slos: "[checkout/errors]", outcome: "planned",
                items: "\n    - {title: Book the window, due: 2026-09-01, status: in progress}")
            + "\n"
            + drill("spring", date: "2026-05-05", slos: "[checkout/availability]", outcome: "held", items: "\n    - {title: Old, owner: shop, due: 2026-05-10}")
            + "\n" + drill("winter", date: "2026-03-10", slos: "[checkout/errors]", outcome: "exposed-gap")
                + """

                ---
                apiVersion: oac/v1
                kind: IncidentLog
                incidents:
                  - id: INC-1
                    title: Checkout errors
                    services: [checkout]
                    severity: SEV2
                    started: 2026-08-02T10:00:00Z
                    detected: 2026-08-02T10:05:00Z
                    resolved: 2026-08-02T11:00:00Z
                    actionItems:
                      - {title: Fix it, owner: shop, due: 2026-08-15, status: open}
                      - {title: Fixed, owner: shop, due: 2026-08-10, status: closed}
                """
        return try ReportFixtures.model(extra: extra)
    }

    /// checkout/availability (99.9%): 1,000,000 events a day, 500 bad, except 19 Aug (day 49: 31 July days + 18),
    /// 2,500 bad. checkout/errors (99%): 1,000 a day, 5 bad.
    static func card(title: String = "Lose a zone") throws -> Scorecard {
        let model = try model(title: title)
        var availability = ReportFixtures.flat(good: 999_500, total: 1_000_000)
        availability[49] = (good: 997_500, total: 1_000_000)
        let data = ReportFixtures.snapshot([
            "checkout/availability": availability, "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)
        ])
        return ScorecardBuilder(model: model).build(
            data: data, previous: nil, incidents: ReportIncident.merge(catalog: model.incidents, exported: []))
    }

    @Test("a drill's SLO: attainment on its day, held or not, and the budget it spent against its allowance")
    func budgetSpent() throws {
        let card = try Self.card()
        #expect(card.drills.drills.map(\.drill.name) == ["late-night", "zone-loss", "next"])
        let zone = try #require(card.drills.drills.first { $0.drill.name == "zone-loss" })
        #expect(zone.days == [Day(year: 2026, month: 8, day: 19)])
        let slo = try #require(zone.slos.first)
        // 997,500 / 1,000,000 = 99.75% < 99.9%: the SLO did not hold that day.
        #expect(abs(slo.attainment! - 99.75) < 1e-9)
        #expect(slo.held == false)
        // Median day: 500 bad (91 of 92 days); the drill's day 2,500: 2,000 above it. The quarter allows
        // 92 × 1,000,000 × 0.1% = 92,000 bad: 2,000 / 92,000 = 2.17%, over the 2% the drill may spend.
        #expect(abs(slo.budgetSpent! - 2_000.0 / 92_000.0) < 1e-12)
        #expect(slo.allowed == 0.02)
        #expect(slo.withinAllowance == false)
        #expect(zone.slosHeld == false)
    }

    @Test("a window across midnight reads both days")
    func windowAcrossMidnight() throws {
        let card = try Self.card()
        let night = try #require(card.drills.drills.first { $0.drill.name == "late-night" })
        #expect(night.days == [Day(year: 2026, month: 8, day: 19), Day(year: 2026, month: 8, day: 20)])
        let slo = try #require(night.slos.first)
        // Two days of 995 good in 1,000: 99.5% ≥ 99%; no day above the median of 5 bad: nothing spent.
        #expect(abs(slo.attainment! - 99.5) < 1e-9)
        #expect(slo.held == true)
        #expect(slo.budgetSpent == 0)
        #expect(slo.withinAllowance == nil)  // no maxBudgetSpend
    }

    @Test("coverage: critical SLOs with no drill that ran in this quarter or the previous one")
    func coverage() throws {
        let c = try Self.card().drills.coverage
        // gold is the critical tier: checkout's two SLOs. availability: zone-loss (Q3) and spring (Q2).
        // errors: late-night held in Q3. `next` is only planned, `winter` is in Q1.
        #expect(c.since == Day(year: 2026, month: 4, day: 1))
        #expect(c.critical == ["checkout/availability", "checkout/errors"])
        #expect(c.drilled.map(\.slo) == ["checkout/availability", "checkout/errors"])
        #expect(c.drilled.first?.drills == ["spring", "zone-loss"])
        #expect(c.undrilled.isEmpty)
    }

    @Test("coverage leaves out a planned drill and one older than two quarters")
    func coverageGap() throws {
        var model = try Self.model()
        model.drills.removeAll { $0.name == "late-night" }
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)]), previous: nil, incidents: [])
        #expect(card.drills.coverage.undrilled == ["checkout/errors"])
    }

    @Test("the backlog merges drill and incident action items: open and overdue at the quarter's end, by owner")
    func backlog() throws {
        let b = try Self.card().drills.backlog
        // The quarter's drills: zone-loss 3 items, next 1; INC-1 2 (spring is in Q2: left out). Closed: `done`, `closed`.
        #expect(b.total == 6)
        #expect(b.fromDrills == 4)
        #expect(b.fromIncidents == 2)
        #expect(b.open == 4)
        // Overdue at 30 Sep: due 30 Sep (on the last day), due 1 Sep (no owner, "in progress" is open), due 15 Aug.
        #expect(b.overdue == 3)
        #expect(b.byOwner.map(\.owner) == ["(no owner)", "shop"])
        #expect(b.byOwner.map(\.open) == [1, 3])
        #expect(b.byOwner.map(\.overdue) == [1, 2])
        #expect(b.openItems.map(\.item.title) == ["Fix it", "Book the window", "Due on the last day", "Due after the quarter"])
    }

    static let hostile = "<script>alert(1)</script> & \"q\" *b* [x](y) | `c`"

    @Test("hostile drill text is escaped in the HTML, the Markdown and the JSON")
    func escaping() throws {
        let files = try ReportRenderer(oacVersion: "test").render(try Self.card(title: Self.hostile))
        let html = try #require(files.first { $0.path == "index.html" }?.contents)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        let md = try #require(files.first { $0.path == "summary.md" }?.contents)
        #expect(md.contains("\\<script\\>alert(1)\\</script\\> \\& \"q\" \\*b\\* \\[x\\](y) \\| \\`c\\`"))
        let json = try #require(files.first { $0.path == "summary.json" }?.contents)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let drills = try #require(object["drills"] as? [String: Any])
        let list = try #require(drills["list"] as? [[String: Any]])
        #expect(list.contains { $0["title"] as? String == Self.hostile })
    }

    @Test("the page with hostile drill text and its SVGs are well-formed XML (xmllint)", .requires(.xmllint))
    func wellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let files = try ReportRenderer(oacVersion: "test").render(try Self.card(title: Self.hostile))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oac-drills-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in files where f.path.hasSuffix(".svg") || f.path.hasSuffix(".html") {
            let url = dir.appendingPathComponent(f.path)
            try Data(f.contents.utf8).write(to: url)
            #expect(try XMLLint.problems(xmllint, url) == nil, "\(f.path)")
        }
    }
}
