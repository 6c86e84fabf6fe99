import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.scrape` and the Kubernetes keys of `spec.targets.kubernetes` compile to the right `prometheus.yml` job,
/// which promtool accepts with every file it references in place.
@Suite("Scrape control")
struct ScrapeControlTests {
    /// `{ca}` is replaced by the test's CA file: promtool checks that referenced files exist.
    static let catalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: scrape}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 1m, evaluationInterval: 1m}
          retentionTiers:
            - {name: std, metrics: {local: 30d}}
          alerting: {owner: ml}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: ml}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: llm-gateway}
        spec:
          owner: ml
          tier: std
          targets:
            kubernetes:
              namespace: llm
              selector: "app=llm-gateway"
              port: http-metrics
              targetLabels: [namespace, pod, node]
              podLabels: [app.kubernetes.io/version]
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: secure-api}
        spec:
          owner: ml
          tier: std
          targets: {static: ["api-0.ml.svc:8443"]}
          scrape:
            scheme: https
            metricsPath: /internal/metrics
            interval: 30s
            timeout: 20s
            tls: {ca: "{ca}", serverName: api.ml.svc}
            auth: {bearerToken: {secret: secure-api-scrape, key: token}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: pushgateway}
        spec:
          owner: ml
          tier: std
          targets: {static: ["pushgateway.ml.svc:9091"]}
          scrape: {honorLabels: true}
        """

    static func compile(_ text: String, in dir: URL) throws -> (out: URL, run: TestSupport.Run) {
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        return (out, try TestSupport.oac(["compile", catalog.path, "--out", out.path]))
    }

    static func jobs(_ out: URL) throws -> [String: [String: Any]] {
        let text = try String(contentsOf: out.appendingPathComponent("prometheus/prometheus.yml"), encoding: .utf8)
        let config = try #require(try Yams.load(yaml: text) as? [String: Any])
        let list = (config["scrape_configs"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["job_name"] as! String, $0) })
    }

    @Test("a named port, an HTTPS endpoint with a CA file and a bearer-token Secret, and a Pushgateway compile to the right jobs")
    func jobsAreRight() throws {
        let dir = try TestSupport.temporaryDirectory("scrape")
        let (out, run) = try Self.compile(Self.catalog.replacingOccurrences(of: "{ca}", with: "/etc/ssl/ml-ca.pem"), in: dir)
        try #require(run.status == 0, "\(run.stderr)")
        let jobs = try Self.jobs(out)

        let secure = try #require(jobs["secure-api"])
        #expect(secure["scheme"] as? String == "https")
        #expect(secure["metrics_path"] as? String == "/internal/metrics")
        #expect(secure["scrape_interval"] as? String == "30s")
        #expect(secure["scrape_timeout"] as? String == "20s")
        #expect(secure["tls_config"] as? [String: String] == ["ca_file": "/etc/ssl/ml-ca.pem", "server_name": "api.ml.svc"])
        // The Secret is read where the Prometheus Operator mounts `spec.secrets`; its value is never in the output.
        #expect(secure["authorization"] as? [String: String] == ["credentials_file": "/etc/prometheus/secrets/secure-api-scrape/token"])
        #expect(secure["honor_labels"] == nil)

        let push = try #require(jobs["pushgateway"])
        #expect(push["honor_labels"] as? Bool == true)
        #expect(push["scheme"] == nil && push["tls_config"] == nil)

        let k8s = try #require(jobs["llm-gateway"])
        let sd = try #require((k8s["kubernetes_sd_configs"] as? [[String: Any]])?.first)
        #expect(sd["role"] as? String == "pod")
        let relabel = try #require(k8s["relabel_configs"] as? [[String: Any]])
        // The named port first: only targets of the container port `http-metrics` are kept.
        #expect(relabel.first?["source_labels"] as? [String] == ["__meta_kubernetes_pod_container_port_name"])
        #expect(relabel.first?["regex"] as? String == "http-metrics")
        #expect(relabel.first?["action"] as? String == "keep")
    }

    @Test("the relabelling keeps exactly the requested Kubernetes labels, pod labels named as Prometheus sanitises them")
    func kubernetesLabelsKept() throws {
        let dir = try TestSupport.temporaryDirectory("scrape-labels")
        let (out, run) = try Self.compile(Self.catalog.replacingOccurrences(of: "{ca}", with: "/etc/ssl/ml-ca.pem"), in: dir)
        try #require(run.status == 0, "\(run.stderr)")
        let relabel = try #require(try Self.jobs(out)["llm-gateway"]?["relabel_configs"] as? [[String: Any]])
        var kept: [String: String] = [:]
        for r in relabel where r["target_label"] != nil {
            kept[r["target_label"] as! String] = (r["source_labels"] as? [String])?.first
        }
        #expect(
            kept == [
                "namespace": "__meta_kubernetes_namespace",
                "pod": "__meta_kubernetes_pod_name",
                "node": "__meta_kubernetes_pod_node_name",
                // app.kubernetes.io/version: `.` and `/` become `_`.
                "app_kubernetes_io_version": "__meta_kubernetes_pod_label_app_kubernetes_io_version"
            ])
        // `container` was not asked for.
        #expect(!relabel.contains { $0["target_label"] as? String == "container" })
    }

    @Test("promtool check config accepts the jobs, with the CA file and the mounted Secret in place", .requires(.promtool))
    func promtoolAccepts() throws {
        let promtool = try ExternalTool.promtool.require()
        let dir = try TestSupport.temporaryDirectory("scrape-promtool")
        let ca = dir.appendingPathComponent("ca.pem")
        try Data("not checked by promtool\n".utf8).write(to: ca)
        let (out, run) = try Self.compile(Self.catalog.replacingOccurrences(of: "{ca}", with: ca.path), in: dir)
        try #require(run.status == 0, "\(run.stderr)")
        // The Secret's mount point, moved into the test's folder (promtool checks that the file exists).
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets.appendingPathComponent("secure-api-scrape"), withIntermediateDirectories: true)
        try Data("token\n".utf8).write(to: secrets.appendingPathComponent("secure-api-scrape/token"))
        var text = try String(contentsOf: out.appendingPathComponent("prometheus/prometheus.yml"), encoding: .utf8)
        #expect(text.contains("/etc/prometheus/secrets/secure-api-scrape/token"))
        text = text.replacingOccurrences(of: "/etc/prometheus/secrets/", with: secrets.path + "/")
        if try !ExternalTools.promtoolHasKubernetesSD(promtool) {
            print("NOTE: this promtool has no Kubernetes discovery (Debian build); kubernetes_sd_configs left out of the promtool run")
            text = PromtoolTests.withoutKubernetesSD(text)
        }
        let config = out.appendingPathComponent("prometheus/prometheus.checked.yml")
        try Data(text.utf8).write(to: config)
        let check = try TestSupport.run(promtool, ["check", "config", "--lint=all", config.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("a scrape timeout above the interval, an inline secret and a label the role lacks are located errors")
    func badScrapeSettings() throws {
        let dir = try TestSupport.temporaryDirectory("scrape-bad")
        let bad = Self.catalog
            .replacingOccurrences(of: "{ca}", with: "/etc/ssl/ml-ca.pem")
            .replacingOccurrences(of: "timeout: 20s", with: "timeout: 45s")
            .replacingOccurrences(of: "auth: {bearerToken: {secret: secure-api-scrape, key: token}}", with: "auth: {bearerToken: s3cr3t-t0ken}")
            .replacingOccurrences(of: "targetLabels: [namespace, pod, node]", with: "targetLabels: [namespace, service]")
        let (out, run) = try Self.compile(bad, in: dir)
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains { $0.contains("catalog.yaml:39:14:") && $0.contains("scrape timeout 45s") && $0.contains("longer than its scrape interval 30s") })
        #expect(lines.contains { $0.contains("catalog.yaml:41:25:") && $0.contains("[inline-secret]") })
        #expect(lines.contains { $0.contains("catalog.yaml:25:33:") && $0.contains("role `pod` targets have no `service`") })
        // The value is never printed back.
        #expect(!run.stderr.contains("s3cr3t-t0ken") && !run.stdout.contains("s3cr3t-t0ken"))
    }
}
