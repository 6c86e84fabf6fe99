import Foundation
import OACModel
import OACPromQL
import OACRender
import Testing
import Yams

@Suite("Loki runtime overrides")
struct LokiOverridesTests {
    /// Per-tenant keys of Loki v3.7.6's `Limits` (from pkg/validation/limits.go): Loki refuses a runtime
    /// config with any other key.
    static func knownKeys() throws -> Set<String> {
        Set(try RenderTestSupport.fixture("loki-limits-keys.v3.7.6.txt").split(separator: "\n").map(String.init))
    }

    static func exampleModel() throws -> Model {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("catalog/example")
        var text = ""
        for name in try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".yaml") {
            text += "---\n" + (try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) + "\n"
        }
        return try RenderTestSupport.model(text)
    }

    static func overrides(_ model: Model) throws -> [String: [String: Any]] {
        let files = LokiOverridesRenderer.render(model)
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect(file.path == "loki/runtime-overrides.yaml")
        let doc = try #require(try Yams.load(yaml: file.contents) as? [String: Any])
        #expect(Set(doc.keys) == ["overrides"])
        return try #require(doc["overrides"] as? [String: [String: Any]])
    }

    @Test("every key is one Loki 3 knows, with the right kind of value")
    func knownKeysOnly() throws {
        let keys = try Self.knownKeys()
        for (tenant, limits) in try Self.overrides(try Self.exampleModel()) {
            for key in limits.keys { #expect(keys.contains(key), "\(tenant).\(key) is not a Loki limit") }
            #expect(limits["ingestion_rate_mb"] is Double || limits["ingestion_rate_mb"] is Int)
            #expect(limits["ingestion_burst_size_mb"] is Double || limits["ingestion_burst_size_mb"] is Int)
            if let p = limits["retention_period"] { #expect(PromDuration(parsing: "\(p)") != nil) }
        }
    }

    @Test("one tenant per team with services, named by lokiTenant")
    func tenants() throws {
        #expect(Set(try Self.overrides(try Self.exampleModel()).keys) == ["team-data", "team-llm", "team-ml"])
        let hand = try Self.overrides(try RenderTestSupport.model(RenderTestSupport.handCatalog))
        #expect(Set(hand.keys) == ["tenant-one"])  // t2 owns nothing
    }

    @Test("rates come from the declared volume with headroom")
    func rates() throws {
        // 2.5 GB/day in each region = 28.9 KB/s ≈ 0.028 MiB/s; × 3 peak = 0.083 → the 1 MB/s floor; burst 2 × rate.
        let hand = try Self.overrides(try RenderTestSupport.model(RenderTestSupport.handCatalog))["tenant-one"]!
        #expect("\(hand["ingestion_rate_mb"]!)" == "1")
        #expect("\(hand["ingestion_burst_size_mb"]!)" == "2")
        // llm-infra: 35 + 60 GB/day in each of its 2 regions, each with its own Loki: the limit is one region's,
        // 95e9 / 86400 / 2^20 = 1.04860 MiB/s × 3 = 3.1458 → 3.15 (rounded up); never the 2-region sum (6.3).
        let llm = try Self.overrides(try Self.exampleModel())["team-llm"]!
        #expect("\(llm["ingestion_rate_mb"]!)" == "3.15")
        #expect("\(llm["ingestion_burst_size_mb"]!)" == "6.3")
    }

    @Test("streams kept for another period than the tenant get retention_stream rules of at least 24h")
    func streams() throws {
        let hand = try Self.overrides(try RenderTestSupport.model(RenderTestSupport.handCatalog))["tenant-one"]!
        #expect("\(hand["retention_period"]!)" == "30d")
        let rules = try #require(hand["retention_stream"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect(rules[0]["selector"] as? String == #"{app="a-debug"}"#)
        #expect(rules[0]["priority"] as? Int == 1)
        #expect("\(rules[0]["period"]!)" == "1w")
        for (_, limits) in try Self.overrides(try Self.exampleModel()) {
            for rule in (limits["retention_stream"] as? [[String: Any]]) ?? [] {
                #expect(Set(rule.keys) == ["selector", "priority", "period"])
                let period = try #require(PromDuration(parsing: "\(rule["period"]!)"))
                #expect(period >= .hours(24))
            }
        }
    }

    @Test("a team's limit is its busiest region's volume when its services run in different regions, never the sum")
    func busiestRegion() throws {
        // ml-platform (tenant team-ml): api-gateway 40 GB and bert-model-serving 20 + 6 GB run in both regions,
        // nightly-training 3 GiB in us-east only. us-east: 66e9 + 3 × 2^30 = 69_221_225_472 B/day
        // → / 86400 / 2^20 = 0.764057 MiB/s × 3 = 2.29217 → 2.3; eu-west: 66e9 → 2.19. The sum (135.2e9 → 4.48) is wrong.
        let ml = try Self.overrides(try Self.exampleModel())["team-ml"]!
        #expect("\(ml["ingestion_rate_mb"]!)" == "2.3")
        #expect("\(ml["ingestion_burst_size_mb"]!)" == "4.6")
    }
}
