import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.kubernetes.prometheus: true` on a federation: the global Prometheus federates every region through a
/// `ScrapeConfig` per region that is the plain `oac-federate-<region>` job, reaching each shard's pod.
@Suite("Kubernetes federation ScrapeConfigs")
struct KubernetesFederationTests {
    /// catalog/kubernetes (regions eu-west with 2 shards and us-east with 1, namespace monitoring) with the
    /// Prometheus resources: the `kubernetes/` tree and the plain output beside it.
    static func compile() throws -> (tree: URL, plain: URL) {
        let tree = try KubernetesPrometheusTests.compile()
        return (tree, tree.deletingLastPathComponent())
    }

    static func yaml(_ url: URL) throws -> [String: Any] {
        try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any], "\(url.path)")
    }

    static func federation(_ tree: URL) throws -> [String: [String: Any]] {
        try KubernetesTreeTests.documents(tree).filter { $0.value["kind"] as? String == "ScrapeConfig" && $0.key.hasPrefix("prometheus/federation/") }
    }

    /// The plain global prometheus.yml's scrape jobs by name.
    static func plainJobs(_ plain: URL) throws -> (global: [String: Any], jobs: [String: [String: Any]]) {
        let config = try yaml(plain.appendingPathComponent("prometheus/global/prometheus.yml"))
        let jobs = try #require(config["scrape_configs"] as? [[String: Any]])
        return (try #require(config["global"] as? [String: Any]), Dictionary(uniqueKeysWithValues: jobs.map { ($0["job_name"] as! String, $0) }))
    }

    @Test("each region's ScrapeConfig is the plain federation job: name, /federate, honor labels, match[] and interval")
    func sameAsPlainJob() throws {
        let (tree, plain) = try Self.compile()
        let (global, jobs) = try Self.plainJobs(plain)
        let configs = try Self.federation(tree)
        #expect(Set(configs.keys) == ["prometheus/federation/eu-west.yaml", "prometheus/federation/us-east.yaml"])
        for region in ["eu-west", "us-east"] {
            let spec = try #require(configs["prometheus/federation/\(region).yaml"]?["spec"] as? [String: Any])
            let job = try #require(jobs["oac-federate-\(region)"], "plain job of \(region)")
            #expect(spec["jobName"] as? String == "oac-federate-\(region)")
            #expect(spec["metricsPath"] as? String == job["metrics_path"] as? String)
            #expect(spec["metricsPath"] as? String == "/federate")
            #expect(spec["honorLabels"] as? Bool == true && job["honor_labels"] as? Bool == true)
            let match = (spec["params"] as? [String: Any])?["match[]"] as? [String]
            let plainMatch = (job["params"] as? [String: Any])?["match[]"] as? [String]
            #expect(match != nil && match == plainMatch, "\(String(describing: match)) vs \(String(describing: plainMatch))")
            // The plain job sets neither: it scrapes at the global interval with Prometheus' default timeout.
            #expect(job["scrape_interval"] == nil && job["scrape_timeout"] == nil && global["scrape_timeout"] == nil)
            #expect(spec["scrapeInterval"] as? String == global["scrape_interval"] as? String)
            #expect(spec["scrapeTimeout"] == nil)
        }
    }

    @Test("the targets are every shard's pod behind prometheus-operated, labelled as the plain shards are")
    func targets() throws {
        let (tree, plain) = try Self.compile()
        let configs = try Self.federation(tree)
        // By hand: the operator names shard 0's StatefulSet `prometheus-<name>` and shard n's
        // `prometheus-<name>-shard-<n>`; the pod of replica 0 adds `-0`; each pod is `<pod>.prometheus-operated.
        // <namespace>.svc` on port 9090. Prometheus `oac-eu-west` has 2 shards, `oac-us-east` 1; namespace monitoring.
        let expected: [String: [String: [String: String]]] = [
            "eu-west": [
                "prometheus-oac-eu-west-0.prometheus-operated.monitoring.svc:9090": ["region": "eu-west", "shard": "0"],
                "prometheus-oac-eu-west-shard-1-0.prometheus-operated.monitoring.svc:9090": ["region": "eu-west", "shard": "1"]
            ],
            "us-east": ["prometheus-oac-us-east-0.prometheus-operated.monitoring.svc:9090": ["region": "us-east", "shard": "0"]]
        ]
        for (region, want) in expected {
            let spec = try #require(configs["prometheus/federation/\(region).yaml"]?["spec"] as? [String: Any])
            let groups = try #require(spec["staticConfigs"] as? [[String: Any]])
            var got: [String: [String: String]] = [:]
            for g in groups {
                for t in g["targets"] as? [String] ?? [] { got[t] = g["labels"] as? [String: String] }
            }
            #expect(got == want, "\(region): \(got)")
            // Each shard's labels are the external labels of the plain shard's prometheus.yml.
            for labels in want.values {
                let shard = try Self.yaml(plain.appendingPathComponent("prometheus/\(region)/shard-\(labels["shard"]!)/prometheus.yml"))
                #expect((shard["global"] as? [String: Any])?["external_labels"] as? [String: String] == labels)
            }
            // The operator's own external labels differ per pod and would split the shards' series: dropped.
            let relabel = try #require((spec["metricRelabelings"] as? [[String: Any]])?.first)
            #expect(relabel["action"] as? String == "labeldrop")
            let regex = try Regex("^(?:\(try #require(relabel["regex"] as? String)))$")
            for label in ["prometheus", "prometheus_replica"] { #expect(label.wholeMatch(of: regex) != nil, "\(label)") }
            for label in ["region", "shard", "service", "slo", "job", "instance"] { #expect(label.wholeMatch(of: regex) == nil, "\(label)") }
        }
    }

    @Test("only the global Prometheus selects the federation ScrapeConfigs, and it selects nothing else")
    func federationSelectors() throws {
        let (tree, _) = try Self.compile()
        let docs = try KubernetesTreeTests.documents(tree)
        let proms = docs.filter { $0.value["kind"] as? String == "Prometheus" }.mapValues { $0["spec"] as! [String: Any] }
        func selects(_ prom: String, _ doc: [String: Any]) -> Bool {
            let spec = proms[prom]!
            guard let wanted = KubernetesPrometheusTests.matchLabels(spec, "scrapeConfigSelector") else { return false }
            let namespaces = KubernetesPrometheusTests.matchLabels(spec, "scrapeConfigNamespaceSelector")
            let namespace = (doc["metadata"] as? [String: Any])?["namespace"] as? String
            let labels = KubernetesPrometheusTests.labels(doc)
            return wanted.allSatisfy { labels[$0.key] == $0.value } && namespaces == ["kubernetes.io/metadata.name": namespace ?? ""]
        }
        let federation = try Self.federation(tree)
        #expect(federation.count == 2)
        for (rel, doc) in federation {
            #expect(selects("prometheus/oac-global.yaml", doc), "\(rel)")
            #expect(!selects("prometheus/oac-eu-west.yaml", doc), "\(rel)")
            #expect(!selects("prometheus/oac-us-east.yaml", doc), "\(rel)")
        }
        // The service's ScrapeConfig (pushgateway, a static target) is the us-east shards' and not the global's.
        let pushgateway = try #require(docs["monitors/pushgateway.yaml"])
        #expect(!selects("prometheus/oac-global.yaml", pushgateway))
        #expect(selects("prometheus/oac-us-east.yaml", pushgateway))
        // The global scrapes nothing but the federation.
        let global = proms["prometheus/oac-global.yaml"]!
        #expect(global["serviceMonitorSelector"] == nil && global["podMonitorSelector"] == nil)
    }
}
