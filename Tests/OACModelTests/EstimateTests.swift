import Foundation
import OACCompiler
import OACModel
import OACRender
import OACTestSupport
import Testing

/// `CostEstimate.estimate` (Sources/OACModel/Estimate.swift): the formulas of docs/cost.md, each figure computed
/// by hand in a comment — on the small hand catalog, then on the example catalog.
@Suite("Cost estimate")
struct EstimateTests {
    static func handModel() throws -> Model { try CatalogBuilder.model(HandCatalog.text) }
    static let example: Model? = Compiler.check(Repository.catalog("catalog/example")).model

    @Test("series per metric type follow the documented formulas")
    func seriesPerMetricType() throws {
        let model = try Self.handModel()
        let e = CostEstimate.estimate(model)
        let a = try #require(e.services.first)
        let byName = Dictionary(uniqueKeysWithValues: a.metrics.map { ($0.name, $0.seriesPerInstance) })
        #expect(byName["c"] == 20)  // 4 × 5 label combinations
        #expect(byName["h"] == 24)  // 4 × (3 buckets + Inf + _sum + _count)
        #expect(byName["s"] == 5)  // 1 × (3 quantiles + _sum + _count)
        #expect(byName["g"] == 1)
        #expect(a.seriesPerInstance == 55)  // 50 declared + 5 automatic per target
    }

    @Test("a service's figures match the hand computation")
    func handService() throws {
        let e = CostEstimate.estimate(try Self.handModel())
        let a = try #require(e.services.first)
        #expect(a.scrapedSeries == 330)  // 55 × 3 instances × 2 regions
        #expect(a.sliRecordSeries == 6)  // 2 records × 1 SLO × (2 + 1) shards
        #expect(a.federatedSeries == 6)  // the same, copied to the global server
        #expect(a.sloRecordSeries == 19)  // 4 base + 3 ratio windows (5m, 1h, 30d) + 2 burn rates + 7 metadata + 2 policy, + 1 service policy state
        #expect(a.figures.series == 361)
        #expect(a.figures.samplesPerSecond == ExactDecimal("12.033")!)  // 361 / 30s
        #expect(a.figures.diskBytes == 13_515_840)  // 361/30 × 1.3 B × 10d
        #expect(a.figures.headMemoryBytes == 361 * 4096)
        #expect(a.figures.logGBPerDay == ExactDecimal("5")!)  // (2 + 0.5) GB × 2 regions
        #expect(a.figures.logGBStored == ExactDecimal("127")!)  // 2 regions × (2 × 30d + 0.5 × 7d)
        #expect(a.figures.monthlyCost.metrics == ExactDecimal("3.61")!)  // 0.361 × 10
        #expect(a.figures.monthlyCost.logsIngested == ExactDecimal("75")!)  // 5 × 30 × 0.5
        #expect(a.figures.monthlyCost.logsStored == ExactDecimal("12.7")!)  // 127 × 0.1
        #expect(a.figures.monthlyCost.total == ExactDecimal("91.31")!)
    }

    @Test("regions get their shard count and teams and totals add up")
    func regionsTeamsTotals() throws {
        let e = CostEstimate.estimate(try Self.handModel())
        let r1 = try #require(e.regions.first { $0.name == "r1" })
        let r2 = try #require(e.regions.first { $0.name == "r2" })
        #expect(r1.shards == 2 && !r1.shardsAuto)
        #expect(r2.shards == 1 && r2.shardsAuto)  // ceil(165 / 1000)
        #expect(r1.series == 169 && r1.seriesPerShard == 85)
        #expect(r2.series == 167)
        #expect(e.global.series == 25)
        #expect(e.teams.map(\.name) == ["t1", "t2"])
        #expect(e.teams[0].figures == e.services[0].figures)
        #expect(e.teams[1].figures == .zero)
        #expect(e.total.series == 361)
        #expect(e.currency == "EUR")
    }

    @Test("auto shards grow with the estimated series")
    func autoShards() throws {
        let bigger = HandCatalog.text.replacingOccurrences(of: "seriesPerShard: 1000", with: "seriesPerShard: 50")
        let e = CostEstimate.estimate(try CatalogBuilder.model(bigger))
        #expect(e.regions.first { $0.name == "r2" }?.shards == 4)  // ceil(165 / 50)
    }

    @Test("the SLO record count matches the rules the renderer writes")
    func sloRecordCount() throws {
        let model = try Self.handModel()
        let rules = SLORules(model: model, service: model.services[0])
        let written = rules.sloGroups().flatMap(\.rules).filter { if case .record = $0 { true } else { false } }.count
        #expect(written == CostEstimate.sloRecordCount(model.services[0].slos[0]) + CostEstimate.serviceRecordCount(model.services[0]))
        let sli = rules.sliGroup().rules.count
        #expect(sli == CostEstimate.sliRecordsPerSLO)
    }

    // MARK: - The example catalog

    @Test("series per instance follow the label product, histogram and summary formulas")
    func perInstance() throws {
        let estimate = CostEstimate.estimate(try #require(Self.example))
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
        let model = try #require(Self.example)
        // The example is sharded: threshold SLIs record their parts on shards and two merged records on global.
        let sharded = !Topology.isSingle(model.platform)
        #expect(sharded)
        for service in model.services where !service.slos.isEmpty {
            let rules = SLORules(model: model, service: service)
            let sloLevel = rules.sloGroups().flatMap(\.rules).count { if case .record = $0 { true } else { false } }
            let sliLevel = rules.sliGroup().rules.count
            let formula =
                service.slos.reduce(0) { $0 + CostEstimate.sloRecordCount($1, sharded: sharded) }
                + CostEstimate.serviceRecordCount(service)
            #expect(formula == sloLevel, "\(service.name)")
            #expect(service.slos.reduce(0) { $0 + CostEstimate.sliRecordCount($1, sharded: sharded) } == sliLevel, "\(service.name)")
        }
    }

    @Test("team totals add up to the services' figures, and teams are sorted")
    func exampleTotals() throws {
        let estimate = CostEstimate.estimate(try #require(Self.example))
        #expect(estimate.currency == "USD")
        #expect(estimate.teams.map(\.name) == ["data-engineering", "llm-infra", "ml-platform"])
        for team in estimate.teams {
            let members = estimate.services.filter { $0.team == team.name }
            #expect(team.figures.series == members.reduce(0) { $0 + $1.figures.series }, "\(team.name)")
        }
    }
}
