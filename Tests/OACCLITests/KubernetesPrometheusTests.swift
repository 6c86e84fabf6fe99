import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.kubernetes.prometheus: true`: the Prometheus resources, one per region with its shards, and the global one;
/// each PrometheusRule and monitor is selected by the Prometheus that must evaluate or scrape it.
@Suite("Kubernetes Prometheus resources")
struct KubernetesPrometheusTests {
    static func compile() throws -> URL {
        let dir = try TestSupport.temporaryDirectory("k8s-prom")
        let source = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        let text = source.replacingOccurrences(
            of: "    labels: {release: kube-prometheus-stack}\n",
            with: "    labels: {release: kube-prometheus-stack}\n    prometheus: true\n")
        return try KubernetesTreeTests.compiled(text: text, in: dir)
    }

    static func labels(_ doc: [String: Any]) -> [String: String] {
        ((doc["metadata"] as? [String: Any])?["labels"] as? [String: String]) ?? [:]
    }

    static func matchLabels(_ spec: [String: Any], _ key: String) -> [String: String]? {
        (spec[key] as? [String: Any])?["matchLabels"] as? [String: String]
    }

    @Test("one Prometheus per region with its shards and the global one; every rule and monitor is selected where it must be")
    func prometheusResources() throws {
        let tree = try Self.compile()
        let docs = try KubernetesTreeTests.documents(tree)
        let proms = docs.filter { $0.value["kind"] as? String == "Prometheus" }.mapValues { $0["spec"] as! [String: Any] }
        // Hand count: regions eu-west (shards: 2) and us-east (shards: 1), and the federation's global Prometheus.
        #expect(Set(proms.keys) == ["prometheus/oac-eu-west.yaml", "prometheus/oac-us-east.yaml", "prometheus/oac-global.yaml"])
        #expect(proms["prometheus/oac-eu-west.yaml"]?["shards"] as? Int == 2)
        #expect(proms["prometheus/oac-us-east.yaml"]?["shards"] as? Int == 1)
        #expect((proms["prometheus/oac-eu-west.yaml"]?["externalLabels"] as? [String: String]) == ["region": "eu-west"])
        #expect(proms["prometheus/oac-global.yaml"]?["retention"] as? String == "60d")
        // Every PrometheusRule is loaded by exactly the Prometheus its evaluator label names.
        for (rel, doc) in docs where doc["kind"] as? String == "PrometheusRule" {
            let l = Self.labels(doc)
            let loaders = proms.filter { Self.matchLabels($0.value, "ruleSelector")!.allSatisfy { l[$0.key] == $0.value } }.map(\.key)
            #expect(loaders == ["prometheus/oac-\(l["oac.dev/evaluator"]!).yaml"], "\(rel): \(loaders)")
        }
        // Every monitor is scraped by the Prometheus of each region its service runs in, and by no other (the
        // global's federation ScrapeConfigs are tested in `federationSelectors`).
        for (rel, doc) in docs where ["PodMonitor", "ServiceMonitor", "ScrapeConfig"].contains(doc["kind"] as? String) {
            let l = Self.labels(doc)
            guard l["oac.dev/scraper"] == nil else { continue }
            let key = "\((doc["kind"] as! String).prefix(1).lowercased())\((doc["kind"] as! String).dropFirst())Selector"
            let scrapers = Set(proms.filter { Self.matchLabels($0.value, key).map { $0.allSatisfy { l[$0.key] == $0.value } } ?? false }.map(\.key))
            let regions = Set(l.keys.filter { $0.hasPrefix("region.oac.dev/") }.map { "prometheus/oac-\($0.dropFirst("region.oac.dev/".count)).yaml" })
            #expect(!regions.isEmpty && scrapers == regions, "\(rel): \(scrapers) vs \(regions)")
        }
    }

    @Test("the Prometheus resources validate against the CRD with unknown fields refused", .requires(.python3))
    func crd() throws {
        let tree = try Self.compile()
        guard let run = try KubernetesTreeTests.validate(tree.appendingPathComponent("prometheus")) else { return }
        // Hand count: 3 Prometheus (eu-west, us-east, global) + 2 federation ScrapeConfigs (one per region) + 4
        // self-monitoring ScrapeConfigs (the `prometheus` job of each Prometheus, the `alertmanager` job).
        #expect(run.status == 0 && run.stdout.contains("9 objects checked, 0 problems"), "\(run.stdout)\(run.stderr)")
    }

    @Test("kubectl kustomize renders the tree with the Prometheus resources and the federation", .requires(.kubectl))
    func kustomize() throws {
        let kubectl = try ExternalTool.kubectl.require()
        let run = try TestSupport.run(kubectl, ["kustomize", try Self.compile().path])
        #expect(run.status == 0, "\(run.stderr)")
        // The 19 resources of catalog/kubernetes (KubernetesTreeTests.resourceCount) + 3 Prometheus + 2 federation
        // and 4 self-monitoring ScrapeConfigs.
        #expect(try Yams.load_all(yaml: run.stdout).compactMap { $0 as? [String: Any] }.count == 19 + 3 + 2 + 4)
    }
}
