import Foundation
import OACTestSupport
import Testing
import Yams

/// The scrape resources of catalog/kubernetes, field by field: what the Prometheus Operator turns into the same
/// scrape job as `prometheus.yml` (ScrapeControlTests checks that one with promtool).
@Suite("Kubernetes monitors")
struct KubernetesMonitorTests {
    static func monitor(_ name: String) throws -> (kind: String, spec: [String: Any]) {
        let tree = try KubernetesTreeTests.compile()
        let text = try String(contentsOf: tree.appendingPathComponent("monitors/\(name).yaml"), encoding: .utf8)
        let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
        return (try #require(doc["kind"] as? String), try #require(doc["spec"] as? [String: Any]))
    }

    static func relabelings(_ endpoint: [String: Any]) -> [[String: String]] {
        ((endpoint["relabelings"] as? [[String: Any]]) ?? []).map { r in
            r.mapValues { v in (v as? [String]).map { $0.joined(separator: ",") } ?? "\(v)" }
        }
    }

    @Test("a pod target with a named port is a PodMonitor on that port, keeping exactly the requested Kubernetes labels")
    func namedPortPodMonitor() throws {
        let (kind, spec) = try Self.monitor("llm-gateway")
        #expect(kind == "PodMonitor")
        #expect((spec["namespaceSelector"] as? [String: [String]])?["matchNames"] == ["llm"])
        #expect(
            (spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String]
                == ["app.kubernetes.io/name": "llm-gateway", "component": "server"])
        // The pod label is copied by the operator itself (sanitized to app_kubernetes_io_version).
        #expect(spec["podTargetLabels"] as? [String] == ["app.kubernetes.io/version"])
        let endpoints = try #require(spec["podMetricsEndpoints"] as? [[String: Any]])
        #expect(endpoints.count == 1)
        let e = endpoints[0]
        #expect(e["port"] as? String == "http-metrics")
        #expect(e["path"] as? String == "/metrics")
        #expect(e["portNumber"] == nil && e["honorLabels"] == nil && e["scheme"] == nil)
        // targetLabels [namespace, pod, container, node]: the operator writes namespace, pod and container on
        // every PodMonitor target; node is the one oac must add; job is the service's job.
        #expect(
            Self.relabelings(e) == [
                ["targetLabel": "job", "replacement": "llm-gateway"],
                ["sourceLabels": "__meta_kubernetes_pod_node_name", "targetLabel": "node"]
            ])
    }

    @Test("an HTTPS endpoint with a CA Secret and a bearer-token Secret is a ServiceMonitor that verifies and authenticates")
    func httpsServiceMonitor() throws {
        let (kind, spec) = try Self.monitor("secure-api")
        #expect(kind == "ServiceMonitor")
        #expect((spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String] == ["app": "secure-api"])
        let e = try #require((spec["endpoints"] as? [[String: Any]])?.first)
        #expect(e["port"] as? String == "https-metrics")
        #expect(e["scheme"] as? String == "https")
        #expect(e["interval"] as? String == "1m")
        #expect(e["scrapeTimeout"] as? String == "15s")
        let tls = try #require(e["tlsConfig"] as? [String: Any])
        #expect((tls["ca"] as? [String: [String: String]])?["secret"] == ["name": "secure-api-ca", "key": "ca.crt"])
        #expect(tls["serverName"] as? String == "secure-api.ml.svc")
        #expect(tls["insecureSkipVerify"] as? Bool == false)
        let auth = try #require(e["authorization"] as? [String: Any])
        #expect(auth["type"] as? String == "Bearer")
        #expect(auth["credentials"] as? [String: String] == ["name": "secure-api-scrape", "key": "token"])
        #expect(Self.relabelings(e) == [["targetLabel": "job", "replacement": "secure-api"]])
    }

    @Test("a Pushgateway with honor_labels is a ScrapeConfig job that honours the pushed labels")
    func pushgatewayScrapeConfig() throws {
        let (kind, spec) = try Self.monitor("pushgateway")
        #expect(kind == "ScrapeConfig")
        #expect(spec["jobName"] as? String == "pushgateway")
        #expect(spec["honorLabels"] as? Bool == true)
        #expect((spec["staticConfigs"] as? [[String: [String]]])?.first?["targets"] == ["pushgateway.ml.svc:9091"])
    }
}
