import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.kubernetes.prometheus: true` with `global.mode: thanos`: a `ThanosRuler` evaluates the SLO rules instead of
/// a global Prometheus, with the querier, Alertmanagers, bucket Secret and labels `thanos/rule.args` has.
@Suite("Kubernetes ThanosRuler")
struct KubernetesThanosRulerTests {
    /// catalog/kubernetes in Thanos mode, owning its Prometheus resources; `objstore` replaces the bucket file.
    static func compile(objstore: String = "/etc/thanos/secrets/thanos-bucket/objstore.yml") throws -> (status: Int32, stderr: String, tree: URL) {
        let dir = try TestSupport.temporaryDirectory("k8s-thanos")
        let source = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        let federation = "  global: {mode: federation, address: \"prometheus-global.monitoring.svc:9090\", retention: 60d}\n"
        let thanos = """
              global:
                mode: thanos
                address: "thanos-query.monitoring.svc:10902"
                thanos:
                  objstoreConfigFile: \(objstore)
                  rulerReplicas: 2
                  ruleAddress: "thanos-ruler-{replica}.monitoring.svc:10901"

            """
        #expect(source.contains(federation))
        let text = source.replacingOccurrences(of: federation, with: thanos)
            .replacingOccurrences(
                of: "    labels: {release: kube-prometheus-stack}\n",
                with: "    labels: {release: kube-prometheus-stack}\n    prometheus: true\n")
        let (run, tree) = try KubernetesTreeTests.compile(text: text, in: dir)
        return (run.status, run.stderr, tree)
    }

    static func tree() throws -> URL {
        let run = try compile()
        try #require(run.status == 0, "\(run.stderr)")
        return run.tree
    }

    @Test("the ThanosRuler, not a global Prometheus, loads exactly the SLO rules, with the hand-expected querier, Alertmanagers, bucket, labels and replicas")
    func thanosRuler() throws {
        let docs = try KubernetesTreeTests.documents(try Self.tree())
        let proms = docs.filter { $0.value["kind"] as? String == "Prometheus" }
        #expect(Set(proms.keys) == ["prometheus/oac-eu-west.yaml", "prometheus/oac-us-east.yaml"])
        let rulers = docs.filter { $0.value["kind"] as? String == "ThanosRuler" }
        #expect(Array(rulers.keys) == ["prometheus/oac-thanos-ruler.yaml"])
        let ruler = try #require(rulers.values.first)
        #expect(ruler["apiVersion"] as? String == "monitoring.coreos.com/v1")
        let spec = try #require(ruler["spec"] as? [String: Any])
        // By hand from the catalog: global.address, alerting.alertmanagers (http, as rule.args), the bucket file
        // /etc/thanos/secrets/<secret>/<key>, the ruler label = platform name, rulerReplicas, evaluationInterval.
        #expect(spec["queryEndpoints"] as? [String] == ["thanos-query.monitoring.svc:10902"])
        #expect(spec["alertmanagersUrl"] as? [String] == ["http://alertmanager-operated.monitoring.svc:9093"])
        #expect(spec["objectStorageConfig"] as? [String: String] == ["name": "thanos-bucket", "key": "objstore.yml"])
        #expect(spec["objectStorageConfigFile"] == nil)
        #expect(spec["labels"] as? [String: String] == ["thanos_ruler": "k8s-platform"])
        #expect(spec["replicas"] as? Int == 2)
        #expect(spec["evaluationInterval"] as? String == "30s")
        #expect(KubernetesPrometheusTests.matchLabels(spec, "ruleNamespaceSelector") == ["kubernetes.io/metadata.name": "monitoring"])
        // Every PrometheusRule is loaded by exactly one evaluator: the ThanosRuler takes the `global` ones
        // (the SLO groups and the self-monitoring rules), each region's Prometheus its SLI ones.
        let evaluators = proms.merging(rulers) { a, _ in a }.mapValues { $0["spec"] as! [String: Any] }
        var sloRules = 0
        for (rel, doc) in docs where doc["kind"] as? String == "PrometheusRule" {
            let l = KubernetesPrometheusTests.labels(doc)
            let loaders = evaluators.filter { KubernetesPrometheusTests.matchLabels($0.value, "ruleSelector")!.allSatisfy { l[$0.key] == $0.value } }.map(\.key)
            let evaluator = try #require(l["oac.dev/evaluator"])
            let expected = evaluator == "global" ? "prometheus/oac-thanos-ruler.yaml" : "prometheus/oac-\(evaluator).yaml"
            if evaluator == "global" { sloRules += 1 }
            #expect(loaders == [expected], "\(rel): \(loaders)")
        }
        // Hand count (catalog/kubernetes): llm-gateway-slo, secure-api-slo and oac-self-monitoring.
        #expect(sloRules == 3)
    }

    @Test("a bucket file outside /etc/thanos/secrets is the thanos-objstore Secret keyed by the file's name")
    func defaultSecret() throws {
        let run = try Self.compile(objstore: "/etc/thanos/objstore.yml")
        try #require(run.status == 0, "\(run.stderr)")
        let docs = try KubernetesTreeTests.documents(run.tree)
        let spec = try #require(docs["prometheus/oac-thanos-ruler.yaml"]?["spec"] as? [String: Any])
        #expect(spec["objectStorageConfig"] as? [String: String] == ["name": "thanos-objstore", "key": "objstore.yml"])
    }

    @Test("the ThanosRuler validates against its CRD with unknown fields refused", .requires(.python3))
    func crd() throws {
        let tree = try Self.tree()
        guard let run = try KubernetesTreeTests.validate(tree.appendingPathComponent("prometheus")) else { return }
        // Hand count: 2 Prometheus + the ThanosRuler + 3 self-monitoring ScrapeConfigs (each region's `prometheus` job,
        // the `alertmanager` job).
        #expect(run.status == 0 && run.stdout.contains("6 objects checked, 0 problems"), "\(run.stdout)\(run.stderr)")
        // The check can fail: a misspelt field is refused.
        let file = tree.appendingPathComponent("prometheus/oac-thanos-ruler.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  queryEndpoints:", with: "  queryEndpoint:")
        try Data(text.utf8).write(to: file)
        let refused = try #require(try KubernetesTreeTests.validate(file))
        #expect(refused.status == 1 && refused.stdout.contains("queryEndpoint"), "\(refused.stdout)")
    }

    @Test("kubectl kustomize renders the Thanos-mode tree with the ThanosRuler in it", .requires(.kubectl))
    func kustomize() throws {
        let kubectl = try ExternalTool.kubectl.require()
        let tree = try Self.tree()
        let run = try TestSupport.run(kubectl, ["kustomize", tree.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rendered = try Yams.load_all(yaml: run.stdout).compactMap { $0 as? [String: Any] }
        let files = try KubernetesTreeTests.documents(tree)
        #expect(rendered.count == files.count)
        #expect(rendered.filter { $0["kind"] as? String == "ThanosRuler" }.count == 1)
    }

    @Test("a hostile bucket file path is a located error, and nothing is written")
    func hostile() throws {
        let run = try Self.compile(objstore: "\"/etc/thanos/secrets/b/k\\\"\\n  injected: true\"")
        #expect(run.status == 1)
        #expect(run.stderr.contains("catalog.yaml:") && run.stderr.contains("objstoreConfigFile") && run.stderr.contains("[invalid-value]"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.tree.path))
    }
}
