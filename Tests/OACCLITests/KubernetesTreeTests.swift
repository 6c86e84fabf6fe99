import Foundation
import OACTestSupport
import Testing
import Yams

/// catalog/kubernetes compiles to a `kubernetes/` tree that the real consumers take: every resource validates
/// against the Prometheus Operator CRDs (copied under Fixtures/k8s-crds, unknown fields refused), `kubectl
/// kustomize` renders it, and the rule groups of every PrometheusRule pass promtool and the generated unit tests.
@Suite("Kubernetes tree")
struct KubernetesTreeTests {
    static let crds = TestSupport.repoRoot.appendingPathComponent("Tests/OACCLITests/Fixtures/k8s-crds")

    /// `validate.py` (the Prometheus Operator CRDs, unknown fields refused) run on `path`, a file or a folder.
    /// When python3 lacks the modules it needs (yaml, jsonschema): in CI (`ExternalTool.required`) a failure;
    /// elsewhere nil, with SKIPPED and the reason printed, never a silent pass.
    static func validate(_ path: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> TestSupport.Run? {
        let python = try ExternalTool.python3.require()
        let run = try TestSupport.run(python, [crds.appendingPathComponent("validate.py").path, path.path])
        guard run.stderr.contains("No module named") else { return run }
        if ExternalTool.required {
            Issue.record("python3-jsonschema or python3-yaml missing: \(run.stderr)", sourceLocation: sourceLocation)
        } else {
            print("SKIPPED (python3-jsonschema or python3-yaml missing): \(run.stderr)")
        }
        return nil
    }

    /// `text` written as `catalog/catalog.yaml` in `dir` and compiled to `out/` beside it (outside the catalog, as
    /// oac asks): the run and the tree's `kubernetes/` folder.
    static func compile(text: String, in dir: URL) throws -> (run: TestSupport.Run, kubernetes: URL) {
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        return (run, out.appendingPathComponent("kubernetes"))
    }

    /// The `kubernetes/` folder of `text` compiled in `dir` (as `compile(text:in:)`); a failed compile fails the test.
    static func compiled(text: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let (run, tree) = try compile(text: text, in: dir)
        try #require(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        return tree
    }

    static func compile(_ catalog: String = "catalog/kubernetes") throws -> URL {
        let out = try TestSupport.temporaryDirectory("k8s").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        return out.appendingPathComponent("kubernetes")
    }

    static func documents(_ tree: URL) throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for (rel, data) in TestSupport.tree(tree) where rel != "kustomization.yaml" {
            out[rel] = try #require(try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any], "\(rel)")
        }
        return out
    }

