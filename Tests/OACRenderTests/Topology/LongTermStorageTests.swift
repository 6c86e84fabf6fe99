import Foundation
import OACModel
import OACPromQL
import OACRender
import Testing
import Yams

@Suite("Thanos and Mimir settings")
struct LongTermStorageTests {
    static func files(mode: String) throws -> [String: String] {
        // Thanos mode needs Alertmanagers (its ruler evaluates every alert).
        let yaml = RenderTestSupport.handCatalog.replacingOccurrences(of: "mode: federation", with: "mode: \(mode)")
            .replacingOccurrences(of: "  alerting:\n", with: "  alerting:\n    alertmanagers: [\"am-0:9093\"]\n")
        let model = try RenderTestSupport.model(yaml)
        let files = TopologyRenderer.render(model)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    static func flags(_ text: String) -> [String: PromDuration] {
        var out: [String: PromDuration] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("--retention.resolution-") {
            let parts = line.dropFirst(2).split(separator: "=")
            out[String(parts[0])] = PromDuration(parsing: String(parts[1]))
        }
        return out
    }

    @Test("compactor flags respect the start-up rules: raw ≥ 40h, 5m ≥ 10d, coarser never shorter")
    func thanosCompactor() throws {
        let files = try Self.files(mode: "thanos")
        let compact = try #require(files["thanos/compact-t.args"])
        let f = Self.flags(compact)
        #expect(f["retention.resolution-raw"] == .days(90))
        #expect(f["retention.resolution-5m"] == .days(90))  // not kept: as long as raw
        #expect(f["retention.resolution-1h"] == .days(90))
        for (path, text) in files where path.hasPrefix("thanos/compact") {
            let g = Self.flags(text)
            let raw = try #require(g["retention.resolution-raw"])
            let m5 = try #require(g["retention.resolution-5m"])
            let h1 = try #require(g["retention.resolution-1h"])
            #expect(raw >= .hours(40) && m5 >= .days(10) && m5 >= raw && h1 >= m5, "\(path)")
        }
        #expect(files["prometheus/global/prometheus.yml"] == nil)
        #expect(files["thanos/rule.args"]?.contains("--rule-file=prometheus/global/rules/a.slo.rules.yml") == true)
    }

    @Test("Mimir mode writes remote_write with the tenant and known override keys")
    func mimir() throws {
        let files = try Self.files(mode: "mimir")
        let shardText = try #require(files["prometheus/r1/shard-0/prometheus.yml"])
        let shard = try #require(try Yams.load(yaml: shardText) as? [String: Any])
        let rw = try #require((shard["remote_write"] as? [[String: Any]])?.first)
        #expect(rw["url"] as? String == "http://p-global:9090/api/v1/push")
        // The first tenant is tier t's (`<platform>-<tier>`); the platform's own tenant comes last.
        #expect((rw["headers"] as? [String: String])?["X-Scope-OrgID"] == "hand-t")
        let overridesText = try #require(files["mimir/runtime-overrides.yaml"])
        let overrides = try #require(try Yams.load(yaml: overridesText) as? [String: Any])
        let tenant = try #require((overrides["overrides"] as? [String: [String: Any]])?["hand-t"])
        let known = Set(try RenderTestSupport.fixture("mimir-limits-keys.subset.txt").split(separator: "\n").map(String.init))
        for key in tenant.keys { #expect(known.contains(key), "\(key)") }
        #expect("\(tenant["compactor_blocks_retention_period"]!)" == "90d")
        #expect(tenant["max_global_series_per_user"] as? Int == 150_000)  // 380 × 1.5 is below Mimir's default
    }
}
