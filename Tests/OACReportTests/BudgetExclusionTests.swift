import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

/// Maintenance windows and corrections leave their events out of the scorecard's attainment and budget, and the
/// gate's; the page lists what was excluded.
@Suite("Budget exclusions")
struct BudgetExclusionTests {
    /// `checkout/availability`, 99%: every day of 2026-Q3 has 990 good of 1000, except 2026-07-10 (600 good) and
    /// 2026-07-20 (no good at all). A correction covers 2026-07-10 06:00–12:00 (a quarter of the day); a
    /// maintenance window the whole of 2026-07-20.
    static let catalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: shop}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
          retentionTiers: [{name: std, metrics: {local: 40d}}]
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: shop}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: checkout}
        spec:
          owner: shop
          tier: std
          metrics: [{name: http_requests_total, type: counter, labels: {status: 4}}]
          slos:
            - name: availability
              objective: 99
              sli: {events: {bad: 'http_requests_total{job="checkout",status=~"5.."}', total: 'http_requests_total{job="checkout"}'}}
          maintenanceWindows:
            - {name: db-move, reason: database moved to the new cluster, owner: shop, added: 2026-07-01, start: "2026-07-20T00:00:00Z", end: "2026-07-21T00:00:00Z"}
          corrections:
            - {name: bot-storm, reason: a crawler's requests counted as users, owner: shop, added: 2026-07-11, start: "2026-07-10T06:00:00Z", end: "2026-07-10T12:00:00Z"}
        """

    static func days() -> [(good: Double, total: Double)?] {
        ReportFixtures.quarter.days.map { day -> (good: Double, total: Double)? in
            switch day.description {
            case "2026-07-10": (600, 1000)
            case "2026-07-20": (0, 1000)
            default: (990, 1000)
            }
        }
    }

    @Test("the scorecard's attainment and budget leave the corrected quarter-day and the maintenance day out, exactly")
    func scorecard() throws {
        let model = try CatalogBuilder.model(Self.catalog)
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": Self.days()]),
            previous: nil, incidents: [])
        let s = try #require(card.slos.first { $0.id == "checkout/availability" })
        // 90 ordinary days: 89,100 good of 90,000. 2026-07-10 keeps three quarters: 450 good of 750.
        // 2026-07-20 keeps nothing. Good 89,550 of 90,750; bad 1,200; allowed 1% of 90,750 = 907.5.
        #expect(s.total == 90_750)
        #expect(s.good == 89_550)
        #expect(abs(s.attainment! - 89_550.0 / 90_750 * 100) < 1e-9)
        #expect(abs(s.budgetConsumed! - 1_200.0 / 907.5) < 1e-9)
        #expect(s.excluded.map(\.name) == ["bot-storm", "db-move"])  // in the order they first meet the data
        let correction = try #require(s.excluded.first { $0.name == "bot-storm" })
        #expect(correction.kind == "correction")
        #expect(correction.seconds == 6 * 3600)
        #expect(correction.total == 250)
        #expect(correction.good == 150)
        let maintenance = try #require(s.excluded.first { $0.name == "db-move" })
        #expect(maintenance.total == 1000)
        #expect(maintenance.good == 0)

        let page = try #require(try ReportRenderer(oacVersion: "test").render(card).first { $0.path == "index.html" })
        let html = page.contents
        #expect(html.contains("Excluded from the budget"))
        #expect(html.contains("bot-storm"))
        #expect(
            html.contains("a crawler&#39;s requests counted as users") || html.contains("a crawler&#x27;s requests counted as users")
                || html.contains("a crawler's requests counted as users"))
    }

    @Test("the gate leaves the same events out, from the same snapshot, and lists them")
    func gate() throws {
        let model = try CatalogBuilder.model(Self.catalog)
        let service = try #require(model.service(named: "checkout"))
        var snapshot = ReportFixtures.snapshot(["checkout/availability": Self.days()])
        // Judged over the SLO's 30 days up to 2026-07-25, of which the snapshot holds 2026-07-01…25: 23 ordinary
        // days (22,770 good of 23,000), the corrected day (450 of 750) and nothing of the maintenance day:
        // bad 530 of 23,750, spent 530 / 237.5 = 2.2316.
        snapshot.through = Day(year: 2026, month: 7, day: 25)
        let slices = BudgetGate.slices(snapshot: snapshot, service: service)
        let d = BudgetGate.decide(service: service, change: .feature, slices: slices, onNoData: .block, source: "test")
        let f = try #require(d.slos.first)
        #expect(f.total == 23_750)
        #expect(abs(f.spent! - 530.0 / 237.5) < 1e-9)
        #expect(d.state == .freeze)
        #expect(!d.allowed)
        #expect(f.excluded.map(\.name) == ["bot-storm", "db-move"])  // in the order they first meet the data
        #expect(
            GateFormat.text.render(d).contains(
                "excluded correction `bot-storm` (360 min, 250 events, 100 bad): a crawler's requests counted as users — shop, added 2026-07-11"))
    }

    @Test("a weekly window in a time zone excludes its local hours: Sunday 03:00–04:00 in Berlin is 01:00–02:00 UTC in summer")
    func weekly() {
        let w = BudgetWindow(
            name: "patching", reason: "r", owner: "t", added: "2026-07-01", slos: [],
            schedule: .weekly(days: [.sunday], start: 180, end: 240, timeZone: "Europe/Berlin"))
        // 2026-07-05 is a Sunday (CEST, UTC+2).
        let day = Day(year: 2026, month: 7, day: 5)
        let intervals = w.intervals(from: Day(index: day.index - 1).start, to: Day(index: day.index + 2).end)
        #expect(intervals.count == 1)
        #expect(intervals.first.map { Timestamp.format($0.start) } == "2026-07-05T01:00:00Z")
        #expect(intervals.first.map { Timestamp.format($0.end) } == "2026-07-05T02:00:00Z")
    }
}
