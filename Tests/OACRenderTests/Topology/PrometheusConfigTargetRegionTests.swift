import Foundation
import OACModel
import OACRender
import OACTestSupport
import Testing
import Yams

/// Static and file targets per region in the shards' prometheus.yml: each region's job holds only what the catalog
/// gives that region (the hand catalog's service `a` has three addresses in r1 and three others in r2).
@Suite("Prometheus configs: targets per region")
struct PrometheusConfigTargetRegionTests {
    static let r1 = ["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"]
    static let r2 = ["10.0.1.1:8080", "10.0.1.2:8080", "10.0.1.3:8080"]

    static func job(_ files: [String: String], _ config: String) throws -> [String: Any] {
        try #require(PrometheusConfigTests.jobs(try PrometheusConfigTests.yaml(files[config]))["a"], "\(config)")
    }

    static func staticTargets(_ job: [String: Any]) -> [String] {
        ((job["static_configs"] as? [[String: Any]]) ?? []).flatMap { ($0["targets"] as? [String]) ?? [] }
    }

    @Test("every shard of a region lists its region's addresses and no other region's")
    func staticPerRegion() throws {
        let files = try PrometheusConfigTests.render()
        // r1 has 2 shards: both list r1's three addresses and keep their hashmod share; r2 (1 shard) lists r2's.
        for shard in ["prometheus/r1/shard-0/prometheus.yml", "prometheus/r1/shard-1/prometheus.yml"] {
            #expect(Self.staticTargets(try Self.job(files, shard)) == Self.r1, "\(shard)")
        }
        #expect(Self.staticTargets(try Self.job(files, "prometheus/r2/shard-0/prometheus.yml")) == Self.r2)
        // targets.md of each region lists its own addresses only.
        let r2 = try #require(files["prometheus/r2/targets.md"])
        for t in Self.r2 { #expect(r2.contains("| a | \(t) | 0 |")) }
        for t in Self.r1 { #expect(!r2.contains(t)) }
        let r1 = try #require(files["prometheus/r1/targets.md"])
        for t in Self.r2 { #expect(!r1.contains(t)) }
    }

    @Test("a file path with {region} is each region's own file")
    func filePerRegion() throws {
        let yaml = RenderTestSupport.handCatalog.replacingOccurrences(
            of: HandCatalog.staticTargets, with: #"  targets: {file: "/etc/prometheus/targets/a-{region}.yml"}"#)
        let files = try PrometheusConfigTests.render(yaml)
        for (config, path) in [
            ("prometheus/r1/shard-0/prometheus.yml", "/etc/prometheus/targets/a-r1.yml"),
            ("prometheus/r1/shard-1/prometheus.yml", "/etc/prometheus/targets/a-r1.yml"),
            ("prometheus/r2/shard-0/prometheus.yml", "/etc/prometheus/targets/a-r2.yml")
        ] {
            let sd = (try Self.job(files, config)["file_sd_configs"] as? [[String: Any]])?.first?["files"] as? [String]
            #expect(sd == [path], "\(config)")
        }
    }
}
