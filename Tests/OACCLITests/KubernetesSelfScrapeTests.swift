import Foundation
import OACTestSupport
import Testing
import Yams

/// `spec.kubernetes.prometheus: true`: the operator's Prometheus does not scrape itself, so the tree holds the
/// self-monitoring jobs as ScrapeConfigs, and `OACPrometheusDown` (`up{job="prometheus"} == 0`) can fire on
/// Kubernetes as it does outside. The job a target ends up with is computed as the operator computes it, from the
/// rendered ScrapeConfig, and compared with the job the rendered alert selects: neither is written in this file.
@Suite("Kubernetes self-monitoring scrapes")
struct KubernetesSelfScrapeTests {
    static func selfConfigs(_ docs: [String: [String: Any]]) -> [String: [String: Any]] {
        docs.filter { $0.value["kind"] as? String == "ScrapeConfig" && $0.key.hasPrefix("prometheus/self/") }
    }

    /// The relabel_configs the Prometheus Operator writes for a ScrapeConfig (v0.93.0, the version of the CRDs
    /// under Fixtures/k8s-crds: `generateScrapeConfig` in pkg/prometheus/promcfg.go): the scrape job is named
    /// `scrapeConfig/<namespace>/<name>`; it first copies `job` to `__tmp_prometheus_job_name`, then sets `job`
    /// to `spec.jobName` when there is one (`action: replace` with a `replacement`), then `spec.relabelings`
    /// (with no scrape class and no `enforcedNamespaceLabel`, as the generated Prometheus resources have; a
    /// hashmod follows only on a Prometheus with more than one shard).
    static func operatorRelabelings(_ spec: [String: Any]) -> [[String: Any]] {
        var out: [[String: Any]] = [["source_labels": ["job"], "target_label": "__tmp_prometheus_job_name"]]
        if let job = spec["jobName"] as? String { out.append(["target_label": "job", "action": "replace", "replacement": job]) }
        for r in spec["relabelings"] as? [[String: Any]] ?? [] {
            // The CRD's camel-case fields are Prometheus' snake-case ones.
            var c: [String: Any] = [:]
            for (k, v) in r {
                c[["sourceLabels": "source_labels", "targetLabel": "target_label"][k] ?? k] = v
            }
            out.append(c)
        }
        return out
    }

    /// Prometheus' relabelling of a target's labels for the actions `replace` (the default), `keep` and `drop`;
    /// nil when the target is dropped. Any other action is recorded as an issue (this file does not model it).
    static func relabel(_ start: [String: String], _ configs: [[String: Any]]) throws -> [String: String]? {
        var labels = start
        for c in configs {
            let sources = c["source_labels"] as? [String] ?? []
            let value = sources.map { labels[$0] ?? "" }.joined(separator: c["separator"] as? String ?? ";")
            let regex = try Regex("^(?:\(c["regex"] as? String ?? "(.*)"))$")
            let match = value.wholeMatch(of: regex)
            switch c["action"] as? String ?? "replace" {
            case "replace":
                guard let match, let target = c["target_label"] as? String else { continue }
                var result = c["replacement"] as? String ?? "$1"
                for i in stride(from: match.output.count - 1, through: 0, by: -1) {
                    let group = match.output[i].substring.map(String.init) ?? ""
                    result = result.replacingOccurrences(of: "${\(i)}", with: group).replacingOccurrences(of: "$\(i)", with: group)
                }
                if result.isEmpty { labels[target] = nil } else { labels[target] = result }
            case "keep": if match == nil { return nil }
            case "drop": if match != nil { return nil }
            case let other: Issue.record("relabel action \(other) is not modelled here")
            }
        }
        return labels
    }

    /// Every target of a ScrapeConfig with the labels it is scraped under: its static group's labels, then the
    /// operator's relabelings; `__` labels dropped and `instance` defaulting to the address, as Prometheus does.
    static func scrapedTargets(_ doc: [String: Any]) throws -> [[String: String]] {
        let spec = try #require(doc["spec"] as? [String: Any])
        let meta = try #require(doc["metadata"] as? [String: Any])
        let jobName = "scrapeConfig/\(meta["namespace"] as? String ?? "")/\(meta["name"] as? String ?? "")"
        var out: [[String: String]] = []
        for group in spec["staticConfigs"] as? [[String: Any]] ?? [] {
            for address in group["targets"] as? [String] ?? [] {
                var labels = group["labels"] as? [String: String] ?? [:]
                labels["job"] = jobName
                labels["__address__"] = address
                labels["__metrics_path__"] = spec["metricsPath"] as? String ?? "/metrics"
                guard var kept = try relabel(labels, operatorRelabelings(spec)) else { continue }
                if kept["instance"] == nil { kept["instance"] = kept["__address__"] }
                out.append(kept.filter { !$0.key.hasPrefix("__") })
            }
        }
        return out
    }

