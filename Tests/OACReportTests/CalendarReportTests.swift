import Foundation
import OACModel
import OACOutput
import OACRender
import OACReport
import OACSupport
import OACTestSupport
import Testing

@Suite("Calendar SLOs in the report")
struct CalendarReportTests {
    /// The fixture catalog plus a `ledger` service with one SLO per calendar period, all at 99.9% like
    /// checkout/availability (rolling 30d), so the same days can be judged both ways.
    static func model(description: String = "Ledger writes that succeed.") throws -> Model {
        func slo(_ name: String, _ window: String) -> String {
            """
                - name: \(name)
                  description: \(ReportFixtures.quoted(description))
                  objective: 99.9
                  window: \(window)
                  sli:
                    events:
                      bad: 'http_requests_total{job="ledger",status=~"5.."}'
                      total: 'http_requests_total{job="ledger"}'
            """
        }
        let extra = """
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: ledger}
            spec:
              owner: shop
              tier: gold
              type: api
              runbook: https://runbooks.example.com/ledger
              targets: {static: ["10.0.0.3:8080"]}
              metrics:
                - {name: http_requests_total, type: counter, labels: {status: 4}}
              slos:
            \(slo("monthly", "month"))
            \(slo("weekly", "week"))
            \(slo("quarterly", "quarter"))
            """
        return try ReportFixtures.model(extra: extra, retention: "100d")
    }

    static let q3 = ReportFixtures.quarter  // 2026-Q3: 1 July is a Wednesday, 30 September too

    /// July misses 99.9% (99.5% a day); August and September are perfect and ten times busier, so the quarter
    /// as a whole is well above 99.9%.
    static var oneBadMonth: [(good: Double, total: Double)?] {
        q3.days.map { $0.civil.month == 7 ? (good: 9_950, total: 10_000) : (good: 100_000, total: 100_000) }
    }

    static func card(_ days: [String: [(good: Double, total: Double)?]], description: String = "Ledger writes that succeed.")
        throws -> Scorecard
    {
        ScorecardBuilder(model: try model(description: description))
            .build(data: ReportFixtures.snapshot(days), previous: nil, incidents: [])
    }

