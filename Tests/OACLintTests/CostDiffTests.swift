import Foundation
import OACCompiler
import OACLint
import OACModel
import OACRender
import OACTestSupport
import Testing

/// `CostDiff` (Sources/OACLint/CostDiff.swift): what a change does to the estimate, as `oac lint` reports it against a base catalog.
@Suite("Cost diff")
struct CostDiffTests {
    static let model: Model? = Compiler.check(Repository.catalog("catalog/example")).model

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
        // 9,216 series × $7.20 per thousand = $66.3552; services are priced to the cent before the difference is taken:
        // bert-model-serving's 15,156 series cost $109.12 (109.1232), with 24,372 $175.48 (175.4784): +$66.36.
        #expect(
            diff.lines() == [
                "+9,216 series, +$66.36/month in total",
                "+9,216 series, +$66.36/month, team ml-platform",
                "+9,216 series, +$66.36/month, service bert-model-serving (http_requests_total +9,216 series)"
            ])
        #expect(CostDiff.between(base: base, head: base).lines() == ["no change in series or cost"])
    }
}
