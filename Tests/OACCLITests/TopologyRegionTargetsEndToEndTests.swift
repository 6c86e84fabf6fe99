import Foundation
import OACTestSupport
import Testing

/// Static targets per region on real Prometheus servers: two regions of one shard each and the global one, on
/// loopback, and a service with one static target in each region. Each region scrapes only its own target, so
/// the global SLO counts every event once (issue 16, item 7: with one list for both regions, both regions
/// scraped both targets and every event was counted twice).
@Suite("Topology end to end: targets per region", .serialized)
struct TopologyRegionTargetsEndToEndTests {
    /// A target serving `rate` requests a second, `errorRatio` of them errors.
    final class Counters: @unchecked Sendable {
        private let lock = NSLock()
        private let rate: Double
        private let errorRatio: Double
        private var good = 0.0, bad = 0.0
        private var last = Date()

        init(rate: Double, errorRatio: Double) {
            self.rate = rate
            self.errorRatio = errorRatio
        }

        func exposition() -> String {
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            let dt = now.timeIntervalSince(last)
            last = now
            good += dt * rate * (1 - errorRatio)
            bad += dt * rate * errorRatio
            return """
                # HELP http_requests_total Requests by status.
                # TYPE http_requests_total counter
                http_requests_total{status="200"} \(good)
                http_requests_total{status="500"} \(bad)

                """
        }
    }

    static let hosts = ["west": "127.0.20.1", "east": "127.0.21.1"]

    static func catalog(port: Int, global: String, west: String, east: String) -> String {
        LiveTopology.catalog(
            name: "e2e-regions",
            regions: [#"{name: west, shards: 1, address: "\#(hosts["west"]!):\#(port)"}"#, #"{name: east, shards: 1, address: "\#(hosts["east"]!):\#(port)"}"#],
            globalAddress: global,
            service: """
                targets:
                  static:
                    west: ["\(west)"]
                    east: ["\(east)"]
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 2}}
                """)
    }

    /// Whether `value` is within 3 % of `expected`.
    static func near(_ value: Double?, _ expected: Double) -> Bool { value.map { abs($0 - expected) <= 0.03 * expected } ?? false }

    @Test("each region scrapes only its own static target, and the global SLO counts every event once", .requires(.prometheus), .timeLimit(.minutes(5)))
    func regionTargets() throws {
        let prometheus = try ExternalTool.prometheus.require()

        // By hand: west serves 30 requests/s, 10 % errors (3 bad/s); east 10/s, 50 % errors (5 bad/s). Counted
        // once, west's SLI has the ratio 0.1, east's 0.5, west 3 times east's events, and the fleet (3 + 5) / 40
        // = 0.2. Had both regions scraped both targets, each region would see 40/s at 0.2 (and the fleet 80/s).
        let westCounters = Counters(rate: 30, errorRatio: 0.1)
        let eastCounters = Counters(rate: 10, errorRatio: 0.5)
        let west = try MetricsServer { westCounters.exposition() }
        defer { west.stop() }
        let east = try MetricsServer { eastCounters.exposition() }
        defer { east.stop() }

        let regions = Self.hosts.keys.sorted()
        let topology = try LiveTopology.start(
            prometheus: prometheus, workPrefix: "oac-e2e-regions",
            shards: regions.map { LiveTopology.Shard(folder: "\($0)/shard-0", host: Self.hosts[$0]!) }
        ) { port, globalAddress in
            Self.catalog(port: port, global: globalAddress, west: west.address, east: east.address)
        }
        defer { topology.stop() }
        let servers = Dictionary(uniqueKeysWithValues: zip(regions, topology.shards))
        let global = topology.global

        // 1. Each region's server scrapes its own target and not the other region's.
        for (region, target) in [("west", west.address), ("east", east.address)] {
            let shard = servers[region]!
            let up = shard.poll(#"up{job="checkout"} == 1"#, timeout: LiveTopology.Wait.scraped) { Set($0.compactMap { $0.labels["instance"] }) == [target] }
            #expect(Set((up ?? []).compactMap { $0.labels["instance"] }) == [target], "\(region)")
            #expect(Set((shard.query(#"up{job="checkout"}"#) ?? []).compactMap { $0.labels["instance"] }) == [target], "\(region)")
        }

        // 2. The global server holds one SLI per region, each from its own target: west's error ratio 3/30 = 0.1,
        // east's 5/10 = 0.5, and west's events 3 times east's (30/s against 10/s). Had both regions scraped both
        // targets, both ratios would be 0.2 and the totals equal. (Ratios, not rates: a 5m rate of a series
        // younger than 5 minutes reads low by the same factor on every series.)
        func byRegion(_ samples: [PrometheusProcess.Sample]) -> [String: Double] {
            Dictionary(samples.map { ($0.labels["region"] ?? "", $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        let regionRatios = global.poll(
            #"oac_sli:bad_events:rate5m{service="checkout"} / oac_sli:total_events:rate5m{service="checkout"}"#, timeout: LiveTopology.Wait.federated
        ) { r in
            let v = byRegion(r)
            return r.count == 2 && abs((v["west"] ?? -1) - 0.1) < 0.01 && abs((v["east"] ?? -1) - 0.5) < 0.01
        }
        let ratios = byRegion(regionRatios ?? [])
        #expect(regionRatios?.count == 2 && abs((ratios["west"] ?? -1) - 0.1) < 0.01 && abs((ratios["east"] ?? -1) - 0.5) < 0.01, "\(ratios)")
        let totals = byRegion(
            global.poll(#"oac_sli:total_events:rate5m{service="checkout"}"#, timeout: LiveTopology.Wait.federated) { r in
                let v = byRegion(r)
                return r.count == 2 && Self.near((v["west"] ?? 0) / max(v["east"] ?? 1, 1e-9), 3)
            } ?? [])
        #expect(totals.count == 2 && Self.near((totals["west"] ?? 0) / max(totals["east"] ?? 1, 1e-9), 3), "\(totals)")

        // 3. The SLO adds the two regions once each, with the fleet's error ratio (3 + 5) / (30 + 10) = 0.2.
        let sum = global.poll(
            #"oac_slo:total_events:rate5m{service="checkout",slo="availability"} / scalar(sum(oac_sli:total_events:rate5m{service="checkout"}))"#,
            timeout: LiveTopology.Wait.federated
        ) { r in r.count == 1 && abs(r[0].value - 1) < 0.02 }
        #expect(sum?.count == 1 && abs((sum?.first?.value ?? -1) - 1) < 0.02, "SLO total / Σ regions: \(sum ?? [])")
        let ratioQuery =
            #"oac_slo:bad_events:rate5m{service="checkout",slo="availability"} / oac_slo:total_events:rate5m{service="checkout",slo="availability"}"#
        let ratio = global.poll(ratioQuery, timeout: LiveTopology.Wait.federated) { r in r.count == 1 && abs(r[0].value - 0.2) < 0.01 }
        #expect(ratio?.count == 1 && abs((ratio?.first?.value ?? -1) - 0.2) < 0.01, "ratio \(ratio ?? [])")
    }
}
