import Foundation
import OACModel
import OACTestSupport
import Testing

/// `Topology` (Sources/OACModel/Topology.swift): which Prometheus servers a platform runs, what each keeps and
/// where SLOs are evaluated — on the hand catalog (regions r1 with 2 shards and r2 with `auto`, a federation
/// global at p-global:9090 keeping 40d, one service `a` on tier `t` with local 10d and raw 90d).
@Suite("Topology")
struct TopologyTests {
    static func plan(_ yaml: String = HandCatalog.text) throws -> (Model, Topology) {
        let model = try CatalogBuilder.model(yaml)
        return (model, Topology.plan(model, estimate: CostEstimate.estimate(model)))
    }

    @Test("a federation runs each region's shards, numbered into the address pattern, and one global server")
    func federationShards() throws {
        let (_, topology) = try Self.plan()
        #expect(topology.layout == .global(.federation))
        // r1: 2 shards as written; r2: auto = ceil(165 series / 1000 per shard) = 1.
        #expect(
            topology.shards.map { "\($0.region ?? "-")/\($0.index) of \($0.count) at \($0.address ?? "-")" } == [
                "r1/0 of 2 at p-r1-0:9090", "r1/1 of 2 at p-r1-1:9090", "r2/0 of 1 at p-r2-0:9090"
            ])
        #expect(topology.shards.allSatisfy { $0.services == ["a"] })
        #expect(topology.globalAddress == "p-global:9090")
    }

    @Test("shards keep the tier's local retention; the global server keeps spec.global.retention")
    func retentions() throws {
        let (_, topology) = try Self.plan()
        // The platform sets no prometheus.retention, so a shard keeps its services' longest local: 10d.
        #expect(topology.shards.allSatisfy { $0.retention == .days(10) })
        #expect(topology.globalRetention == .days(40))
    }

    @Test(
        "SLOs look back over the global server's retention in a federation and the tier's raw one with Thanos or Mimir",
        arguments: [("federation", 40), ("thanos", 90), ("mimir", 90)])
    func evaluationRetention(mode: String, days: Int64) throws {
        // Thanos mode needs Alertmanagers (its ruler evaluates every alert).
        let (model, _) = try Self.plan(
            HandCatalog.text.replacingOccurrences(of: "mode: federation", with: "mode: \(mode)")
                .replacingOccurrences(of: "  alerting:\n", with: "  alerting:\n    alertmanagers: [\"am-0:9093\"]\n"))
        #expect(Topology.evaluationRetention(model, service: model.services[0]) == .days(days))
    }

    @Test("without a global section one Prometheus, its region's shard 0, scrapes and evaluates everything")
    func single() throws {
        let catalog = CatalogBuilder()
            .platform(#"regions: [{name: eu, shards: 1, address: "prom-eu-{shard}:9090"}]"#)
            .service("api", "targets: {static: [\"10.0.0.1:8080\"]}")
        let model = try catalog.model()
        let topology = Topology.plan(model, estimate: CostEstimate.estimate(model))
        #expect(topology.isSingle)
        #expect(
            topology.shards.map { "\($0.region ?? "-")/\($0.index) at \($0.address ?? "-") with \($0.services)" }
                == [#"eu/0 at prom-eu-0:9090 with ["api"]"#])
        #expect(topology.globalAddress == "prom-eu-0:9090")
        // The standard prelude's prometheus.retention, 40d, wins over the tier's local 15d.
        #expect(topology.globalRetention == .days(40))
        #expect(Topology.evaluationRetention(model, service: model.services[0]) == .days(40))
    }

    @Test("static targets go to the shard Prometheus' hashmod picks, and all to shard 0 when there is one")
    func assignments() {
        // Shards from shared/tools/hashmod_shards.py (see HashmodTests): 10.0.0.1 → 0, 10.0.0.2 → 1, 10.0.0.3 → 2.
        let targets = ["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"]
        #expect(Topology.assignments(targets, shards: 3).map(\.shard) == [0, 1, 2])
        #expect(Topology.assignments(targets, shards: 1).map(\.shard) == [0, 0, 0])
    }
}
