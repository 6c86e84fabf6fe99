import Foundation
import OACModel
import OACTestSupport
import Testing

/// Compiles a two-shard, one-region catalog, runs the generated configs on real Prometheus servers
/// (two shards and the global one) against synthetic targets served from this process, and checks what the
/// topology promises: each target on exactly one shard, only SLI aggregates federated, the SLO ratio equal to
/// the injected error ratio, and the page alert firing on the global server during an outage.
@Suite("Topology end to end", .serialized)
struct TopologyEndToEndTests {
    /// Counters of one synthetic target: 20 requests a second, a share of them errors.
    final class SyntheticTarget: @unchecked Sendable {
        private let lock = NSLock()
        private var errorRatio: Double
        private var good = 0.0, bad = 0.0
        private var last = Date()
        static let requestsPerSecond = 20.0
        /// A gauge of this target, different on each target (10, 20, 30, …), for the fleet-wide threshold SLO.
        let workers: Int

        init(errorRatio: Double, workers: Int) {
            self.errorRatio = errorRatio
            self.workers = workers
        }

        func setErrorRatio(_ r: Double) {
            lock.lock()
            advance()
            errorRatio = r
            lock.unlock()
        }

        private func advance() {
            let now = Date()
            let dt = now.timeIntervalSince(last)
            last = now
            good += dt * Self.requestsPerSecond * (1 - errorRatio)
            bad += dt * Self.requestsPerSecond * errorRatio
        }

        func exposition() -> String {
            lock.lock()
            defer { lock.unlock() }
            advance()
            return """
                # HELP http_requests_total Requests by status.
                # TYPE http_requests_total counter
                http_requests_total{status="200"} \(good)
                http_requests_total{status="500"} \(bad)
                # HELP checkout_workers Workers ready.
                # TYPE checkout_workers gauge
                checkout_workers \(workers)

                """
        }
    }

    static let injectedErrorRatio = 0.05

