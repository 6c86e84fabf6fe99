import Foundation
import OACModel
import OACOutput
import OACReport
import OACTestSupport
import Testing

/// The narrative at the top of the scorecard: each expected sentence is written from the figures the test puts
/// in (the fixture catalog: checkout/availability 99.9% and checkout/errors 99% in gold, weight 2; batch/success
/// 95% in bronze, weight 1; gold is the critical tier; 2026-Q3 has 92 days, 2026-Q2 91).
@Suite("Narrative")
struct NarrativeTests {
    static let incident = """
        ---
        apiVersion: oac/v1
        kind: IncidentLog
        incidents:
          - id: INC-1
            title: %TITLE%
            services: [checkout]
            severity: SEV1
            started: 2026-08-14T14:00:00Z
            detected: 2026-08-14T14:30:00Z
            resolved: 2026-08-14T16:00:00Z
            postmortem: {status: draft}
            actionItems:
              - {title: Fix it, owner: shop, due: 2026-08-20, status: open}
        """

    /// availability: 10 bad of 100,000 a day, 20,000 bad on 14 Aug (day 44), the day INC-1 ran; errors 5 of
    /// 1,000 a day; batch has no data.
    static func exhaustedCard(title: String = "Checkout down") throws -> Scorecard {
        let model = try ReportFixtures.model(extra: incident.replacingOccurrences(of: "%TITLE%", with: ReportFixtures.quoted(title)))
        var days = ReportFixtures.flat(good: 99_990, total: 100_000)
        days[44] = (good: 80_000, total: 100_000)
        return ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days, "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)]),
            previous: nil, incidents: ReportIncident.merge(catalog: model.incidents, exported: []))
    }

    @Test("a quarter with an exhausted SLO names it, the incident that spent most of it, and the overdue item")
    func exhausted() throws {
        let s = Narrative.sentences(try Self.exhaustedCard())
        // Met: errors (5 bad of 10 allowed a day: 50%); availability is not. Both gold, so 2 of 2 + 2 = 50.0.
        // availability: bad 91 × 10 + 20,000 = 20,910 of 92 × 100 = 9,200 allowed: 227% used.
        // INC-1's day: 20,000 bad against the median day's 10: 19,990 / 9,200 = 217%.
        #expect(
            s == [
                "1 of 2 SLOs met their objectives in 2026-Q3; the reliability score is 50.0 of 100.",
                "1 SLO exhausted its error budget: checkout/availability (227% of its budget used).",
                "The incident that spent most of it was INC-1 “Checkout down” (217% of checkout/availability’s budget).",
                "There was 1 incident (1 SEV1).",
                "None of the 2 critical SLOs was drilled in the last two quarters.",
                "The one remediation action item was open and overdue at the quarter’s end."
            ])
    }

    @Test("a quarter with nothing notable says no budget ran out and no incident happened, and no more")
    func quiet() throws {
        let model = try ReportFixtures.model()
        // Every SLO keeps half its budget or better: availability 10%, errors 50%, batch 1 of 5 bad = 20%.
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot([
                "checkout/availability": ReportFixtures.flat(good: 99_990, total: 100_000),
                "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000),
                "batch/success": ReportFixtures.flat(good: 99, total: 100)
            ]), previous: nil, incidents: [])
        #expect(
            Narrative.sentences(card) == [
                "3 of 3 SLOs met their objectives in 2026-Q3; the reliability score is 100.0 of 100.",
                "No SLO exhausted its error budget.",
                "There were no incidents.",
                "None of the 2 critical SLOs was drilled in the last two quarters."
            ])
    }

    @Test("with a previous snapshot the score's change and the attainment that rose and fell are told")
    func previous() throws {
        let model = try ReportFixtures.model()
        let q2 = ReportFixtures.quarter.previous
        // Q2: availability 99.995%, errors 99.20%, batch 94.00% (missed: 6 bad of 5 allowed) → (2 + 2) / 5 = 80.0.
        let before = ReportFixtures.snapshot(
            [
                "checkout/availability": ReportFixtures.flat(good: 99_995, total: 100_000, quarter: q2),
                "checkout/errors": ReportFixtures.flat(good: 992, total: 1_000, quarter: q2),
                "batch/success": ReportFixtures.flat(good: 94, total: 100, quarter: q2)
            ], quarter: q2)
        // Q3: availability 99.990% (fell), errors 99.50% (rose), batch 96.00% (rose; 4 of 5 allowed: 80%, at risk,
        // and at 4 a day its 92 bad events left last 23 days, past 30 Sep: no projection sentence). All met: 100.0.
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot([
                "checkout/availability": ReportFixtures.flat(good: 99_990, total: 100_000),
                "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000),
                "batch/success": ReportFixtures.flat(good: 96, total: 100)
            ]), previous: before, incidents: [])
        #expect(
            Narrative.sentences(card) == [
                "3 of 3 SLOs met their objectives in 2026-Q3; the reliability score is 100.0 of 100, up 20.0 points from 80.0 in 2026-Q2.",
                "Against 2026-Q2, attainment rose for 2 SLOs and fell for 1; the largest fall was checkout/availability, from 99.995% to 99.990%.",
                "No SLO exhausted its error budget.",
                "1 SLO is at risk: batch/success (80% of its budget used).",
                "There were no incidents.",
                "None of the 2 critical SLOs was drilled in the last two quarters."
            ])
    }

    @Test("attainment that differs only beyond the page's decimals counts as unchanged")
    func unchangedAsPrinted() throws {
        let q2 = ReportFixtures.quarter.previous
        // availability 99.9902% in Q2 and 99.9900% in Q3 both print as 99.990% (three decimals for 99.9).
        let slos = { (good: Double, q: Quarter) in
            [
                "checkout/availability": ReportFixtures.flat(good: good, total: 100_000, quarter: q),
                "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000, quarter: q)
            ]
        }
        let card = ScorecardBuilder(model: try ReportFixtures.model()).build(
            data: ReportFixtures.snapshot(slos(99_990, ReportFixtures.quarter)),
            previous: ReportFixtures.snapshot(slos(99_990.2, q2), quarter: q2), incidents: [])
        let s = Narrative.sentences(card)
        #expect(s.contains("Against 2026-Q2, no SLO’s attainment changed."))
        #expect(s.first == "2 of 2 SLOs met their objectives in 2026-Q3; the reliability score is 100.0 of 100, unchanged from 2026-Q2.")
    }

    @Test("singular and plural follow the counts; lists read a, b and c, then N more")
    func plurals() throws {
        var card = try Self.exhaustedCard()
        card.drills.coverage.drilled = [(slo: "checkout/availability", drills: ["zone-loss"])]
        card.drills.coverage.undrilled = ["checkout/errors"]
        card.drills.backlog.total = 3
        card.drills.backlog.open = 1
        card.drills.backlog.overdue = 0
        card.debt.total = 1
        var s = Narrative.sentences(card)
        #expect(s.contains("1 of 2 critical SLOs was drilled in the last two quarters; no drill covered checkout/errors."))
        #expect(s.contains("1 of 3 remediation action items was open, none of them overdue at the quarter’s end."))
        #expect(s.contains("The catalog has 1 lint finding."))

        card.drills.backlog.open = 2
        card.drills.backlog.overdue = 2
        card.debt.total = 4
        card.debt.previousTotal = 4
        card.previousQuarter = ReportFixtures.quarter.previous
        // Five SLOs exhausted: three named, most used first, then "and 2 more SLOs".
        let base = card.slos[0]
        card.slos = [2.5, 1.5, 3.5, 1.2, 1.1].enumerated().map { i, used in
            var r = base
            r.slo = "s\(i)"
            r.budgetConsumed = used
            r.state = .exhausted
            r.previousAttainment = nil
            return r
        }
        s = Narrative.sentences(card)
        #expect(s.contains("2 of 3 remediation action items were open, all of them overdue at the quarter’s end."))
        #expect(s.contains("Lint findings stayed at 4 since 2026-Q2."))
        #expect(
            s.contains(
                "5 SLOs exhausted their error budget: checkout/s2 (350% of its budget used), checkout/s0 (250% of its budget used), "
                    + "checkout/s1 (150% of its budget used) and 2 more SLOs."))
    }

    @Test("drills: those that ran with their outcomes, the planned ones after; coverage; the backlog at the quarter's end")
    func drills() throws {
        // DrillReportTests' quarter: zone-loss exposed a gap, late-night held, next is planned; both critical SLOs
        // had a drill (availability: zone-loss; errors: late-night). Backlog (DrillReportTests.backlog counts it by
        // hand): 6 items, 4 open, 3 of them due on or before 30 Sep.
        let s = Narrative.sentences(try DrillReportTests.card())
        #expect(s.contains("2 chaos drills ran in 2026-Q3: 1 held and 1 exposed a gap; 1 more is planned."))
        #expect(s.contains("Both critical SLOs were drilled in the last two quarters."))
        #expect(s.contains("4 of 6 remediation action items were open, 3 of them overdue at the quarter’s end."))
    }

    @Test("on-call load: pages and tickets, out-of-hours and unexplained pages, the noisiest alert; nothing without a history")
    func onCall() throws {
        var card = try Self.exhaustedCard()
        #expect(!Narrative.sentences(card).contains { $0.hasPrefix("On call") || $0.hasPrefix("No oac alert") })
        // OnCallTests' history: 7 pages of team "a" on weekdays at 10:00–11:00 UTC (inside the default 09:00–17:00
        // UTC hours), no incident in the log, so all 7 are noise; Z fired 3 times a week apart (no flap), Y twice
        // with one flap. Then: 2 of them moved to 03:00 count out of hours, and one of 2 tickets.
        let history = OnCallHistory(
            stepSeconds: 60, maxGapSeconds: 360,
            firings: [
                OnCallTests.firing("2026-07-01T10:00:00Z", "2026-07-01T10:10:00Z", alert: "X"),
                OnCallTests.firing("2026-07-02T10:00:00Z", "2026-07-02T10:10:00Z", alert: "X"),
                OnCallTests.firing("2026-07-01T10:00:00Z", "2026-07-01T10:30:00Z", alert: "Y"),
                OnCallTests.firing("2026-07-01T10:50:00Z", "2026-07-01T11:00:00Z", alert: "Y"),
                OnCallTests.firing("2026-07-01T10:00:00Z", "2026-07-01T10:10:00Z", alert: "Z"),
                OnCallTests.firing("2026-07-08T10:00:00Z", "2026-07-08T10:10:00Z", alert: "Z"),
                OnCallTests.firing("2026-07-15T10:00:00Z", "2026-07-15T10:10:00Z", alert: "Z")
            ])
        func health(_ h: OnCallHistory, incidents: [ReportIncident] = []) throws -> OnCallHealth {
            OnCallHealth.build(
                history: h, model: try ReportFixtures.model(), quarter: ReportFixtures.quarter, through: ReportFixtures.quarter.lastDay,
                incidents: incidents, inventory: AlertInventory(rules: []))
        }
        card.onCall = try health(history)
        #expect(
            Narrative.sentences(card).contains("On call, oac’s alerts sent 7 pages and no ticket: none of them matched an incident."))
        #expect(Narrative.sentences(card).contains("The noisiest alert was Z shop/availability, with 3 firings."))
        var night = history
        night.firings[0] = OnCallTests.firing("2026-07-01T03:00:00Z", "2026-07-01T03:10:00Z", alert: "X")
        night.firings[1] = OnCallTests.firing("2026-07-02T03:00:00Z", "2026-07-02T03:10:00Z", alert: "X")
        night.firings.append(OnCallTests.firing("2026-07-20T10:00:00Z", "2026-07-20T10:10:00Z", severity: "ticket", alert: "T"))
        // The incident explains Y's two pages on 1 July (10:00–11:00, service shop); 5 pages are left as noise.
        let incident = ReportIncident(
            Incident(
                id: "INC-9", title: "t", services: ["shop"], severity: .sev2, started: Timestamp.parse("2026-07-01T09:55:00Z")!,
                detected: nil, acknowledged: nil, mitigated: nil, resolved: Timestamp.parse("2026-07-01T11:05:00Z")!,
                postmortem: .init(status: .none, url: nil), actionItems: [], summary: nil),
            source: .catalog, startKnown: true)
        card.onCall = try health(night, incidents: [incident])
        // Pages explained: Y twice and Z's first (10:00 on 1 July) lie inside INC-9; X's moved pages (03:00) and Z's
        // other two do not: 4 noise of 7.
        #expect(
            Narrative.sentences(card).contains(
                "On call, oac’s alerts sent 7 pages and 1 ticket: 2 came outside working hours and 4 matched no incident."))
        card.onCall = try health(OnCallHistory(stepSeconds: 60, maxGapSeconds: 360, firings: []))
        #expect(Narrative.sentences(card).contains("No oac alert paged anyone or opened a ticket."))
    }

    @Test("corrections and maintenance windows that took events out are counted, with the SLOs they touched")
    func exclusions() throws {
        // BudgetExclusionTests: one correction (bot-storm) and one maintenance window (db-move) on one SLO, whose
        // remaining bad events, 1,200 of the 907.5 allowed, are 132% of its budget.
        let card = ScorecardBuilder(model: try CatalogBuilder.model(BudgetExclusionTests.catalog)).build(
            data: ReportFixtures.snapshot(["checkout/availability": BudgetExclusionTests.days()]), previous: nil, incidents: [])
        let s = Narrative.sentences(card)
        #expect(s.contains("1 SLO exhausted its error budget: checkout/availability (132% of its budget used)."))
        #expect(s.contains("1 correction and 1 maintenance window were taken out of the counts of 1 SLO."))
    }

    @Test("a projection that runs out before the budget's period ends is told; one after it is not")
    func projection() throws {
        // DebtReportTests: checkout/availability's budget runs out on 15 Oct at the last 7 days' pace, after 30 Sep.
        var card = ScorecardBuilder(model: try ReportFixtures.model()).build(data: DebtReportTests.data(), previous: nil, incidents: [])
        #expect(!Narrative.sentences(card).contains { $0.hasPrefix("At the last 7 days") })
        card.debt.projections[0].exhaustion = Day(year: 2026, month: 9, day: 20)
        #expect(
            Narrative.sentences(card).contains("At the last 7 days’ pace, 1 SLO runs out of budget before it resets: checkout/availability (20 Sep 2026)."))
    }

    @Test("the paragraph is on the page, in summary.md and in summary.json, escaped for each")
    func outputs() throws {
        let hostile = ReportRendererTests.hostile
        let files = try ReportRenderer(oacVersion: "test").render(try Self.exhaustedCard(title: hostile))
        let html = try ReportRendererTests.file(files, "index.html")
        let escaped = "“&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;”"
        let inHTML = html.contains(escaped) || html.contains(escaped.replacingOccurrences(of: "&#39;", with: "&#x27;"))
        #expect(inHTML, "the page's narrative holds the escaped title")
        #expect(html.contains("<p class=\"narrative\">"))
        #expect(!html.contains("<script>"))
        let md = try ReportRendererTests.file(files, "summary.md")
        #expect(md.contains("INC-1 “\\<script\\>alert(1)\\</script\\> \\& \"quotes\" 'too'”"))
        let json = try ReportRendererTests.file(files, "summary.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let narrative = try #require(object["narrative"] as? [String])
        #expect(narrative == Narrative.sentences(try Self.exhaustedCard(title: hostile)))
        #expect(narrative.contains { $0.contains("“\(hostile)”") })
    }

    @Test("the page with a hostile incident title in the narrative is well-formed XML (xmllint)", .requires(.xmllint))
    func wellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let files = try ReportRenderer(oacVersion: "test").render(try Self.exhaustedCard(title: ReportRendererTests.hostile))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oac-narrative-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("index.html")
        try Data(try ReportRendererTests.file(files, "index.html").utf8).write(to: url)
        #expect(try XMLLint.problems(xmllint, url) == nil)
    }
}