    /// The rendered self-monitoring PrometheusRule's alert `name`.
    static func alert(_ docs: [String: [String: Any]], _ name: String) throws -> [String: Any] {
        let spec = try #require(docs["rules/oac-self-monitoring.yaml"]?["spec"] as? [String: Any])
        let rules = (spec["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }
        return try #require(rules.first { $0["alert"] as? String == name }, "alert \(name)")
    }

    /// The `job` the rendered `OACPrometheusDown` expression selects (its `job="…"` matcher).
    static func downJob(_ docs: [String: [String: Any]]) throws -> String {
        let expr = try #require(try alert(docs, "OACPrometheusDown")["expr"] as? String)
        return try #require(expr.firstMatch(of: /\bjob\s*=\s*"([^"]*)"/)?.output.1, "no job matcher in \(expr)").description
    }

    /// Whether Prometheus `prom`'s `<kind>Selector` and its namespace selector take `doc`.
    static func selects(_ prom: [String: Any], _ doc: [String: Any]) -> Bool {
        let kind = doc["kind"] as! String
        let key = "\(kind.prefix(1).lowercased())\(kind.dropFirst())"
        guard let wanted = KubernetesPrometheusTests.matchLabels(prom, "\(key)Selector") else { return false }
        let namespace = (doc["metadata"] as? [String: Any])?["namespace"] as? String ?? ""
        let labels = KubernetesPrometheusTests.labels(doc)
        return wanted.allSatisfy { labels[$0.key] == $0.value }
            && KubernetesPrometheusTests.matchLabels(prom, "\(key)NamespaceSelector") == ["kubernetes.io/metadata.name": namespace]
    }

    static func prometheuses(_ docs: [String: [String: Any]]) -> [String: [String: Any]] {
        docs.filter { $0.value["kind"] as? String == "Prometheus" }.mapValues { $0["spec"] as! [String: Any] }
    }

    @Test("after the operator's relabeling every shard's and the global's own /metrics are the job OACPrometheusDown selects")
    func jobMatchesAlert() throws {
        let (tree, plain) = try KubernetesFederationTests.compile()
        let docs = try KubernetesTreeTests.documents(tree)
        let selected = try Self.downJob(docs)
        var instances: [String: [String: String]] = [:]
        for (rel, doc) in Self.selfConfigs(docs) where rel.hasPrefix("prometheus/self/prometheus.") {
            for target in try Self.scrapedTargets(doc) {
                #expect(target["job"] == selected, "\(rel): \(target)")
                instances[target["instance"]!] = target
            }
        }
        // By hand: the operator's pods (KubernetesFederationTests.targets) of eu-west's 2 shards, us-east's 1 and
        // the global, each at `<pod>.prometheus-operated.monitoring.svc:9090`; a region's shards labelled as the
        // federation labels them.
        let pod = { (name: String) in "\(name).prometheus-operated.monitoring.svc:9090" }
        #expect(
            instances.mapValues { $0.filter { $0.key != "job" && $0.key != "instance" } } == [
                pod("prometheus-oac-eu-west-0"): ["region": "eu-west", "shard": "0"],
                pod("prometheus-oac-eu-west-shard-1-0"): ["region": "eu-west", "shard": "1"],
                pod("prometheus-oac-us-east-0"): ["region": "us-east", "shard": "0"],
                pod("prometheus-oac-global-0"): [:]
            ])
        // As many servers as the plain global's `prometheus` job watches (its own address and each shard's).
        let (_, jobs) = try KubernetesFederationTests.plainJobs(plain)
        let plainJob = try #require(jobs[selected], "the plain global has no job \(selected)")
        let plainTargets = (plainJob["static_configs"] as? [[String: Any]] ?? []).flatMap { $0["targets"] as? [String] ?? [] }
        #expect(plainTargets.count == instances.count, "\(plainTargets)")
    }

    @Test("promtool: a shard pod that stops answering fires OACPrometheusDown with its region and shard", .requires(.promtool))
    func alertFires() throws {
        let promtool = try ExternalTool.promtool.require()
        let (tree, _) = try KubernetesFederationTests.compile()
        let docs = try KubernetesTreeTests.documents(tree)
        let rule = try #require(docs["rules/oac-self-monitoring.yaml"]?["spec"] as? [String: Any])
        let dir = try TestSupport.temporaryDirectory("k8s-self-alert")
        try Data(try Yams.dump(object: ["groups": rule["groups"]!]).utf8).write(to: dir.appendingPathComponent("self.rules.yml"))
        let alertLabels = try #require(try Self.alert(docs, "OACPrometheusDown")["labels"] as? [String: String])
        // Each pod's `up` as the global scrapes it (the labels the relabeling gives), 0 for 10 minutes.
        let targets = try Self.selfConfigs(docs).filter { $0.key.hasPrefix("prometheus/self/prometheus.") }.values.flatMap(Self.scrapedTargets)
        #expect(targets.count == 4)
        func series(_ name: String, _ labels: [String: String]) -> String {
            "\(name){\(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ","))}"
        }
        let firing = targets.map { t in
            [
                "labels": series(
                    "ALERTS", t.merging(alertLabels) { a, _ in a }.merging(["alertname": "OACPrometheusDown", "alertstate": "firing"]) { a, _ in a }),
                "value": 1
            ]
        }
        let test: [String: Any] = [
            "rule_files": ["self.rules.yml"], "evaluation_interval": "1m",
            "tests": [
                [
                    "interval": "1m",
                    "input_series": targets.map { ["series": series("up", $0), "values": "0x10"] },
                    // `for: 5m`: pending before, firing after, once per pod.
                    "promql_expr_test": [
                        ["expr": #"ALERTS{alertname="OACPrometheusDown",alertstate="firing"}"#, "eval_time": "4m", "exp_samples": [] as [Any]],
                        ["expr": #"ALERTS{alertname="OACPrometheusDown",alertstate="firing"}"#, "eval_time": "6m", "exp_samples": firing]
                    ]
                ]
            ]
        ]
        let file = dir.appendingPathComponent("self.test.yml")
        try Data(try Yams.dump(object: test).utf8).write(to: file)
        let run = try TestSupport.run(promtool, ["test", "rules", file.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("only the global Prometheus selects the self-monitoring ScrapeConfigs, so no shard scrapes itself a second time")
    func globalSelects() throws {
        let (tree, plain) = try KubernetesFederationTests.compile()
        let docs = try KubernetesTreeTests.documents(tree)
        let proms = Self.prometheuses(docs)
        let configs = Self.selfConfigs(docs)
        // Hand count: one `prometheus` job per Prometheus resource (eu-west, us-east, global) and one `alertmanager`.
        #expect(configs.count == 4)
        for (rel, doc) in configs {
            #expect(Self.selects(proms["prometheus/oac-global.yaml"]!, doc), "\(rel)")
            #expect(!Self.selects(proms["prometheus/oac-eu-west.yaml"]!, doc), "\(rel)")
            #expect(!Self.selects(proms["prometheus/oac-us-east.yaml"]!, doc), "\(rel)")
        }
        // The global still selects no ServiceMonitor or PodMonitor, and no service's scrape resource.
        let global = proms["prometheus/oac-global.yaml"]!
        #expect(global["serviceMonitorSelector"] == nil && global["podMonitorSelector"] == nil)
        for (rel, doc) in docs where rel.hasPrefix("monitors/") { #expect(!Self.selects(global, doc), "\(rel)") }
        // The Alertmanagers' job is the plain global's: same name, same targets.
        let (_, jobs) = try KubernetesFederationTests.plainJobs(plain)
        let am = try #require(configs["prometheus/self/alertmanager.all.yaml"]?["spec"] as? [String: Any])
        let name = try #require(am["jobName"] as? String)
        let plainJob = try #require(jobs[name], "the plain global has no job \(name)")
        let want = (plainJob["static_configs"] as? [[String: Any]] ?? []).flatMap { $0["targets"] as? [String] ?? [] }
        #expect(try Self.scrapedTargets(configs["prometheus/self/alertmanager.all.yaml"]!).map { $0["instance"]! } == want)
        #expect(try Self.scrapedTargets(configs["prometheus/self/alertmanager.all.yaml"]!).allSatisfy { $0["job"] == name })
    }

    @Test("with Thanos each region's Prometheus scrapes its own shards, and the first region the Alertmanagers")
    func thanosRegionsSelect() throws {
        let run = try KubernetesThanosRulerTests.compile()
        try #require(run.status == 0, "\(run.stderr)")
        let docs = try KubernetesTreeTests.documents(run.tree)
        let proms = Self.prometheuses(docs)
        let configs = Self.selfConfigs(docs)
        #expect(
            Set(configs.keys) == [
                "prometheus/self/prometheus.oac-eu-west.yaml", "prometheus/self/prometheus.oac-us-east.yaml", "prometheus/self/alertmanager.all.yaml"
            ])
        for (rel, doc) in configs {
            let scrapers = Set(proms.filter { Self.selects($0.value, doc) }.map(\.key))
            // The plain layout: each shard scrapes itself; the first shard of the first region (eu-west) the Alertmanagers.
            let want = rel.contains("us-east") ? "prometheus/oac-us-east.yaml" : "prometheus/oac-eu-west.yaml"
            #expect(scrapers == [want], "\(rel): \(scrapers)")
        }
    }

    /// catalog/kubernetes on one Prometheus (no global, one region of one shard), owning its Prometheus resource.
    static func singleTree() throws -> URL {
        let dir = try TestSupport.temporaryDirectory("k8s-single")
        var text = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        for (from, to) in [
            ("  global: {mode: federation, address: \"prometheus-global.monitoring.svc:9090\", retention: 60d}\n", ""),
            ("    - {name: us-east, shards: 1, address: \"prometheus-us-east-{shard}.monitoring.svc:9090\"}\n", ""),
            ("{name: eu-west, shards: 2,", "{name: eu-west, shards: 1,"), ("regions: [us-east]", "regions: [eu-west]"),
            ("    labels: {release: kube-prometheus-stack}\n", "    labels: {release: kube-prometheus-stack}\n    prometheus: true\n")
        ] {
            #expect(text.contains(from), "\(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        return out.appendingPathComponent("kubernetes")
    }

    @Test("a single Prometheus selects every scrape resource oac writes, its own /metrics among them")
    func singleSelectsAll() throws {
        let docs = try KubernetesTreeTests.documents(try Self.singleTree())
        let proms = Self.prometheuses(docs)
        #expect(Array(proms.keys) == ["prometheus/oac.yaml"])
        let single = try #require(proms["prometheus/oac.yaml"])
        let scrapeResources = docs.filter { ["PodMonitor", "ServiceMonitor", "ScrapeConfig"].contains($0.value["kind"] as? String) }
        // Hand count: the 3 services' monitors, the `prometheus` job of `oac` and the `alertmanager` job.
        #expect(scrapeResources.count == 5)
        for (rel, doc) in scrapeResources { #expect(Self.selects(single, doc), "\(rel)") }
        let own = try Self.scrapedTargets(try #require(docs["prometheus/self/prometheus.oac.yaml"]))
        let selected = try Self.downJob(docs)
        #expect(own.map { $0["instance"]! } == ["prometheus-oac-0.prometheus-operated.monitoring.svc:9090"])
        #expect(own.allSatisfy { $0["job"] == selected }, "\(own) vs \(selected)")
    }

    @Test("the single Prometheus's tree validates against the CRDs and kubectl kustomize renders it", .requires(.python3), .requires(.kubectl))
    func singleValidates() throws {
        let kubectl = try ExternalTool.kubectl.require()
        let tree = try Self.singleTree()
        if let run = try KubernetesTreeTests.validate(tree) {
            // Hand count: rules 2 services + self-monitoring; 3 monitors; 3 AlertmanagerConfigs; 7 dashboard
            // ConfigMaps; the `oac` Prometheus and its 2 self-monitoring ScrapeConfigs.
            #expect(run.status == 0 && run.stdout.contains("19 objects checked, 0 problems"), "\(run.stdout)\(run.stderr)")
        }
        let rendered = try TestSupport.run(kubectl, ["kustomize", tree.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try Yams.load_all(yaml: rendered.stdout).compactMap { $0 as? [String: Any] }.count == 19)
    }

    @Test("the relabeling model follows the operator: a relabeling after jobName can change the job, so the check above can fail")
    func relabelModelCanFail() throws {
        let doc: [String: Any] = [
            "metadata": ["name": "x", "namespace": "monitoring"],
            "spec": [
                "jobName": "prometheus", "staticConfigs": [["targets": ["a:9090"]]],
                "relabelings": [["targetLabel": "job", "replacement": "prometheus-k8s"]]
            ]
        ]
        #expect(try Self.scrapedTargets(doc) == [["job": "prometheus-k8s", "instance": "a:9090"]])
        var bare = doc
        bare["spec"] = ["staticConfigs": [["targets": ["a:9090"]]]]
        // Without jobName the job is the operator's scrape job name.
        #expect(try Self.scrapedTargets(bare) == [["job": "scrapeConfig/monitoring/x", "instance": "a:9090"]])
    }
}