    static func catalog(shardPort: Int, globalAddress: String, targets: [String], workersAtLeast: Int) -> String {
        // Two loopback addresses, one port: {shard} picks the address.
        LiveTopology.catalog(
            name: "e2e", regions: [#"{name: lab, shards: 2, address: "127.0.1{shard}.1:\#(shardPort)"}"#], globalAddress: globalAddress,
            service: LiveTopology.staticTargets(targets) + "\n" + """
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 2}}
                  - {name: checkout_workers, type: gauge}
                """,
            // Fleet-wide: more than either shard's share, at most the fleet's sum.
            moreSLOs: """
                  - name: workers
                    objective: 90
                    window: 1h
                    sli:
                      threshold: {query: 'sum(checkout_workers{job="checkout"})', op: ">=", value: \(workersAtLeast)}
                """)
    }

    @Test("shards split the targets, the global server sees only aggregates, and an outage pages", .requires(.prometheus), .timeLimit(.minutes(5)))
    func liveTopology() throws {
        let prometheus = try ExternalTool.prometheus.require()

        // Synthetic targets until both shards have at least one (hashmod decides; ports are random).
        let targets = try LiveTopology.targetsOnTwoShards(
            counters: { i in SyntheticTarget(errorRatio: Self.injectedErrorRatio, workers: 10 * (i + 1)) }, exposition: { $0.exposition() })
        defer { for t in targets { t.server.stop() } }
        let addresses = targets.map(\.server.address)

        // The workers each shard sees, by hand: the sum over the targets hashmod gives it. The SLO asks for one
        // more than the larger share, so each shard's partial sum fails it and only the fleet's sum passes.
        let shardWorkers = (0..<2).map { i in
            targets.filter { Hashmod.shard(of: $0.server.address, modulus: 2) == i }.map(\.counters.workers).reduce(0, +)
        }
        let fleetWorkers = shardWorkers.reduce(0, +)
        let workersAtLeast = shardWorkers.max()! + 1
        try #require(workersAtLeast <= fleetWorkers)

        // Compile, then start the shards and the global server with the generated configs; stop them whatever happens.
        let topology = try LiveTopology.start(
            prometheus: prometheus, workPrefix: "oac-e2e",
            shards: LiveTopology.labTwoShards
        ) { shardPort, globalAddress in
            Self.catalog(shardPort: shardPort, globalAddress: globalAddress, targets: addresses, workersAtLeast: workersAtLeast)
        }
        defer { topology.stop() }
        let shards = topology.shards
        let global = topology.global

        // 1. Every target is up on exactly the shard hashmod predicts, and on no other.
        for (i, shard) in shards.enumerated() {
            let expected = Set(addresses.filter { Hashmod.shard(of: $0, modulus: 2) == i })
            let up = shard.poll(#"up{job="checkout"} == 1"#, timeout: LiveTopology.Wait.scraped) { Set($0.compactMap { $0.labels["instance"] }) == expected }
            #expect(Set((up ?? []).compactMap { $0.labels["instance"] }) == expected, "shard \(i)")
            let all = shard.query(#"up{job="checkout"}"#) ?? []
            #expect(Set(all.compactMap { $0.labels["instance"] }) == expected, "shard \(i) has no target of the other shard")
        }

        // 2. The global SLO error ratio equals the injected one.
        let ratioQuery =
            #"oac_slo:bad_events:rate5m{service="checkout",slo="availability"} / oac_slo:total_events:rate5m{service="checkout",slo="availability"}"#
        let ratio = global.poll(ratioQuery, timeout: LiveTopology.Wait.federated) { r in
            r.count == 1 && abs(r[0].value - Self.injectedErrorRatio) < 0.005
        }
        #expect(
            ratio?.count == 1 && abs((ratio?.first?.value ?? -1) - Self.injectedErrorRatio) < 0.005,
            "global error ratio \(String(describing: ratio?.first?.value)), injected \(Self.injectedErrorRatio)")

        // 3. The global server holds SLI aggregates from both shards and no raw series of the service.
        // Poll: under load one shard's first federation can lag behind the other's.
        let sli =
            global.poll(#"oac_sli:total_events:rate5m{service="checkout"}"#, timeout: LiveTopology.Wait.federated) {
                Set($0.compactMap { $0.labels["shard"] }) == ["0", "1"]
            } ?? []
        #expect(Set(sli.compactMap { $0.labels["shard"] }) == ["0", "1"])
        #expect(Set(sli.compactMap { $0.labels["region"] }) == ["lab"])
        let raw = global.query(#"{__name__=~"http_requests_total|http_requests_total_.*"}"#)
        #expect(raw != nil && raw!.isEmpty, "raw series reached the global server: \(raw ?? [])")
        let checkoutJob = global.query(#"count({job="checkout"})"#)
        #expect(checkoutJob != nil && checkoutJob!.isEmpty)

        // 4. The fleet-wide threshold: each shard federates its partial sum, the global server merges them and
        // judges the fleet's sum (every slice good), where per-shard verdicts would have said every slice bad.
        let parts = global.poll(#"oac_sli:threshold:part{service="checkout",slo="workers"}"#, timeout: LiveTopology.Wait.federated) {
            Dictionary($0.map { ($0.labels["shard"] ?? "", $0.value) }, uniquingKeysWith: { a, _ in a })
                == ["0": Double(shardWorkers[0]), "1": Double(shardWorkers[1])]
        }
        #expect(
            Set((parts ?? []).map { "\($0.labels["shard"] ?? "?")=\($0.value)" })
                == ["0=\(Double(shardWorkers[0]))", "1=\(Double(shardWorkers[1]))"], "parts \(parts ?? [])")
        let verdict = global.poll(
            #"oac_slo:total_events:rate5m{service="checkout",slo="workers"} - oac_slo:bad_events:rate5m{service="checkout",slo="workers"}"#,
            timeout: LiveTopology.Wait.federated
        ) { $0.count == 1 && $0[0].value == 1 }
        #expect(verdict?.first?.value == 1, "fleet \(fleetWorkers) >= \(workersAtLeast) is a good slice; got \(verdict ?? [])")

        // 5. An outage (every request fails) fires the page alert on the global server.
        for t in targets { t.counters.setErrorRatio(1) }
        let alerts = global.poll(
            #"ALERTS{alertname="SLOBurnRate",alertstate="firing",service="checkout",severity="page"}"#,
            timeout: LiveTopology.Wait.alert
        ) { !$0.isEmpty }
        #expect(alerts?.isEmpty == false, "SLOBurnRate did not fire; global log:\n\(global.logText)")
        if let a = alerts?.first {
            #expect(a.labels["slo"] == "availability")
            #expect(a.labels["team"] == "lab")
            #expect(a.labels["tier"] == "test")
        }
    }
}
