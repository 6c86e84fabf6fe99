import Foundation
import OACModel
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
        let file = LokiOverridesRenderer.render(model)
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
        // 2.5 GB/day × 2 regions = 57.9 KB/s ≈ 0.055 MiB/s; × 3 peak = 0.166 → the 1 MB/s floor; burst 2 × rate.
        let hand = try Self.overrides(try RenderTestSupport.model(RenderTestSupport.handCatalog))["tenant-one"]!
        #expect("\(hand["ingestion_rate_mb"]!)" == "1")
        #expect("\(hand["ingestion_burst_size_mb"]!)" == "2")
        // llm-infra: 95 GB/day × 2 regions → 190e9 / 86400 / 2^20 = 2.0972 MiB/s × 3 = 6.2915 → 6.3 (rounded up).
        let llm = try Self.overrides(try Self.exampleModel())["team-llm"]!
        #expect("\(llm["ingestion_rate_mb"]!)" == "6.3")
        #expect("\(llm["ingestion_burst_size_mb"]!)" == "12.6")
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
}
