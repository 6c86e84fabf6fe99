import Foundation
import OACModel
import OACReport
import Testing

@Suite("Scorecard maths")
struct ScorecardBuilderTests {
    @Test("attainment is Σgood/Σtotal of the days, never the mean of daily ratios")
    func eventWeighted() throws {
        let model = try ReportFixtures.model()
        // Quiet days are bad, busy days good: the mean of daily ratios would say 50.05% bad.
        let days: [(good: Double, total: Double)?] = (0..<92).map { $0 % 2 == 0 ? (0, 10) : (999_000, 1_000_000) }
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days]), previous: nil, incidents: [])
        let s = try #require(card.slos.first { $0.id == "checkout/availability" })
        let good = 46 * 999_000.0
        let total = 46 * 1_000_010.0
        #expect(abs(s.attainment! - good / total * 100) < 1e-9)
        // Budget: bad / (total × 0.1%).
        #expect(abs(s.budgetConsumed! - (total - good) / (total * 0.001)) < 1e-9)
        #expect(s.met == false)
        #expect(s.state == .exhausted)
    }

    @Test("policy states: healthy below 75% of the budget, at risk from 75%, exhausted from 100%")
    func states() {
        #expect(PolicyState(budgetConsumed: 0) == .healthy)
        #expect(PolicyState(budgetConsumed: 0.7499) == .healthy)
        #expect(PolicyState(budgetConsumed: 0.75) == .atRisk)
        #expect(PolicyState(budgetConsumed: 0.9999) == .atRisk)
        #expect(PolicyState(budgetConsumed: 1) == .exhausted)
        #expect(PolicyState(budgetConsumed: nil) == .noData)
    }

    @Test("a budget used exactly is still met; one event more is not")
    func boundary() throws {
        let model = try ReportFixtures.model()
        // 99% objective: 1 bad in 100 allowed each day.
        let exact = ReportFixtures.flat(good: 99, total: 100)
        let over = Array(exact.dropLast()) + [(good: 98.0, total: 100.0)]
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/errors": exact, "batch/success": over.map { $0.map { (good: $0.good - 4, total: $0.total) } }]),
            previous: nil, incidents: [])
        let errors = try #require(card.slos.first { $0.id == "checkout/errors" })
        #expect(abs(errors.budgetConsumed! - 1) < 1e-12)
        #expect(errors.met == true)
        let batch = try #require(card.slos.first { $0.id == "batch/success" })
        #expect(batch.met == false)  // 95%: 5 bad allowed a day, one day has 6
    }

    @Test("an objective that changes mid-quarter budgets each day at that day's objective, and is flagged")
    func objectiveChange() throws {
        let model = try ReportFixtures.model()
        let days = ReportFixtures.flat(good: 9_990, total: 10_000)
        let objectives: [Double?] = (0..<92).map { $0 < 46 ? 99.0 : 99.9 }
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days], objectives: ["checkout/availability": objectives]),
            previous: nil, incidents: [])
        let s = try #require(card.slos.first { $0.id == "checkout/availability" })
        let allowed = 46 * 10_000 * 0.01 + 46 * 10_000 * 0.001
        #expect(abs(s.budgetConsumed! - 92 * 10 / allowed) < 1e-9)
        #expect(s.objectiveChanged)
        #expect(s.objective == 99.9)
        #expect(card.dataQuality.objectiveChanges.map(\.slo) == ["checkout/availability"])
    }

    @Test("days without data count neither way and are listed; SLOs without any data are flagged")
    func gaps() throws {
        let model = try ReportFixtures.model()
        var days = ReportFixtures.flat(good: 100, total: 100)
        days[10] = nil
        days[11] = nil
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days, "ghost/slo": ReportFixtures.flat(good: 1, total: 1)]),
            previous: nil, incidents: [])
        let s = try #require(card.slos.first { $0.id == "checkout/availability" })
        #expect(s.missingDays.map(\.description) == ["2026-07-11", "2026-07-12"])
        #expect(s.total == 90 * 100)
        #expect(card.dataQuality.noData.sorted() == ["batch/success", "checkout/errors"])
        #expect(card.dataQuality.unknown == ["ghost/slo"])
        #expect(card.headline.slosWithData == 1)
    }

    @Test("tiers weigh by retention (longest first) and the score is the weighted share of SLOs met")
    func score() throws {
        let model = try ReportFixtures.model()
        #expect(ScorecardBuilder(model: model).tierWeights.map(\.tier) == ["gold", "bronze"])
        #expect(ScorecardBuilder(model: model).tierWeights.map(\.weight) == [2, 1])
        let good = ReportFixtures.flat(good: 1_000, total: 1_000)
        let bad = ReportFixtures.flat(good: 900, total: 1_000)
        let q2 = ReportFixtures.quarter.previous
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": good, "checkout/errors": good, "batch/success": bad]),
            previous: ReportFixtures.snapshot(
                [
                    "checkout/availability": ReportFixtures.flat(good: 900, total: 1_000, quarter: q2),
                    "checkout/errors": ReportFixtures.flat(good: 1_000, total: 1_000, quarter: q2),
                    "batch/success": ReportFixtures.flat(good: 1_000, total: 1_000, quarter: q2)
                ],
                quarter: q2),
            incidents: [])
        // Met: two gold (2 + 2) of 2 + 2 + 1.
        #expect(card.headline.slosMet == 2)
        #expect(abs(card.headline.score! - 80) < 1e-9)
        // Last quarter: checkout/availability missed: (2 + 1) / 5.
        #expect(abs(card.headline.previousScore! - 60) < 1e-9)
        #expect(card.slos.first { $0.id == "checkout/availability" }?.previousAttainment == 90)
        // Gold first.
        #expect(card.slos.map(\.tier) == ["gold", "gold", "bronze"])
    }

    @Test("median and p90 interpolate between closest ranks")
    func percentiles() {
        let s = Stat([40, 10, 30, 20])
        #expect(s.count == 4)
        #expect(s.median == 25)
        #expect(abs(s.p90! - 37) < 1e-9)
        #expect(Stat([7]).p90 == 7)
        #expect(Stat([]).median == nil)
    }

    @Test("MTTD, MTTA and MTTR use detected − started, acknowledged − detected and resolved − started")
    func responseTimes() throws {
        let extra = """
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - {id: A, title: one, services: [checkout], severity: SEV1, started: 2026-08-01T10:00:00Z, detected: 2026-08-01T10:10:00Z, acknowledged: 2026-08-01T10:15:00Z, resolved: 2026-08-01T11:00:00Z, postmortem: {status: published}}
              - {id: B, title: two, services: [checkout], severity: SEV2, started: 2026-08-02T10:00:00Z, detected: 2026-08-02T10:30:00Z, acknowledged: 2026-08-02T10:32:00Z, resolved: 2026-08-02T14:00:00Z, postmortem: {status: draft},
                 actionItems: [{title: fix, owner: shop, due: 2026-09-01, status: open}, {title: later, owner: shop, due: 2026-10-05, status: open}, {title: done, owner: shop, due: 2026-08-05, status: done}]}
              - {id: C, title: old, services: [checkout], severity: SEV3, started: 2026-05-02T10:00:00Z, detected: 2026-05-02T10:05:00Z, resolved: 2026-05-02T11:00:00Z, postmortem: {status: none}}
            """
        let model = try ReportFixtures.model(extra: extra)
        let incidents = ReportIncident.merge(catalog: model.incidents, exported: [])
        let card = ScorecardBuilder(model: model).build(data: ReportFixtures.snapshot([:]), previous: nil, incidents: incidents)
        let i = card.incidents
        #expect(i.incidents.map(\.incident.id) == ["A", "B"])  // C started last quarter
        #expect(i.mttd.count == 2 && i.mttd.median == 20)
        #expect(i.mtta.median == 3.5)
        #expect(i.mttr.median == 150)
        #expect(i.postmortems.required == 2 && i.postmortems.requiredPublished == 1 && i.postmortems.missing == ["B"])
        // Overdue at the quarter's end (30 Sep): due 1 Sep and open; due 5 Oct is open but not overdue.
        #expect(i.actionItems.total == 3 && i.actionItems.open == 2 && i.actionItems.overdue == 1)
        #expect(i.actionItems.byOwner.map(\.owner) == ["shop"])
    }

    @Test("an incident's budget burned is its days' bad events above the SLO's median day, over the quarter's allowance")
    func incidentImpact() throws {
        let extra = """
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - {id: BIG, title: outage, services: [checkout], severity: SEV1, started: 2026-08-14T14:00:00Z, detected: 2026-08-14T14:30:00Z, resolved: 2026-08-15T01:00:00Z, postmortem: {status: published}}
              - {id: ELSEWHERE, title: batch, services: [batch], severity: SEV4, started: 2026-08-14T14:00:00Z, detected: 2026-08-14T14:10:00Z, resolved: 2026-08-14T15:00:00Z, postmortem: {status: none}}
            """
        let model = try ReportFixtures.model(extra: extra)
        var days = ReportFixtures.flat(good: 99_990, total: 100_000)  // 10 bad a day
        let aug14 = Day(parsing: "2026-08-14")!.index - ReportFixtures.quarter.firstDay.index
        days[aug14] = (good: 99_500, total: 100_000)  // 500 bad
        days[aug14 + 1] = (good: 99_900, total: 100_000)  // 100 bad
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days]), previous: nil,
            incidents: ReportIncident.merge(catalog: model.incidents, exported: []))
        let top = try #require(card.incidents.top.first)
        #expect(top.incident.incident.id == "BIG")
        #expect(top.slo == "checkout/availability")
        // (500 − 10) + (100 − 10) over 92 × 100000 × 0.1%.
        #expect(abs(top.budgetBurned - 580.0 / 9_200) < 1e-12)
        #expect(card.incidents.top.count == 1)  // batch has no data: nothing burned
    }
}
