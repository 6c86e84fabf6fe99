import Foundation
import OACCompiler
import OACLint
import OACModel
import OACRender
import Testing

/// `CostEstimate.estimate`: the formula of docs/cost.md, checked by hand on the example catalog.
@Suite("Cost estimate")
struct EstimateTests {
    static let model: Model? = Compiler.check(LintHarness.catalog("catalog/example")).model

    @Test("series per instance follow the label product, histogram and summary formulas")
    func perInstance() throws {
        let estimate = CostEstimate.estimate(try #require(Self.model))
        let bert = try #require(estimate.service(named: "bert-model-serving"))
        // {route: 6, status: 8, model: 4}
        #expect(bert.metric(named: "http_requests_total")?.seriesPerInstance == 192)
        // {route: 6, model: 4} × (9 buckets + 1) + 2 × 24
        #expect(bert.metric(named: "http_request_duration_seconds")?.seriesPerInstance == 288)
        // 12 instances × 2 regions
        #expect(bert.metric(named: "http_requests_total").map(bert.series(of:)) == 192 * 24)
        // A summary without quantiles keeps _sum and _count: {model: 4} × 2.
        let training = try #require(estimate.service(named: "nightly-training"))
        #expect(training.metric(named: "training_job_duration_seconds")?.seriesPerInstance == 8)
        #expect(CostEstimate.seriesPerInstance(labelProduct: 3, type: .summary, buckets: 0, quantiles: 4) == 18)
    }

    @Test("recorded series per SLO match the rules SLORules writes")
    func recordedSeriesMatchTheRules() throws {
        let model = try #require(Self.model)
        for service in model.services where !service.slos.isEmpty {
            let rules = SLORules(model: model, service: service)
            let sloLevel = rules.sloGroups().flatMap(\.rules).count { if case .record = $0 { true } else { false } }
            let sliLevel = rules.sliGroup().rules.count
            let formula = service.slos.reduce(0) { $0 + CostEstimate.sloRecordCount($1) }
            #expect(formula == sloLevel, "\(service.name)")
            #expect(service.slos.count * CostEstimate.sliRecordsPerSLO == sliLevel, "\(service.name)")
        }
    }

    @Test("team totals add up to the services' figures, and teams are sorted")
    func totals() throws {
        let estimate = CostEstimate.estimate(try #require(Self.model))
        #expect(estimate.currency == "USD")
        #expect(estimate.teams.map(\.name) == ["data-engineering", "llm-infra", "ml-platform"])
        for team in estimate.teams {
            let members = estimate.services.filter { $0.team == team.name }
            #expect(team.figures.series == members.reduce(0) { $0 + $1.figures.series }, "\(team.name)")
        }
    }

    @Test("adding a label shows up in the diff with series, money, team and metric")
    func diff() throws {
        var model = try #require(Self.model)
        let base = CostEstimate.estimate(model)
        let i = try #require(model.services.firstIndex { $0.name == "bert-model-serving" })
        let m = try #require(model.services[i].metrics.firstIndex { $0.name == "http_requests_total" })
        model.services[i].metrics[m].labels.append(LabelCardinality(name: "tenant", values: 3))
        let diff = CostDiff.between(base: base, head: CostEstimate.estimate(model))
        // 192 → 576 per instance, × 24 instance-regions.
        #expect(diff.total.series == 384 * 24)
        #expect(diff.teams.map(\.name) == ["ml-platform"])
        #expect(diff.services.first?.metrics.first?.name == "http_requests_total")
        // 9,216 series × $7.20 per thousand = $66.3552; services are priced to the cent before the difference is taken
        #expect(diff.lines() == [
            "+9,216 series, +$66.35/month in total",
            "+9,216 series, +$66.35/month, team ml-platform",
            "+9,216 series, +$66.35/month, service bert-model-serving (http_requests_total +9,216 series)",
        ])
        #expect(CostDiff.between(base: base, head: base).lines() == ["no change in series or cost"])
    }
}
