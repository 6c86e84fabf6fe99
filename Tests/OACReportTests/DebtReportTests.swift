import Foundation
import OACModel
import OACReport
import Testing

/// The technical-debt trend: lint findings per team against last quarter's snapshot, and budget-exhaustion
/// projections at the last 7 days' pace, each figure computed by hand below.
@Suite("Technical debt in the report")
struct DebtReportTests {
    /// checkout/availability (99.9%): 1,000,000 events a day; 700 bad for 85 days, then 1,500 bad for the last 7.
    static func data(lint: [String: [String: Int]]? = nil) -> Snapshot {
        let days: [(good: Double, total: Double)?] = (0..<92).map { $0 < 85 ? (999_300, 1_000_000) : (998_500, 1_000_000) }
        var s = ReportFixtures.snapshot(["checkout/availability": days, "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)])
        s.lintFindings = lint
        return s
    }

    @Test("an at-risk SLO's budget runs out after the budget left over the last 7 days' bad events a day")
    func projection() throws {
        let card = ScorecardBuilder(model: try ReportFixtures.model()).build(data: Self.data(), previous: nil, incidents: [])
        // Bad: 85 × 700 + 7 × 1,500 = 70,000 of 92 × 1,000 = 92,000 allowed: 76% used, at risk. errors (50%) is healthy.
        let slo = try #require(card.slos.first { $0.id == "checkout/availability" })
        #expect(slo.state == .atRisk)
        #expect(card.debt.projections.map(\.slo) == ["checkout/availability"])
        let p = try #require(card.debt.projections.first)
        // 22,000 left at 10,500 / 7 = 1,500 a day: 14.7 days, so the 15th day after 30 Sep: 15 Oct.
        #expect(abs(p.remaining - 22_000) < 1e-6)
        #expect(abs(p.dailyBad - 1_500) < 1e-9)
        #expect(p.exhaustion == Day(year: 2026, month: 10, day: 15))
        // Those days' error ratio 0.15% over the 0.1% the objective allows: 1.5×.
        #expect(abs(p.burnRate! - 1.5) < 1e-9)
        #expect(p.budgetEnds == Day(year: 2026, month: 9, day: 30))
    }

    @Test("lint findings per team now against last quarter's snapshot, rule by rule")
    func trend() throws {
        var builder = ScorecardBuilder(model: try ReportFixtures.model())
        builder.lintFindings = ["shop": ["missing-runbook": 1, "metric-series-budget": 1]]
        var previous = ReportFixtures.snapshot([:], quarter: ReportFixtures.quarter.previous)
        previous.lintFindings = ["shop": ["missing-runbook": 2], "(platform)": ["unused-tier": 1]]
        let d = builder.build(data: Self.data(), previous: previous, incidents: []).debt
        #expect(d.hasPrevious)
        #expect(d.teams.map(\.team) == ["(platform)", "shop"])
        // (platform): 1 → 0; shop: 2 → 2 (one runbook fixed, one metric over its budget); in all 3 → 2.
        #expect(d.teams.map(\.total) == [0, 2])
        #expect(d.teams.map(\.previousTotal) == [1, 2])
        let shop = try #require(d.teams.last)
        #expect(shop.rules.map(\.rule) == ["metric-series-budget", "missing-runbook"])
        #expect(shop.rules.map(\.now) == [1, 1])
        #expect(shop.rules.map(\.before) == [0, 2])
        #expect(d.total == 2)
        #expect(d.previousTotal == 3)
    }

    @Test("the snapshot's own findings, frozen at the quarter's end, win over the catalog's today")
    func snapshotWins() throws {
        var builder = ScorecardBuilder(model: try ReportFixtures.model())
        builder.lintFindings = ["shop": ["missing-runbook": 5]]
        let d = builder.build(data: Self.data(lint: ["shop": ["missing-runbook": 1]]), previous: nil, incidents: []).debt
        #expect(d.total == 1)
        #expect(!d.hasPrevious)
        #expect(d.previousTotal == nil)
    }

    @Test("a snapshot keeps its lint findings through encoding and decoding; a negative count is refused")
    func snapshotKeys() throws {
        let s = Self.data(lint: ["shop": ["missing-runbook": 2]])
        let text = s.encoded()
        #expect(text.contains("\"lintFindings\""))
        #expect(try Snapshot.decode(Data(text.utf8)) == s)
        let bad = text.replacingOccurrences(of: "\"missing-runbook\" : 2", with: "\"missing-runbook\" : -1")
        #expect(bad != text)
        #expect(throws: Snapshot.FormatError.self) { try Snapshot.decode(Data(bad.utf8)) }
    }
}