    @Test("a month SLO with one bad month is not met, even though the quarter's attainment is above the objective")
    func oneBadMonthMisses() throws {
        let card = try Self.card(["ledger/monthly": Self.oneBadMonth, "checkout/availability": Self.oneBadMonth])
        let monthly = try #require(card.slos.first { $0.id == "ledger/monthly" })
        let good = 31 * 9_950.0 + 61 * 100_000
        let total = 31 * 10_000.0 + 61 * 100_000
        #expect(abs(monthly.attainment! - good / total * 100) < 1e-9)
        #expect(monthly.attainment! > 99.9)
        #expect(monthly.calendar == .month)
        #expect(monthly.windowLabel == "calendar month")
        #expect(
            monthly.periods.map { "\($0.span.start)..\($0.span.end)" }
                == ["2026-07-01..2026-07-31", "2026-08-01..2026-08-31", "2026-09-01..2026-09-30"])
        #expect(monthly.periods.map(\.met) == [false, true, true])
        #expect(abs(monthly.periods[0].attainment! - 99.5) < 1e-9)
        #expect(abs(monthly.periods[0].budgetConsumed! - 5) < 1e-9)  // 0.5% bad against 0.1% allowed
        #expect(monthly.met == false)
        #expect(monthly.state == .exhausted)  // the worst period's budget
        // The quarter's budget (the contract's budgetConsumed) is still the quarter's.
        #expect(abs(monthly.budgetConsumed! - (total - good) / (total * 0.001)) < 1e-9)
        #expect(monthly.budgetConsumed! < 1)
        // The same days under a rolling SLO are met: the quarter's total decides.
        let rolling = try #require(card.slos.first { $0.id == "checkout/availability" })
        #expect(rolling.met == true)
        #expect(rolling.periods.isEmpty)
        #expect(card.headline.slosMet == 1)
    }

    @Test("weeks start on Monday and are cut at the quarter's start and end")
    func weekSpans() {
        let spans = CalendarPeriod.week.spans(in: Self.q3, through: Self.q3.lastDay)
        #expect(spans.count == 14)
        #expect(spans.first.map { "\($0.start)..\($0.end) \($0.clipped)" } == "2026-07-01..2026-07-05 true")
        #expect(spans[1].start.description == "2026-07-06")
        #expect(spans.dropFirst().allSatisfy { $0.start.weekday == 0 })
        #expect(spans.dropLast().allSatisfy { $0.end.weekday == 6 })
        #expect(spans.dropFirst().dropLast().allSatisfy { !$0.clipped && $0.end.index - $0.start.index == 6 })
        #expect(spans.last.map { "\($0.start)..\($0.end) \($0.clipped)" } == "2026-09-28..2026-09-30 true")
        #expect(spans.reduce(0) { $0 + $1.days.count } == 92)
        // 2024-Q3 starts on a Monday: no cut at the start; 30 September 2024 is a Monday, a one-day week.
        let q = Quarter(year: 2024, number: 3)
        let other = CalendarPeriod.week.spans(in: q, through: q.lastDay)
        #expect(other.first.map { "\($0.start)..\($0.end) \($0.clipped)" } == "2024-07-01..2024-07-07 false")
        #expect(other.last.map { "\($0.start)..\($0.end) \($0.clipped)" } == "2024-09-30..2024-09-30 true")
        // A quarter not over: periods up to the last day with data.
        #expect(CalendarPeriod.month.spans(in: Self.q3, through: Day(parsing: "2026-08-10")!).count == 2)
    }

    @Test("a bad Sunday counts in its own week, the Monday after in the next one")
    func weekFigures() throws {
        var days = ReportFixtures.flat(good: 10_000, total: 10_000)
        let sunday = Day(parsing: "2026-07-05")!
        let monday = Day(parsing: "2026-07-06")!
        days[sunday.index - Self.q3.firstDay.index] = (good: 9_000, total: 10_000)
        days[monday.index - Self.q3.firstDay.index] = (good: 9_995, total: 10_000)
        let weekly = try #require(try Self.card(["ledger/weekly": days]).slos.first { $0.id == "ledger/weekly" })
        #expect(weekly.periods.count == 14)
        // First week: five days (1–5 July), 1,000 bad of 50,000.
        #expect(abs(weekly.periods[0].attainment! - 49_000.0 / 50_000 * 100) < 1e-9)
        #expect(weekly.periods[0].met == false)
        // Second week: 5 bad of 70,000 against 70 allowed.
        #expect(abs(weekly.periods[1].budgetConsumed! - 5.0 / 70) < 1e-9)
        #expect(weekly.periods[1].met == true)
        #expect(weekly.periods.dropFirst().allSatisfy { $0.met == true })
        #expect(weekly.met == false)
    }

    @Test("a quarter calendar SLO has the rolling SLO's figures, with the quarter as its one period")
    func quarterIsRolling() throws {
        var days = Self.oneBadMonth
        days[40] = nil
        let card = try Self.card(["ledger/quarterly": days, "checkout/availability": days])
        let quarterly = try #require(card.slos.first { $0.id == "ledger/quarterly" })
        let rolling = try #require(card.slos.first { $0.id == "checkout/availability" })
        #expect(quarterly.attainment == rolling.attainment)
        #expect(quarterly.budgetConsumed == rolling.budgetConsumed)
        #expect(quarterly.met == rolling.met)
        #expect(quarterly.state == rolling.state)
        #expect(quarterly.periods.count == 1)
        let only = try #require(quarterly.periods.first)
        #expect("\(only.span.start)..\(only.span.end)" == "2026-07-01..2026-09-30")
        #expect(!only.span.clipped)
        #expect(abs(only.attainment! - rolling.attainment!) < 1e-12)
        #expect(abs(only.budgetConsumed! - rolling.budgetConsumed!) < 1e-12)
        #expect(quarterly.burnDown.map(\.remaining) == rolling.burnDown.map(\.remaining))
    }

    @Test("a calendar SLO's burn-down starts again at 100% on each period's first day")
    func burnDownResets() throws {
        let monthly = try #require(try Self.card(["ledger/monthly": Self.oneBadMonth]).slos.first { $0.id == "ledger/monthly" })
        let points = monthly.burnDown
        #expect(points.count == 92)
        #expect(points.filter(\.reset).map(\.day.description) == ["2026-08-01", "2026-09-01"])
        // July: 50 bad a day against 310 allowed for the month, so 31 days leave 1 − 1550/310.
        #expect(abs(points[30].remaining - (1 - 1_550.0 / 310)) < 1e-9)
        #expect(points[31].remaining == 1)  // a perfect 1 August
        #expect(points.last?.remaining == 1)
    }

    @Test("summary.json gives a calendar SLO its calendar and periods, a rolling SLO calendar null and no periods")
    func summaryJSON() throws {
        let card = try Self.card([
            "ledger/monthly": Self.oneBadMonth, "ledger/weekly": Self.oneBadMonth,
            "checkout/availability": Self.oneBadMonth
        ])
        let json = try #require(try ReportRenderer(oacVersion: "test").render(card).first { $0.path == "summary.json" }?.contents)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let slos = try #require(object["slos"] as? [[String: Any]])
        func row(_ id: String) throws -> [String: Any] {
            try #require(slos.first { "\($0["service"]!)/\($0["slo"]!)" == id })
        }
        let monthly = try row("ledger/monthly")
        #expect(monthly["calendar"] as? String == "month")
        #expect(monthly["met"] as? Bool == false)
        #expect((monthly["attainment"] as! NSNumber).doubleValue > 99.9)
        let periods = try #require(monthly["periods"] as? [[String: Any]])
        #expect(periods.map { $0["start"] as? String } == ["2026-07-01", "2026-08-01", "2026-09-01"])
        #expect(periods.map { $0["end"] as? String } == ["2026-07-31", "2026-08-31", "2026-09-30"])
        #expect(periods.map { $0["met"] as? Bool } == [false, true, true])
        #expect((periods[0]["attainment"] as! NSNumber).doubleValue == 99.5)
        #expect((periods[0]["budgetConsumed"] as! NSNumber).doubleValue == 5)
        let weeks = try #require(try row("ledger/weekly")["periods"] as? [[String: Any]])
        #expect(weeks.count == 14)
        #expect(weeks.map { $0["partial"] as? Bool }.filter { $0 == true }.count == 2)
        let rolling = try row("checkout/availability")
        #expect(rolling.keys.contains("calendar") && rolling["calendar"] is NSNull)
        #expect(!rolling.keys.contains("periods"))
        // An SLO without data: periods with null figures, met null.
        let quiet = try row("ledger/quarterly")
        #expect(quiet["met"] is NSNull)
        #expect((quiet["periods"] as? [[String: Any]])?.first?["met"] is NSNull)
    }

    static let hostile = "<script>alert(1)</script> & \"quotes\""

    static func hostileFiles() throws -> [OutputFile] {
        let card = try Self.card(
            ["ledger/monthly": Self.oneBadMonth, "ledger/weekly": Self.oneBadMonth],
            description: Self.hostile)
        return try ReportRenderer(oacVersion: "test").render(card)
    }

    @Test("the page shows the window and a per-period strip, escaped, without scripts")
    func page() throws {
        let files = try Self.hostileFiles()
        let html = try #require(files.first { $0.path == "index.html" }?.contents)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("<span class=\"window\">calendar month</span>"))
        #expect(html.contains("<span class=\"window\">calendar week</span>"))
        #expect(html.contains("<span class=\"window\">30d</span>"))
        #expect(html.contains("<span class=\"period missed\" title=\"1–31 Jul 2026: 99.500% against 99.9%, 500% of the budget\">Jul 99.500%</span>"))
        #expect(html.contains("<span class=\"period met\" title=\"1–31 Aug 2026: 100.000% against 99.9%, 0% of the budget\">Aug 100.000%</span>"))
        // The week cut by the quarter's start is marked and explained.
        #expect(html.contains(">1 Jul* 99.500%</span>"))
        #expect(html.contains("only its days inside the quarter count here"))
        #expect(html.contains("500%<span class=\"desc budget\">of the budget in its worst month (Jul), which sets its policy;"))
        let md = try #require(files.first { $0.path == "summary.md" }?.contents)
        #expect(md.contains("**Missed:** ledger/monthly (calendar month) — missed 1–31 Jul 2026 (99.500%, 500% of its budget)"))
        let burnDown = try #require(files.first { $0.path == "burn-down.svg" }?.contents)
        #expect(burnDown.contains("ledger/monthly: 500% of the budget used in its worst month"))
    }

    @Test("with calendar SLOs every SVG and the page are still well-formed XML (xmllint)", .requires(.xmllint))
    func wellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oac-calendar-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var checked = 0
        for f in try Self.hostileFiles() where f.path.hasSuffix(".svg") || f.path.hasSuffix(".html") {
            let url = dir.appendingPathComponent(f.path)
            try Data(f.contents.utf8).write(to: url)
            #expect(try XMLLint.problems(xmllint, url) == nil, "\(f.path)")
            checked += 1
        }
        #expect(checked >= 8)
    }
}
