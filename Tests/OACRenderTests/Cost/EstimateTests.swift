import Foundation
import OACModel
import OACRender
import Testing

@Suite("Cost estimate")
struct EstimateTests {
    @Test("series per metric type follow the documented formulas")
    func perMetric() throws {
        let model = try RenderTestSupport.model(RenderTestSupport.handCatalog)
        let e = CostEstimate.estimate(model)
        let a = try #require(e.services.first)
        let byName = Dictionary(uniqueKeysWithValues: a.metrics.map { ($0.name, $0.seriesPerInstance) })
        #expect(byName["c"] == 20)       // 4 × 5 label combinations
        #expect(byName["h"] == 24)       // 4 × (3 buckets + Inf + _sum + _count)
        #expect(byName["s"] == 5)        // 1 × (3 quantiles + _sum + _count)
        #expect(byName["g"] == 1)
        #expect(a.seriesPerInstance == 55)  // 50 declared + 5 automatic per target
    }

    @Test("a service's figures match the hand computation")
    func service() throws {
        let e = CostEstimate.estimate(try RenderTestSupport.model(RenderTestSupport.handCatalog))
        let a = try #require(e.services.first)
        #expect(a.scrapedSeries == 330)     // 55 × 3 instances × 2 regions
        #expect(a.sliRecordSeries == 6)     // 2 records × 1 SLO × (2 + 1) shards
        #expect(a.federatedSeries == 6)     // the same, copied to the global server
        #expect(a.sloRecordSeries == 16)    // 4 base + 3 ratio windows (5m, 1h, 30d) + 2 burn rates + 7 metadata
        #expect(a.figures.series == 358)
        #expect(a.figures.samplesPerSecond == ExactDecimal("11.933")!)   // 358 / 30s
        #expect(a.figures.diskBytes == 13_403_520)                       // 358/30 × 1.3 B × 10d
        #expect(a.figures.headMemoryBytes == 358 * 4096)
        #expect(a.figures.logGBPerDay == ExactDecimal("5")!)          // (2 + 0.5) GB × 2 regions
        #expect(a.figures.logGBStored == ExactDecimal("127")!)           // 2 regions × (2 × 30d + 0.5 × 7d)
        #expect(a.figures.monthlyCost.metrics == ExactDecimal("3.58")!)  // 0.358 × 10
        #expect(a.figures.monthlyCost.logsIngested == ExactDecimal("75")!)    // 5 × 30 × 0.5
        #expect(a.figures.monthlyCost.logsStored == ExactDecimal("12.7")!)    // 127 × 0.1
        #expect(a.figures.monthlyCost.total == ExactDecimal("91.28")!)
    }

    @Test("regions get their shard count and teams and totals add up")
    func regionsTeamsTotals() throws {
        let e = CostEstimate.estimate(try RenderTestSupport.model(RenderTestSupport.handCatalog))
        let r1 = try #require(e.regions.first { $0.name == "r1" })
        let r2 = try #require(e.regions.first { $0.name == "r2" })
        #expect(r1.shards == 2 && !r1.shardsAuto)
        #expect(r2.shards == 1 && r2.shardsAuto)   // ceil(165 / 1000)
        #expect(r1.series == 169 && r1.seriesPerShard == 85)
        #expect(r2.series == 167)
        #expect(e.global.series == 22)
        #expect(e.teams.map(\.name) == ["t1", "t2"])
        #expect(e.teams[0].figures == e.services[0].figures)
        #expect(e.teams[1].figures == .zero)
        #expect(e.total.series == 358)
        #expect(e.currency == "EUR")
    }

    @Test("auto shards grow with the estimated series")
    func autoShards() throws {
        let bigger = RenderTestSupport.handCatalog.replacingOccurrences(of: "seriesPerShard: 1000", with: "seriesPerShard: 50")
        let e = CostEstimate.estimate(try RenderTestSupport.model(bigger))
        #expect(e.regions.first { $0.name == "r2" }?.shards == 4)  // ceil(165 / 50)
    }

    @Test("the SLO record count matches the rules the renderer writes")
    func sloRecordCount() throws {
        let model = try RenderTestSupport.model(RenderTestSupport.handCatalog)
        let rules = SLORules(model: model, service: model.services[0])
        let written = rules.sloGroups().flatMap(\.rules).filter { if case .record = $0 { true } else { false } }.count
        #expect(written == CostEstimate.sloRecordCount(model.services[0].slos[0]))
        let sli = rules.sliGroup().rules.count
        #expect(sli == CostEstimate.sliRecordsPerSLO)
    }

    @Test("estimate.json carries series, samples/s, log volume and cost per service and team")
    func json() throws {
        let file = try #require(CostRenderer.render(try RenderTestSupport.model(RenderTestSupport.handCatalog))
            .first { $0.path == "cost/estimate.json" })
        let object = try #require(JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
        for key in ["services", "teams"] {
            let rows = try #require(object[key] as? [[String: Any]])
            let figures = try #require(rows.first?["figures"] as? [String: Any])
            for field in ["series", "samplesPerSecond", "logGBPerDay", "monthlyCost"] { #expect(figures[field] != nil, "\(key).\(field)") }
        }
        #expect(file.contents.contains("\"total\" : 91.28"))
    }
}
