import Foundation
import OACModel
import OACTestSupport
import Testing

/// A live topology on loopback for the end-to-end tests (TopologyEndToEndTests, TopologyRegionTargetsEndToEndTests,
/// DashboardLiveTests): a catalog compiled with `oac compile`, one real Prometheus server per shard on the shard's
/// loopback address and one global server, each started with the config oac generated for it and ready before
/// `start` returns. `stop()` (call it in a `defer`) stops every server and removes the work folder.
final class LiveTopology {
    /// Every wait of the live tests, in one place. Each is the deadline of a poll for a condition (which returns as
    /// soon as the condition holds), never a time within which something must happen: generous on purpose, so
    /// that a busy 2-core machine (the suite in parallel, `stress-ng --cpu 2`) cannot fail them by chance (issue 22).
    enum Wait {
        /// Until a server answers `/-/ready`.
        static let ready: TimeInterval = 120
        /// Until a shard scrapes its targets (`up == 1`).
        static let scraped: TimeInterval = 120
        /// Until the global server has scraped a plain target (the Alertmanager's `/metrics`).
        static let globalScrape: TimeInterval = 60
        /// Until recorded series have reached the global server through federation and its rules.
        static let federated: TimeInterval = 240
        /// Until the slow SLO rule group (attainment, budget, info; every 2m) has run once.
        static let slowGroup: TimeInterval = 300
        /// Until every dashboard panel that should have data has it (one deadline for all the panels).
        static let panels: TimeInterval = 360
        /// Until an outage's page alert fires on the global server.
        static let alert: TimeInterval = 420
        /// After the slow group's first run, before the panels are read (the panels are polled after it anyway).
        static let settle: TimeInterval = 30
        /// Between two queries of a `PrometheusProcess.poll`.
        static let pollInterval: TimeInterval = 0.5
        /// Between two queries of one dashboard panel.
        static let panelInterval: TimeInterval = 5
    }

    /// One shard's server: the folder of its generated config under `prometheus/` and the loopback host it
    /// listens on (all shards share one port).
    struct Shard {
        var folder: String
        var host: String
    }

    /// The two shards of region `lab` that a catalog's `address: "127.0.1{shard}.1:<shardPort>"` names.
    static let labTwoShards = [Shard(folder: "lab/shard-0", host: "127.0.10.1"), Shard(folder: "lab/shard-1", host: "127.0.11.1")]

    let work: URL
    /// Where `oac compile` wrote the tree.
    let out: URL
    let shardPort: Int
    let globalAddress: String
    /// The shards' servers, in the order of `start`'s `shards`.
    let shards: [PrometheusProcess]
    let global: PrometheusProcess

    private init(work: URL, out: URL, shardPort: Int, globalAddress: String, shards: [PrometheusProcess], global: PrometheusProcess) {
        self.work = work
        self.out = out
        self.shardPort = shardPort
        self.globalAddress = globalAddress
        self.shards = shards
        self.global = global
    }

    /// The shards' servers, then the global one.
    var servers: [PrometheusProcess] { shards + [global] }

