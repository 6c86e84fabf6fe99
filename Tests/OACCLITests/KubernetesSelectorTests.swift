import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.kubernetes.selectors`: each consumer's selector labels land on its own resources only, and a
/// selector no generated resource can satisfy, or a namespace the consumer does not read, is a located error.
@Suite("Kubernetes selectors")
struct KubernetesSelectorTests {
    /// `{kubernetes}` is replaced by the body of `spec.kubernetes`.
    static let catalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: k8s}
        spec:
          prometheus: {version: "2.45", scrapeInterval: 30s, evaluationInterval: 30s}
          retentionTiers:
            - {name: std, metrics: {local: 30d}}
          alerting: {owner: ml}
          kubernetes:
        {kubernetes}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: ml}
        spec:
          ticket: {email: {to: ml@example.com}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: api}
        spec:
          owner: ml
          tier: std
          targets:
            kubernetes: {namespace: ml, selector: "app=api"}
          metrics:
            - {name: http_requests_total, type: counter, labels: {code: 5}}
          slos:
            - name: availability
              objective: 99.9
              sli:
                events:
                  bad: 'http_requests_total{job="api",code=~"5.."}'
                  total: 'http_requests_total{job="api"}'
        """

    static func run(_ kubernetes: String, command: String = "check", service: (String, String)? = nil) throws -> (
        run: TestSupport.Run, out: URL, line: (String) -> Int?
    ) {
        let dir = try TestSupport.temporaryDirectory("k8s-selectors")
        var text = catalog.replacingOccurrences(of: "{kubernetes}", with: kubernetes)
        if let (from, to) = service { text = text.replacingOccurrences(of: from, with: to) }
        // An email receiver needs the platform's SMTP settings.
        text = text.replacingOccurrences(
            of: "  alerting: {owner: ml}",
            with: "  alerting: {owner: ml, smtp: {smarthost: \"smtp.example.com:587\", from: am@example.com}}")
        let catalogDir = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalogDir, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalogDir.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        let args = command == "compile" ? ["compile", catalogDir.path, "--out", out.path] : ["check", catalogDir.path]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (
            try TestSupport.oac(args), out.appendingPathComponent("kubernetes"),
            { needle in lines.firstIndex { $0.contains(needle) }.map { $0 + 1 } }
        )
    }

    static func labels(_ file: URL) throws -> [String: String] {
        let doc = try #require(try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any])
        return ((doc["metadata"] as? [String: Any])?["labels"] as? [String: String]) ?? [:]
    }

    @Test("each consumer's key=value terms label its own resources and no other")
    func perConsumerLabels() throws {
        let (run, tree, _) = try Self.run(
            """
                namespace: monitoring
                labels: {release: kps}
                selectors:
                  rules: {labels: "release=kps,oac-rules=true"}
                  monitors: {labels: "release,scrape-tier=std", namespaces: [monitoring, ml]}
            """, command: "compile")
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        let rule = try Self.labels(tree.appendingPathComponent("rules/api.yaml"))
        let monitor = try Self.labels(tree.appendingPathComponent("monitors/api.yaml"))
        #expect(rule == ["release": "kps", "oac-rules": "true", "app.kubernetes.io/managed-by": "oac"])
        #expect(monitor == ["release": "kps", "scrape-tier": "std", "app.kubernetes.io/managed-by": "oac"])
    }

    @Test("a selector term that contradicts spec.kubernetes.labels is an error at the selector's line")
    func contradiction() throws {
        let (run, _, line) = try Self.run(
            """
                namespace: monitoring
                labels: {release: kps}
                selectors:
                  rules: {labels: "release=prometheus"}
            """)
        #expect(run.status == 1)
        let at = try #require(line("release=prometheus"))
        #expect((run.stdout + run.stderr).contains("catalog.yaml:\(at):"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("`release=prometheus` contradicts `spec.kubernetes.labels` (`release: kps`)"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("the rules consumer would select none of the generated resources"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a selector asking for a label no resource carries, or excluding one they carry, is an error")
    func unsatisfiable() throws {
        let (run, _, _) = try Self.run(
            """
                namespace: monitoring
                labels: {release: kps}
                selectors:
                  rules: {labels: "team"}
                  monitors: {labels: "!release"}
                  alertmanagerConfigs: {labels: "release!=kps"}
            """)
        #expect(run.status == 1)
        #expect((run.stdout + run.stderr).contains("`team` asks for a label no generated resource carries"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("`!release` excludes the resources, which carry `release`"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("`release!=kps` excludes the resources, which carry `release: kps`"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a selector on a label oac sets per resource is an error; managed-by=oac is fine")
    func ownLabels() throws {
        let bad = try Self.run(
            """
                namespace: monitoring
                selectors:
                  rules: {labels: "oac.dev/evaluator=eu-west"}
            """)
        #expect(bad.run.status == 1)
        #expect((bad.run.stdout + bad.run.stderr).contains("oac sets `oac.dev/evaluator` itself"), "\(bad.run.stdout)")
        let fine = try Self.run(
            """
                namespace: monitoring
                selectors:
                  rules: {labels: "app.kubernetes.io/managed-by=oac"}
            """)
        #expect(fine.run.status == 0, "\(fine.run.stderr)")
    }

    @Test("a consumer that does not read the namespace oac writes to is an error at its namespaces")
    func unselectedNamespace() throws {
        let (run, _, line) = try Self.run(
            """
                namespace: monitoring
                selectors:
                  monitors:
                    labels: "release=kps"
                    namespaces: [default, observability]
            """)
        #expect(run.status == 1)
        let at = try #require(line("namespaces: [default, observability]"))
        #expect((run.stdout + run.stderr).contains("catalog.yaml:\(at):"), "\(run.stdout)\(run.stderr)")
        #expect(
            (run.stdout + run.stderr).contains("the monitors consumer reads the namespaces `default`, `observability`, not `monitoring`"),
            "\(run.stdout)\(run.stderr)")
    }

    @Test("label keys and values inside selectors follow Kubernetes syntax, in the platform and in targets")
    func selectorSyntax() throws {
        let (run, _, line) = try Self.run(
            """
                namespace: monitoring
                selectors:
                  rules: {labels: "bad key!=x"}
            """, service: ("selector: \"app=api\"", "selector: \"app=a b c,-x=y\""))
        #expect(run.status == 1)
        #expect(
            (run.stdout + run.stderr).contains("`bad key` in `spec.kubernetes.selectors.rules.labels` is not a Kubernetes label key"),
            "\(run.stdout)\(run.stderr)")
        let at = try #require(line("app=a b c"))
        #expect((run.stdout + run.stderr).contains("catalog.yaml:\(at):"), "\(run.stdout)\(run.stderr)")
        #expect(
            (run.stdout + run.stderr).contains("`a b c` in `spec.targets.kubernetes.selector` is not a Kubernetes label value"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("`-x` in `spec.targets.kubernetes.selector` is not a Kubernetes label key"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a target namespace that is not a Kubernetes namespace name is a located error")
    func targetNamespace() throws {
        let (run, _, line) = try Self.run(
            """
                namespace: monitoring
            """, service: ("namespace: ml,", "namespace: \"ml\\nx: y\","))
        #expect(run.status == 1)
        let at = try #require(line("ml\\nx: y"))
        #expect((run.stdout + run.stderr).contains("catalog.yaml:\(at):"), "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("is not a Kubernetes namespace name"), "\(run.stdout)\(run.stderr)")
    }
}
