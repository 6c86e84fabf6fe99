import Foundation
import OACTestSupport
import Testing
import Yams

/// The dashboards as Kubernetes resources: ConfigMaps for the Grafana sidecar (the default) holding exactly the
/// JSON of `grafana/`, or grafana-operator folders and dashboards; none over the 1 MiB a ConfigMap holds.
@Suite("Kubernetes dashboards")
struct KubernetesDashboardTests {
    static func load(_ file: URL) throws -> [String: Any] {
        try #require(try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any])
    }

    static func compile(replacing: [(String, String)]) throws -> (run: TestSupport.Run, out: URL, text: String) {
        let dir = try TestSupport.temporaryDirectory("k8s-dash")
        var text = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        for (a, b) in replacing { text = text.replacingOccurrences(of: a, with: b) }
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        return (try TestSupport.oac(["compile", catalog.path, "--out", out.path]), out, text)
    }

    @Test("a ConfigMap per dashboard: the sidecar's label, the team's folder, the dashboard's JSON byte for byte")
    func sidecarConfigMaps() throws {
        let tree = try KubernetesTreeTests.compile()
        let grafana = tree.deletingLastPathComponent().appendingPathComponent("grafana")
        // Hand count: services llm-gateway, secure-api, pushgateway (all of ml-platform), overviews of
        // ml-platform, data-eng and research, and the platform dashboard.
        let expected = [
            "ml-platform/llm-gateway.json", "ml-platform/secure-api.json", "ml-platform/pushgateway.json",
            "ml-platform/team-overview.json", "data-eng/team-overview.json", "research/team-overview.json",
            "platform/platform.json"
        ]
        var seen: [String] = []
        for (rel, _) in TestSupport.tree(tree.appendingPathComponent("dashboards")) {
            let doc = try Self.load(tree.appendingPathComponent("dashboards/\(rel)"))
            #expect(doc["kind"] as? String == "ConfigMap" && doc["apiVersion"] as? String == "v1")
            let meta = try #require(doc["metadata"] as? [String: Any])
            #expect((meta["labels"] as? [String: String])?["grafana_dashboard"] == "1", "\(rel)")
            let folder = try #require((meta["annotations"] as? [String: String])?["grafana_folder"], "\(rel)")
            let data = try #require(doc["data"] as? [String: String])
            #expect(data.count == 1)
            let (key, json) = try #require(data.first)
            let plain = try String(contentsOf: grafana.appendingPathComponent("\(folder)/\(key)"), encoding: .utf8)
            #expect(json == plain, "\(rel): the ConfigMap's JSON differs from grafana/\(folder)/\(key)")
            #expect(key.utf8.count + json.utf8.count <= 1_048_576)
            seen.append("\(folder)/\(key)")
        }
        #expect(seen.sorted() == expected.sorted())
    }

    @Test("grafana-operator mode: a GrafanaFolder per folder and a GrafanaDashboard per dashboard, valid against the CRDs", .requires(.python3))
    func operatorResources() throws {
        let (run, out, _) = try Self.compile(replacing: [
            (
                "    labels: {release: kube-prometheus-stack}\n",
                "    labels: {release: kube-prometheus-stack}\n    dashboards: {mode: operator, instanceSelector: \"dashboards=grafana\"}\n"
            )
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let tree = out.appendingPathComponent("kubernetes")
        var folders: [String: String] = [:]
        var dashboards: [String: String] = [:]
        for (rel, _) in TestSupport.tree(tree.appendingPathComponent("dashboards")) {
            let doc = try Self.load(tree.appendingPathComponent("dashboards/\(rel)"))
            let name = try #require((doc["metadata"] as? [String: Any])?["name"] as? String)
            let spec = try #require(doc["spec"] as? [String: Any])
            #expect((spec["instanceSelector"] as? [String: Any])?["matchLabels"] as? [String: String] == ["dashboards": "grafana"])
            switch doc["kind"] as? String {
            case "GrafanaFolder": folders[name] = spec["title"] as? String
            case "GrafanaDashboard": dashboards[name] = spec["folderRef"] as? String
            default: Issue.record("\(rel): unexpected kind")
            }
        }
        // Hand count: folders ml-platform, data-eng, research, platform; dashboards as in the sidecar test.
        #expect(
            folders == [
                "oac-folder.ml-platform": "ml-platform", "oac-folder.data-eng": "data-eng",
                "oac-folder.research": "research", "oac-folder.platform": "platform"
            ])
        #expect(dashboards.count == 7)
        #expect(dashboards.values.allSatisfy { folders[$0] != nil }, "\(dashboards)")
        guard let check = try KubernetesTreeTests.validate(tree.appendingPathComponent("dashboards")) else { return }
        #expect(check.status == 0 && check.stdout.contains("11 objects checked, 0 problems"), "\(check.stdout)\(check.stderr)")
    }

    @Test("grafana-operator mode without an instanceSelector is a located error")
    func operatorNeedsSelector() throws {
        let (run, out, text) = try Self.compile(replacing: [
            (
                "    labels: {release: kube-prometheus-stack}\n",
                "    labels: {release: kube-prometheus-stack}\n    dashboards: {mode: operator}\n"
            )
        ])
        #expect(run.status == 1)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("mode: operator") }) + 1
        #expect(run.stderr.contains("catalog.yaml:\(line):"), "\(run.stderr)")
        #expect(run.stderr.contains("`spec.kubernetes.dashboards.instanceSelector` is required when `mode` is `operator`"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a dashboard over the 1 MiB a ConfigMap holds is an error at its service, and nothing is written")
    func oversizedDashboard() throws {
        // 400 SLOs on one service: each adds several panels; the hand estimate (well over 2.5 KB of JSON per SLO)
        // puts the dashboard above 1 MiB.
        var slos = ""
        for i in 0..<400 {
            slos += """
                    - name: availability-\(i)
                      objective: 99.9
                      sli:
                        events:
                          bad: 'api_requests_total{job="secure-api",code=~"5..",route="r\(i)"}'
                          total: 'api_requests_total{job="secure-api",route="r\(i)"}'

                """
        }
        let (run, out, text) = try Self.compile(replacing: [
            (
                "  metrics:\n    - {name: api_requests_total, type: counter, labels: {code: 5}}\n  slos:\n",
                "  metrics:\n    - {name: api_requests_total, type: counter, labels: {code: 5, route: 400}}\n  slos:\n\(slos)"
            )
        ])
        #expect(run.status == 1, "\(run.stderr.prefix(2000))")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  name: secure-api" }) + 1
        #expect(run.stderr.contains("catalog.yaml:\(line):"), "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("the dashboard grafana/ml-platform/secure-api.json is"), "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("more than the 1048576 bytes (1 MiB) a Kubernetes ConfigMap or resource holds"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
