import Foundation

/// A deterministic, seeded generator of realistic catalogs for benchmarks: N services with 3 SLOs of mixed
/// kinds, 5–8 metrics (counters, histograms, gauges), 2 regions, log streams and 20 teams.
public struct SyntheticCatalog {
    public var services: Int
    public var teams: Int
    public var seed: UInt64
    /// Whether each service has the freshness SLO (a threshold SLI). The rule-evaluation benchmark leaves it out:
    /// Sloth, which it compares with, only expresses ratio SLIs.
    public var thresholdSLOs: Bool

    public init(services: Int, teams: Int = 20, seed: UInt64 = 42, thresholdSLOs: Bool = true) {
        self.services = services
        self.teams = teams
        self.seed = seed
        self.thresholdSLOs = thresholdSLOs
    }

    /// A small, fast, portable PRNG (SplitMix64): the same seed gives the same catalog everywhere.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        /// Uniform in [range.lowerBound, range.upperBound), from the top 53 bits.
        mutating func double(_ range: Range<Double>) -> Double {
            range.lowerBound + Double(next() >> 11) / Double(UInt64(1) << 53) * (range.upperBound - range.lowerBound)
        }
    }

    static let types = ["api", "model-serving", "llm-serving", "pipeline", "batch"]
    static let tiers = ["gold", "silver", "bronze"]
    static let objectives = ["99", "99.5", "99.9", "99.95"]

    /// File name → YAML text: one platform file, one file of teams, one file per 100 services.
    public func files() -> [(name: String, contents: String)] {
        var rnd = Random(state: seed)
        var out: [(String, String)] = [("platform.yaml", platform()), ("teams.yaml", teamsFile())]
        var chunk = ""
        var chunkIndex = 0
        for i in 0..<services {
            chunk += service(i, &rnd).text
            if (i + 1) % 100 == 0 || i == services - 1 {
                out.append((String(format: "services/services-%04d.yaml", chunkIndex), chunk))
                chunk = ""
                chunkIndex += 1
            }
        }
        return out
    }

    /// Writes the catalog under `directory`.
    public func write(to directory: URL) throws {
        for (name, text) in files() {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func platform() -> String {
        """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: synthetic}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, seriesPerShard: 2000000}
          regions:
            - {name: us-east, shards: auto, address: "prometheus-us-east-{shard}.monitoring:9090"}
            - {name: eu-west, shards: auto, address: "prometheus-eu-west-{shard}.monitoring:9090"}
          global: {mode: federation, address: "prometheus-global.monitoring:9090", retention: 400d}
          retentionTiers:
            - {name: gold, metrics: {local: 15d, raw: 90d, downsampled5m: 1y, downsampled1h: 2y}, logs: 90d}
            - {name: silver, metrics: {local: 15d, raw: 30d, downsampled5m: 180d, downsampled1h: 1y}, logs: 30d}
            - {name: bronze, metrics: {local: 15d, raw: 30d, downsampled5m: 90d, downsampled1h: 180d}, logs: 14d}
          alerting: {minEventsPerHour: 60, owner: team-00}

        """
    }

    func teamsFile() -> String {
        (0..<teams).map { t in
            """
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: \(String(format: "team-%02d", t))}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/team-\(t)-pd}}
              ticket: {slack: {channel: "#team-\(t)", apiURLFile: /etc/alertmanager/secrets/slack}}

            """
        }.joined()
    }

    /// One SLO of the catalog, as a snapshot of it needs it.
    public struct SLO: Sendable, Hashable {
        public var service: String
        public var name: String
        /// Percent, as the catalog writes it (`99.9`).
        public var objective: String
        /// A threshold SLI: its events are seconds of evaluation, not requests.
        public var threshold: Bool
        /// The regions (each a shard of the global view) that record it.
        public var regions: Int
    }

    /// Every SLO of the catalog, in catalog order: the same random draws as `files()`.
    public func slos() -> [SLO] {
        var rnd = Random(state: seed)
        var out: [SLO] = []
        for i in 0..<services {
            let drawn = service(i, &rnd)
            let name = Self.serviceName(i)
            let regions = i % 4 == 0 ? 1 : 2
            out.append(SLO(service: name, name: "availability", objective: drawn.objective, threshold: false, regions: regions))
            out.append(SLO(service: name, name: "latency", objective: "99", threshold: false, regions: regions))
            if thresholdSLOs {
                out.append(SLO(service: name, name: "freshness", objective: "99", threshold: true, regions: regions))
            }
        }
        return out
    }

    static func serviceName(_ i: Int) -> String { String(format: "svc-%05d", i) }

    func service(_ i: Int, _ rnd: inout Random) -> (text: String, objective: String) {
        let name = Self.serviceName(i)
        let team = String(format: "team-%02d", i % teams)
        let tier = Self.tiers[i % 3]
        let type = Self.types[i % Self.types.count]
        let regions = i % 4 == 0 ? "[us-east]" : "[us-east, eu-west]"
        let extraMetrics = rnd.int(2...5)
        var metrics = """
                  - {name: http_requests_total, type: counter, labels: {route: \(rnd.int(3...20)), code: \(rnd.int(3...8))}}
                  - {name: http_request_duration_seconds, type: histogram, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5], labels: {route: \(rnd.int(3...20))}}
                  - {name: queue_last_success_timestamp_seconds, type: gauge}

            """
        for m in 0..<extraMetrics {
            switch m % 3 {
            case 0: metrics += "      - {name: worker_jobs_\(m)_total, type: counter, labels: {status: \(rnd.int(2...4))}}\n"
            case 1: metrics += "      - {name: worker_batch_\(m)_size, type: histogram, buckets: [1, 4, 16, 64], labels: {model: \(rnd.int(1...4))}}\n"
            default: metrics += "      - {name: worker_memory_\(m)_bytes, type: gauge, labels: {pool: \(rnd.int(1...3))}}\n"
            }
        }
        let objective = rnd.pick(Self.objectives)
        let text = """
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: \(name)}
            spec:
              owner: \(team)
              tier: \(tier)
              type: \(type)
              regions: \(regions)
              runbook: https://runbooks.example.com/\(name)
              targets: {kubernetes: {namespace: ns-\(i % 50), selector: "app=\(name)"}}
              instances: \(rnd.int(2...12))
              metrics:
            \(metrics)  logs:
                - {selector: '{app="\(name)"}', volumePerDay: \(rnd.int(1...40))GB}
              slos:
                - name: availability
                  objective: \(objective)
                  sli:
                    events:
                      bad: 'http_requests_total{job="\(name)",code=~"5.."}'
                      total: 'http_requests_total{job="\(name)"}'
                - name: latency
                  objective: 99
                  sli:
                    latency:
                      histogram: 'http_request_duration_seconds{job="\(name)"}'
                      threshold: \(rnd.pick(["250ms", "500ms", "1s"]))
            \(thresholdSLOs ? freshness(name, &rnd) : "")
            """
        return (text, objective)
    }

    func freshness(_ name: String, _ rnd: inout Random) -> String {
        """
            - name: freshness
              objective: 99
              window: 7d
              sli:
                threshold:
                  query: 'time() - max(queue_last_success_timestamp_seconds{job="\(name)"})'
                  op: "<="
                  value: \(rnd.int(1...6) * 1800)
              alerting: {page: false}

        """
    }
}
