import Foundation
import OACModel
import OACRender
import OACTestSupport
import Testing
import Yams

@Suite("Prometheus server configs")
struct PrometheusConfigTests {
    static func render(_ yaml: String = RenderTestSupport.handCatalog) throws -> [String: String] {
        let model = try RenderTestSupport.model(yaml)
        let files = TopologyRenderer.render(model)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    static func yaml(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func jobs(_ config: [String: Any]) -> [String: [String: Any]] {
        let list = (config["scrape_configs"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["job_name"] as! String, $0) })
    }

    @Test("each region gets one config per shard, and the global server one")
    func layout() throws {
        let files = try Self.render()
        let configs = files.keys.filter { $0.hasSuffix("prometheus.yml") }.sorted()
        #expect(
            configs == [
                "prometheus/global/prometheus.yml", "prometheus/r1/shard-0/prometheus.yml",
                "prometheus/r1/shard-1/prometheus.yml", "prometheus/r2/shard-0/prometheus.yml"
            ])
        // The SLI file is written once per region, beside the shard folders, never inside one.
        #expect(files["prometheus/r1/rules/a.sli.rules.yml"] != nil)
        #expect(files["prometheus/r2/rules/a.sli.rules.yml"] != nil)
        #expect(
            files.keys.filter { $0.hasSuffix(".sli.rules.yml") }.sorted()
                == ["prometheus/r1/rules/a.sli.rules.yml", "prometheus/r2/rules/a.sli.rules.yml"])
        #expect(files["prometheus/global/rules/a.slo.rules.yml"] != nil)
        #expect(files["prometheus/global/rules/oac-self-monitoring.rules.yml"] != nil)
        #expect(files.keys.allSatisfy { !$0.hasPrefix("prometheus/rules/") })
    }

    @Test("a shard carries region and shard labels and keeps 1/N of the targets by hashmod")
    func shard() throws {
        let config = try Self.yaml(try Self.render()["prometheus/r1/shard-1/prometheus.yml"])
        let global = try #require(config["global"] as? [String: Any])
        #expect(global["external_labels"] as? [String: String] == ["region": "r1", "shard": "1"])
        #expect(config["rule_files"] as? [String] == ["../rules/*.sli.rules.yml"])
        let jobs = Self.jobs(config)
        #expect(Set(jobs.keys) == ["prometheus", "a"])
        let relabel = try #require(jobs["a"]?["relabel_configs"] as? [[String: Any]])
        #expect(relabel.count == 2)
        #expect(relabel[0]["action"] as? String == "hashmod")
        #expect(relabel[0]["source_labels"] as? [String] == ["__address__"])
        #expect(relabel[0]["modulus"] as? Int == 2)
        #expect(relabel[0]["target_label"] as? String == "__tmp_hash")
        #expect(relabel[1]["action"] as? String == "keep")
        #expect(relabel[1]["source_labels"] as? [String] == ["__tmp_hash"])
        #expect(relabel[1]["regex"] as? String == "1")
        // One shard in the region: no relabelling at all.
        let single = Self.jobs(try Self.yaml(try Self.render()["prometheus/r2/shard-0/prometheus.yml"]))
        #expect(single["a"]?["relabel_configs"] == nil)
    }

    @Test("the global server federates only the SLI aggregates of every shard, labels honoured")
    func federation() throws {
        let config = try Self.yaml(try Self.render()["prometheus/global/prometheus.yml"])
        let jobs = Self.jobs(config)
        #expect(Set(jobs.keys) == ["prometheus", "oac-federate-r1", "oac-federate-r2"])
        let r1 = try #require(jobs["oac-federate-r1"])
        #expect(r1["honor_labels"] as? Bool == true)
        #expect(r1["metrics_path"] as? String == "/federate")
        #expect((r1["params"] as? [String: [String]])?["match[]"] == [#"{__name__=~"oac_sli:.*"}"#])
        let targets = (r1["static_configs"] as? [[String: [String]]])?.first?["targets"]
        #expect(targets == ["p-r1-0:9090", "p-r1-1:9090"])
        // The global server watches every shard's own metrics for self-monitoring.
        let watched = (jobs["prometheus"]?["static_configs"] as? [[String: [String]]])?.first?["targets"]
        #expect(watched == ["p-global:9090", "p-r1-0:9090", "p-r1-1:9090", "p-r2-0:9090"])
        #expect(config["rule_files"] as? [String] == ["rules/a.slo.rules.yml", "rules/oac-self-monitoring.rules.yml"])
    }

    @Test("Kubernetes targets become pod discovery with namespace and label selector")
    func kubernetes() throws {
        let yaml = RenderTestSupport.handCatalog.replacingOccurrences(
            of: HandCatalog.staticTargets,
            with: #"  targets: {kubernetes: {namespace: shop, selector: "app=a,tier in (web)"}}"#)
        let jobs = Self.jobs(try Self.yaml(try Self.render(yaml)["prometheus/r1/shard-0/prometheus.yml"]))
        let sd = try #require((jobs["a"]?["kubernetes_sd_configs"] as? [[String: Any]])?.first)
        #expect(sd["role"] as? String == "pod")
        #expect((sd["namespaces"] as? [String: [String]])?["names"] == ["shop"])
        let selectors = try #require(sd["selectors"] as? [[String: String]])
        #expect(selectors == [["role": "pod", "label": "app=a,tier in (web)"]])
    }

    @Test("a platform without global keeps the single-Prometheus layout")
    func single() throws {
        let yaml = RenderTestSupport.handCatalog
            .replacingOccurrences(of: #"    - {name: r1, shards: 2, address: "p-r1-{shard}:9090"}"# + "\n", with: "")
            .replacingOccurrences(
                of: #"  global: {mode: federation, address: "p-global:9090", retention: 40d}"# + "\n",
                with: ""
            )
            .replacingOccurrences(of: "regions: [r1, r2]", with: "regions: [r2]")
            .replacingOccurrences(of: HandCatalog.staticTargets, with: #"  targets: {static: ["10.0.1.1:8080"]}"#)
            .replacingOccurrences(of: "local: 10d", with: "local: 30d")
        let files = try Self.render(yaml)
        let config = try Self.yaml(files["prometheus/prometheus.yml"])
        #expect(
            config["rule_files"] as? [String]
                == ["rules/a.sli.rules.yml", "rules/a.slo.rules.yml", "rules/oac-self-monitoring.rules.yml"])
        #expect((config["global"] as? [String: Any])?["external_labels"] as? [String: String] == ["region": "r2"])
        #expect(files.keys.filter { $0.hasSuffix("prometheus.yml") } == ["prometheus/prometheus.yml"])
    }

    @Test("static targets are listed with the shard that scrapes them")
    func targets() throws {
        let text = try #require(try Self.render()["prometheus/r1/targets.md"])
        // From shared/tools/hashmod_shards.py 2 …
        for target in ["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"] {
            #expect(text.contains("| a | \(target) | \(Hashmod.shard(of: target, modulus: 2)) |"))
        }
    }

    /// `path` with `.` and `..` components resolved (paths relative to the output folder).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { parts.removeLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    @Test("each shard's rule_files, resolved from its folder, name exactly the SLI files of the services it scrapes")
    func shardRuleFilesResolve() throws {
        // b has SLOs in r2 only; r3's only service has none, so its shard loads no rules.
        let yaml =
            RenderTestSupport.handCatalog
            .replacingOccurrences(
                of: #"    - {name: r2, shards: auto, address: "p-r2-{shard}:9090"}"#,
                with: #"    - {name: r2, shards: auto, address: "p-r2-{shard}:9090"}"# + "\n"
                    + #"    - {name: r3, shards: 1, address: "p-r3-{shard}:9090"}"#)
                + """

                ---
                apiVersion: oac/v1
                kind: Service
                metadata: {name: b}
                spec:
                  owner: t2
                  tier: t
                  regions: [r2]
                  targets: {static: ["10.0.1.1:8080"]}
                  metrics:
                    - {name: d, type: counter, labels: {code: 3}}
                  slos:
                    - name: availability
                      objective: 99.5
                      window: 30d
                      sli:
                        events:
                          bad: 'd{job="b",code="500"}'
                          total: 'd{job="b"}'
                ---
                apiVersion: oac/v1
                kind: Service
                metadata: {name: c}
                spec:
                  owner: t2
                  tier: t
                  regions: [r3]
                  targets: {static: ["10.0.2.1:8080"]}
                  metrics:
                    - {name: e, type: counter}
                """
        let model = try RenderTestSupport.model(yaml)
        let topology = Topology.plan(model, estimate: CostEstimate.estimate(model))
        let files = try Self.render(yaml)
        let sliFiles = files.keys.filter { $0.hasSuffix(".sli.rules.yml") }
        #expect(
            sliFiles.sorted() == [
                "prometheus/r1/rules/a.sli.rules.yml", "prometheus/r2/rules/a.sli.rules.yml",
                "prometheus/r2/rules/b.sli.rules.yml"
            ])
        let withSLOs = Set(model.services.filter { !$0.slos.isEmpty }.map(\.name))
        #expect(topology.shards.count >= 4)
        for shard in topology.shards {
            let folder = "prometheus/\(shard.region!)/shard-\(shard.index)"
            let config = try Self.yaml(files["\(folder)/prometheus.yml"])
            let patterns = (config["rule_files"] as? [String]) ?? []
            // What Prometheus and promtool load: each entry joined to the config's folder, then globbed.
            let loaded = Set(
                sliFiles.filter { file in
                    patterns.contains { fnmatch(Self.normalized("\(folder)/\($0)"), file, FNM_PATHNAME) == 0 }
                })
            let expected = Set(shard.services.filter(withSLOs.contains).map { "prometheus/\(shard.region!)/rules/\($0).sli.rules.yml" })
            #expect(loaded == expected, "\(folder)")
            if expected.isEmpty { #expect(config["rule_files"] == nil, "\(folder) loads no rules") }
        }
        // b's promtool tests load its SLI rules from its region's folder.
        let test = try #require(files["prometheus/global/rules/b.test.yml"])
        #expect(test.contains("../../r2/rules/b.sli.rules.yml"))
    }
}