    /// Picks one port free on every shard host and a global address on 127.0.0.1, writes `catalog(shardPort,
    /// globalAddress)`, compiles it, starts the shards and the global server, and waits until each is ready.
    /// Whatever fails on the way stops what was started and removes the work folder.
    static func start(
        prometheus: URL, workPrefix: String, shards: [Shard], catalog: (_ shardPort: Int, _ globalAddress: String) throws -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> LiveTopology {
        let work = try TestSupport.temporaryDirectory(workPrefix)
        var started: [PrometheusProcess] = []
        do {
            let shardPort = try MetricsServer.freePort(on: shards.map(\.host))
            let globalAddress = "127.0.0.1:\(try MetricsServer.freePort(on: ["127.0.0.1"]))"
            let catalogFile = work.appendingPathComponent("catalog.yaml")
            try Data(try catalog(shardPort, globalAddress).utf8).write(to: catalogFile)
            let out = work.appendingPathComponent("out")
            let compile = try TestSupport.oac(["compile", catalogFile.path, "--out", out.path])
            try #require(compile.status == 0, "\(compile.stderr)", sourceLocation: sourceLocation)

            for shard in shards {
                started.append(
                    try PrometheusProcess(
                        binary: prometheus, config: out.appendingPathComponent("prometheus/\(shard.folder)/prometheus.yml"),
                        address: "\(shard.host):\(shardPort)",
                        storage: work.appendingPathComponent("tsdb-" + shard.folder.replacingOccurrences(of: "/", with: "-"))))
            }
            let global = try PrometheusProcess(
                binary: prometheus, config: out.appendingPathComponent("prometheus/global/prometheus.yml"),
                address: globalAddress, storage: work.appendingPathComponent("tsdb-global"))
            started.append(global)
            for s in started {
                try #require(s.waitReady(timeout: Wait.ready), "Prometheus on \(s.address) did not start:\n\(s.logText)", sourceLocation: sourceLocation)
            }
            return LiveTopology(
                work: work, out: out, shardPort: shardPort, globalAddress: globalAddress, shards: Array(started.dropLast()), global: global)
        } catch {
            for s in started { s.stop() }
            try? FileManager.default.removeItem(at: work)
            throw error
        }
    }

    /// Stops every server and removes the work folder.
    func stop() {
        for s in servers { s.stop() }
        try? FileManager.default.removeItem(at: work)
    }

    /// The catalog every live test compiles (CatalogBuilder's prelude, changed as follows): Platform `name`, which
    /// scrapes and evaluates every second, with `regions` (flow maps, one a region), a federating global server at
    /// `globalAddress`, one tier `test`, the further `spec:` lines `platform`, and `alerting:` with the lines
    /// `alerting` and one page burn-rate window of 5s/30s (shorter than the 1h SLO window, so that an outage pages
    /// within a minute or two, and still 5 × the scrape interval); team `lab`, paged through PagerDuty; and service
    /// `checkout` (job `checkout`) of `lab` with the `spec:` lines `service` (its targets, metrics, logs …), the SLO
    /// `availability` (90 % over 1h: `http_requests_total` with a 5xx status is bad) and then the SLOs `moreSLOs`.
    /// All lines are given unindented.
    static func catalog(
        name: String, regions: [String], globalAddress: String, platform: [String] = [], alerting: [String] = [], service: String,
        moreSLOs: String = ""
    ) -> String {
        var builder = CatalogBuilder()
        builder.platformName = name
        return
            builder
            .prometheus(#"{version: "2.42", scrapeInterval: 1s, evaluationInterval: 1s}"#)
            .retentionTiers("[{name: test, metrics: {local: 1d}, logs: 1d}]")
            .platform("regions:\n" + regions.map { "  - " + $0 }.joined(separator: "\n"))
            .platform(#"global: {mode: federation, address: "\#(globalAddress)", retention: 2h}"#)
            .platform(
                (platform + ["alerting:"] + alerting.map { "  " + $0 } + [
                    "  burnRateWindows:", "    - {severity: page, short: 5s, long: 30s, budgetPercent: 2}"
                ])
                .joined(separator: "\n")
            )
            .teams([("lab", "page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/lab}}")])
            .service(
                "checkout", owner: "lab", tier: "test",
                """
                type: api
                job: checkout
                runbook: https://runbooks.example.com/checkout
                \(service)
                slos:
                  - name: availability
                    objective: 90
                    window: 1h
                    sli:
                      events:
                        bad: 'http_requests_total{job="checkout",status=~"5.."}'
                        total: 'http_requests_total{job="checkout"}'
                \(moreSLOs)
                """
            ).text
    }

    /// `targets: {static: [...]}` for a catalog's Service, one quoted address each.
    static func staticTargets(_ addresses: [String]) -> String {
        "targets:\n  static: [\(addresses.map { "\"\($0)\"" }.joined(separator: ", "))]"
    }

    /// Synthetic targets, one `MetricsServer` each serving `exposition(counters)`, until there are at least four
    /// and hashmod (on the random ports) puts at least one on each of two shards; at most 15.
    static func targetsOnTwoShards<Counters: Sendable>(
        counters: (_ index: Int) -> Counters, exposition: @escaping @Sendable (Counters) -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [(server: MetricsServer, counters: Counters)] {
        var targets: [(server: MetricsServer, counters: Counters)] = []
        do {
            while targets.count < 4 || Set(targets.map { Hashmod.shard(of: $0.server.address, modulus: 2) }).count < 2 {
                let c = counters(targets.count)
                targets.append((try MetricsServer { exposition(c) }, c))
                try #require(targets.count < 16, "hashmod put 16 random ports on one shard", sourceLocation: sourceLocation)
            }
        } catch {
            for t in targets { t.server.stop() }
            throw error
        }
        return targets
    }
}
