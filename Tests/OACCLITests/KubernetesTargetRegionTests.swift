import Foundation
import OACTestSupport
import Testing
import Yams

/// Static and file targets per region in the `kubernetes/` tree: a service whose regions have targets of their own
/// gets one ScrapeConfig per region (`<service>.<region>`), holding that region's targets and selected by that
/// region's Prometheus only.
@Suite("Kubernetes targets per region")
struct KubernetesTargetRegionTests {
    /// catalog/kubernetes with the Prometheus resources, the pushgateway in both regions with an address each, and
    /// a file-discovered exporter reading one file per region.
    static func compile() throws -> URL {
        let dir = try TestSupport.temporaryDirectory("k8s-region-targets")
        var text = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "    labels: {release: kube-prometheus-stack}\n",
            with: "    labels: {release: kube-prometheus-stack}\n    prometheus: true\n"
        )
        .replacingOccurrences(
            of: "  regions: [us-east]\n  runbook: https://runbooks.example.com/pushgateway\n", with: "  runbook: https://runbooks.example.com/pushgateway\n"
        )
        .replacingOccurrences(
            of: #"  targets: {static: ["pushgateway.ml.svc:9091"]}"#,
            with: #"  targets: {static: {eu-west: ["pushgateway.eu.svc:9091"], us-east: ["pushgateway.ml.svc:9091"]}}"#)
        text += """
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: node-exporter}
            spec:
              owner: ml-platform
              tier: standard
              runbook: https://runbooks.example.com/node-exporter
              targets: {file: "/etc/prometheus/targets/nodes-{region}.json"}
              metrics:
                - {name: node_load1, type: gauge}

            """
        return try KubernetesTreeTests.compiled(text: text, in: dir)
    }

    @Test("each region's ScrapeConfig holds that region's targets and is selected by that region's Prometheus only")
    func perRegionScrapeConfigs() throws {
        let docs = try KubernetesTreeTests.documents(try Self.compile())
        let proms = docs.filter { $0.value["kind"] as? String == "Prometheus" }.mapValues { $0["spec"] as! [String: Any] }
        func scrapers(_ doc: [String: Any]) -> Set<String> {
            let labels = KubernetesPrometheusTests.labels(doc)
            return Set(
                proms.filter { KubernetesPrometheusTests.matchLabels($0.value, "scrapeConfigSelector")?.allSatisfy { labels[$0.key] == $0.value } ?? false }
                    .map(\.key))
        }
        #expect(docs["monitors/pushgateway.yaml"] == nil && docs["monitors/node-exporter.yaml"] == nil)
        // By hand: the catalog gives eu-west pushgateway.eu.svc:9091 and us-east pushgateway.ml.svc:9091; the
        // exporter reads nodes-eu-west.json in eu-west and nodes-us-east.json in us-east.
        let expected: [String: (targets: [String]?, files: [String]?)] = [
            "monitors/pushgateway.eu-west.yaml": (["pushgateway.eu.svc:9091"], nil),
            "monitors/pushgateway.us-east.yaml": (["pushgateway.ml.svc:9091"], nil),
            "monitors/node-exporter.eu-west.yaml": (nil, ["/etc/prometheus/targets/nodes-eu-west.json"]),
            "monitors/node-exporter.us-east.yaml": (nil, ["/etc/prometheus/targets/nodes-us-east.json"])
        ]
        for (rel, want) in expected {
            let doc = try #require(docs[rel], "\(rel) missing: \(docs.keys.sorted())")
            let region = String(rel.split(separator: ".").dropLast().last!)
            let spec = try #require(doc["spec"] as? [String: Any])
            let targets = (spec["staticConfigs"] as? [[String: Any]])?.flatMap { ($0["targets"] as? [String]) ?? [] }
            let files = (spec["fileSDConfigs"] as? [[String: Any]])?.flatMap { ($0["files"] as? [String]) ?? [] }
            #expect(targets == want.targets && files == want.files, "\(rel): \(String(describing: targets)) \(String(describing: files))")
            #expect(((doc["metadata"] as? [String: Any])?["name"] as? String) == String(rel.dropFirst("monitors/".count).dropLast(".yaml".count)))
            #expect(scrapers(doc) == ["prometheus/oac-\(region).yaml"], "\(rel): \(scrapers(doc))")
            // The job is the service's in every region: one series name space, one SLI.
            #expect(spec["jobName"] as? String == String(rel.dropFirst("monitors/".count).split(separator: ".")[0]))
        }
    }

    @Test("the per-region ScrapeConfigs validate against the CRD with unknown fields refused", .requires(.python3))
    func crd() throws {
        let tree = try Self.compile()
        guard let run = try KubernetesTreeTests.validate(tree.appendingPathComponent("monitors")) else { return }
        // monitors/: llm-gateway (PodMonitor), secure-api (ServiceMonitor), 2 pushgateway + 2 node-exporter ScrapeConfigs.
        #expect(run.status == 0 && run.stdout.contains("6 objects checked, 0 problems"), "\(run.stdout)\(run.stderr)")
    }
}