    @Test(
        "the tree holds what the catalog implies: per region an SLI rule, per service an SLO rule and a monitor, per team an AlertmanagerConfig, per dashboard a ConfigMap"
    )
    func resourceCount() throws {
        let docs = try Self.documents(try Self.compile())
        // llm-gateway: two regions → 2 SLI + 1 SLO; secure-api: one region → 1 SLI + 1 SLO; self-monitoring: 1.
        // Monitors: llm-gateway (role pod) → PodMonitor, secure-api (role endpoints) → ServiceMonitor,
        // pushgateway (static) → ScrapeConfig. AlertmanagerConfigs: one per team with a receiver, 3 teams → 3.
        // Dashboard ConfigMaps (sidecar, the default): 3 services + 3 team overviews + 1 platform → 7.
        let kinds = docs.values.map { $0["kind"] as! String }.sorted()
        #expect(
            kinds == Array(repeating: "AlertmanagerConfig", count: 3) + Array(repeating: "ConfigMap", count: 7) + ["PodMonitor"]
                + Array(repeating: "PrometheusRule", count: 6) + ["ScrapeConfig", "ServiceMonitor"])
        let evaluators = docs.filter { $0.value["kind"] as? String == "PrometheusRule" }.mapValues {
            (($0["metadata"] as? [String: Any])?["labels"] as? [String: String])?["oac.dev/evaluator"]
        }
        #expect(
            evaluators == [
                "rules/llm-gateway-sli-eu-west.yaml": "eu-west", "rules/llm-gateway-sli-us-east.yaml": "us-east",
                "rules/llm-gateway-slo.yaml": "global", "rules/secure-api-sli-eu-west.yaml": "eu-west",
                "rules/secure-api-slo.yaml": "global", "rules/oac-self-monitoring.yaml": "global"
            ])
        // Every resource carries the platform's selector label.
        for (rel, doc) in docs {
            let labels = ((doc["metadata"] as? [String: Any])?["labels"] as? [String: String]) ?? [:]
            #expect(labels["release"] == "kube-prometheus-stack", "\(rel)")
            #expect((doc["metadata"] as? [String: Any])?["namespace"] as? String == "monitoring", "\(rel)")
        }
    }

    @Test("kubectl kustomize renders the tree, with as many resources as files", .requires(.kubectl))
    func kustomize() throws {
        let kubectl = try ExternalTool.kubectl.require()
        let tree = try Self.compile()
        let run = try TestSupport.run(kubectl, ["kustomize", tree.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rendered = try Yams.load_all(yaml: run.stdout).compactMap { $0 as? [String: Any] }
        #expect(rendered.count == 19)
    }

    @Test("every resource validates against the Prometheus Operator CRDs with unknown fields refused", .requires(.python3))
    func crdSchemas() throws {
        let tree = try Self.compile()
        guard let run = try Self.validate(tree) else { return }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("19 objects checked, 0 problems"), "\(run.stdout)")
    }

    @Test("the validator refuses an unknown field (so the check above can fail)", .requires(.python3))
    func validatorRefuses() throws {
        let tree = try Self.compile()
        let file = tree.appendingPathComponent("monitors/pushgateway.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  jobName:", with: "  jobNme:")
        try Data(text.utf8).write(to: file)
        guard let run = try Self.validate(file) else { return }
        #expect(run.status == 1 && run.stdout.contains("jobNme"), "\(run.stdout)")
    }

    @Test("the groups of every PrometheusRule pass promtool check rules --lint=all --lint-fatal and the generated unit tests", .requires(.promtool))
    func promtool() throws {
        let promtool = try ExternalTool.promtool.require()
        let tree = try Self.compile()
        let plain = tree.deletingLastPathComponent()
        let dir = try TestSupport.temporaryDirectory("k8s-groups")
        var extracted: [String: URL] = [:]
        for (rel, doc) in try Self.documents(tree) where doc["kind"] as? String == "PrometheusRule" {
            let spec = try #require(doc["spec"] as? [String: Any])
            let file = dir.appendingPathComponent((rel as NSString).lastPathComponent)
            try Data(try Yams.dump(object: ["groups": spec["groups"]!]).utf8).write(to: file)
            extracted[(rel as NSString).lastPathComponent] = file
            let run = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal", file.path])
            #expect(run.status == 0, "\(rel): \(run.stdout)\(run.stderr)")
        }
        // The same groups as the plain rule files, so the generated unit tests pass against them.
        for service in ["llm-gateway", "secure-api"] {
            let test = plain.appendingPathComponent("prometheus/global/rules/\(service).test.yml")
            var text = try String(contentsOf: test, encoding: .utf8)
            let sli = try #require(extracted["\(service)-sli-eu-west.yaml"])
            let slo = try #require(extracted["\(service)-slo.yaml"])
            text = text.replacingOccurrences(of: "../../eu-west/rules/\(service).sli.rules.yml", with: sli.path)
                .replacingOccurrences(of: "\(service).slo.rules.yml", with: slo.path)
            let moved = dir.appendingPathComponent("\(service).test.yml")
            try Data(text.utf8).write(to: moved)
            #expect(text.contains(sli.path) && text.contains(slo.path), "rule_files not replaced:\n\(text.prefix(400))")
            let run = try TestSupport.run(promtool, ["test", "rules", moved.path])
            #expect(run.status == 0, "\(service): \(run.stdout)\(run.stderr)")
        }
    }

    @Test("a label value that is not Kubernetes label syntax is a located error, and nothing is written")
    func hostileLabels() throws {
        let dir = try TestSupport.temporaryDirectory("k8s-hostile")
        let source = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        let hostile = source.replacingOccurrences(
            of: "labels: {release: kube-prometheus-stack}",
            with: "labels: {release: \"x\\n  evil: injected\", \"bad key!\": ok}")
        try Data(hostile.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        // Beside the catalog, not in it: oac refuses an output folder its catalog folder would read back.
        let out = try TestSupport.temporaryDirectory("k8s-hostile-out").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", dir.path, "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("is not a Kubernetes label value"), "\(run.stderr)")
        #expect(run.stderr.contains("`bad key!` is not a Kubernetes label key"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
