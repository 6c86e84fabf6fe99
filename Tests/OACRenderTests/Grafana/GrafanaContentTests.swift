import Foundation
import OACCatalog
import OACModel
import Testing

@testable import OACRender

/// What each dashboard shows for the example catalog, and that the output is stable.
@Suite("Grafana dashboard content")
struct GrafanaContentTests {
    static func titles(_ d: [String: Any]) -> [String] { GrafanaTestSupport.panels(d).compactMap { $0["title"] as? String } }

    static func panel(_ d: [String: Any], _ title: String) -> [String: Any]? {
        GrafanaTestSupport.panels(d).first { $0["title"] as? String == title }
    }

    static func thresholdValues(_ panel: [String: Any]) -> [Double] {
        let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
        let steps = (defaults?["thresholds"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
        return steps.compactMap { ($0["value"] as? NSNumber)?.doubleValue }
    }

    @Test("every SLO of every example service has its row: SLI vs objective, budget, burn rate, events")
    func sloPanels() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let rendered = try GrafanaTestSupport.rendered(model)
        #expect(model.services.count == 5)
        for service in model.services {
            let path = Conventions.serviceDashboardPath(team: service.owner, service: service.name)
            let d = try #require(rendered[path], "no dashboard for \(service.name)")
            #expect(d["uid"] as? String == Conventions.serviceDashboardUID(service.name))
            let titles = Self.titles(d)
            for slo in service.slos {
                #expect(titles.contains { $0.hasPrefix("SLO \(slo.name):") }, "\(service.name)/\(slo.name): no row")
                for suffix in ["SLI vs objective", "error budget remaining", "burn rate"] {
                    #expect(titles.contains("\(slo.name): \(suffix)"), "\(service.name)/\(slo.name): no \(suffix)")
                }
                #expect(titles.contains { $0 == "\(slo.name): events" || $0 == "\(slo.name): query vs threshold" })
                #expect(titles.contains("\(slo.name) attainment (\(slo.windowLabel))"))
                #expect(titles.contains("\(slo.name) budget left"))
                // The burn-rate panel draws each alert factor as a threshold.
                let burn = try #require(Self.panel(d, "\(slo.name): burn rate"))
                // Equal to 1e-12: JSONSerialization reads a 20-digit factor (7/30) through Decimal, off by an ulp.
                let factors = Set(slo.burnRates.map { Double($0.factor.description)! }).sorted()
                let drawn = Set(Self.thresholdValues(burn)).sorted()
                #expect(
                    drawn.count == factors.count && zip(drawn, factors).allSatisfy { abs($0 - $1) <= 1e-12 * $1 },
                    "\(service.name)/\(slo.name): \(drawn) ≠ \(factors)")
                for w in Set(slo.burnRates.flatMap { [$0.short, $0.long] }) {
                    #expect(GrafanaTestSupport.targets(burn).contains { ($0["expr"] as? String)?.hasPrefix(Conventions.burnRate(w) + "{") == true })
                }
                // The objective is both a series and the threshold of the SLI panel.
                let sli = try #require(Self.panel(d, "\(slo.name): SLI vs objective"))
                #expect(Self.thresholdValues(sli) == [Double(slo.objectiveRatio.description)!])
                #expect(GrafanaTestSupport.targets(sli).contains { ($0["expr"] as? String)?.hasPrefix(Conventions.objectiveRatio) == true })
            }
            #expect(titles.contains("Owner") && titles.contains("Tier") && titles.contains("About"))
        }
    }

    @Test("the LLM gateway shows time to first token, tokens in and out, cost per 1k tokens and GPU")
    func llmPanels() throws {
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        let d = try #require(rendered["grafana/llm-infra/llm-gateway.json"])
        let tokens = try #require(Self.panel(d, "Tokens per second"))
        let exprs = GrafanaTestSupport.targets(tokens).compactMap { $0["expr"] as? String }
        #expect(exprs.contains { $0.contains("llm_input_tokens_total{") })
        #expect(exprs.contains { $0.contains("llm_output_tokens_total{") })
        let ttft = try #require(Self.panel(d, "Time to first token"))
        #expect(GrafanaTestSupport.targets(ttft).allSatisfy { ($0["expr"] as? String)?.contains("llm_time_to_first_token_seconds_bucket") == true })
        #expect(Self.panel(d, "Cost per 1k tokens") != nil)
        #expect(Self.panel(d, "GPU utilisation") != nil)
        #expect(Self.panel(d, "Prediction latency") == nil, "model-serving panels belong to model-serving services")
    }

    @Test("model serving and pipeline services get the panels their metrics allow")
    func typePanels() throws {
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        let bert = try #require(rendered["grafana/ml-platform/bert-model-serving.json"])
        for title in ["Prediction latency", "Batch size", "GPU utilisation", "GPU memory"] {
            #expect(Self.panel(bert, title) != nil, "bert: \(title)")
        }
        let pipeline = try #require(rendered["grafana/data-engineering/feature-pipeline.json"])
        for title in ["Freshness", "Completeness", "Data quality"] { #expect(Self.panel(pipeline, title) != nil, "\(title)") }
        let api = try #require(rendered["grafana/ml-platform/api-gateway.json"])
        #expect(!Self.titles(api).contains { ["Model serving", "LLM serving", "Pipeline", "GPU"].contains($0) })
    }

    @Test("a service declaring no matching metric gets no type panels")
    func noUndeclaredPanels() throws {
        let catalog = GrafanaTestSupport.catalog(
            service: """
                type: llm-serving
                metrics: [{name: requests_total, type: counter}]
                """)
        let d = try #require(GrafanaTestSupport.rendered(catalog.model())["grafana/t/svc.json"])
        #expect(Self.titles(d) == ["Overview", "About"])
    }

    @Test("metric roles follow names and types")
    func roles() {
        func service(_ metrics: [(String, MetricType)]) -> Service {
            Service(
                name: "s", description: nil, owner: "t", tier: "x", type: .api, regions: [], job: "s", runbook: nil,
                targets: .none, instances: 1,
                metrics: metrics.map { MetricSpec(name: $0.0, type: $0.1, help: nil, labels: [], buckets: [], quantiles: []) },
                logs: [], slos: [])
        }
        let r = MetricRoles(
            service([
                ("inference_latency_seconds", .histogram), ("http_request_duration_seconds", .histogram),
                ("prompt_tokens_total", .counter), ("completion_tokens_total", .counter),
                ("gpu_util_percent", .gauge), ("tokens_total", .gauge)
            ]))
        #expect(r.predictionLatency?.name == "inference_latency_seconds")
        #expect(r.inputTokens?.name == "prompt_tokens_total")
        #expect(r.outputTokens?.name == "completion_tokens_total")
        #expect(r.gpuUtilization?.name == "gpu_util_percent")
        #expect(ServiceSignals.unit(of: r.gpuUtilization!) == "percent")
        // A gauge is not a token counter; a counter is not a latency histogram.
        let wrongType = MetricRoles(service([("input_tokens", .gauge), ("request_duration_seconds", .counter)]))
        #expect(wrongType.inputTokens == nil && wrongType.predictionLatency == nil)
    }

    @Test("team overviews list every SLO of the team and its firing alerts")
    func teams() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let rendered = try GrafanaTestSupport.rendered(model)
        for team in model.teams {
            let d = try #require(rendered[Conventions.teamDashboardPath(team.name)])
            #expect(d["uid"] as? String == Conventions.teamDashboardUID(team.name))
            let titles = Self.titles(d)
            for service in model.services where service.owner == team.name {
                for slo in service.slos { #expect(titles.contains("\(service.name) · \(slo.name)")) }
            }
            let exprs = GrafanaTestSupport.exprs(d)
            #expect(exprs.contains("ALERTS{team=\"\(team.name)\",alertstate=\"firing\"}"))
        }
    }

    @Test("the platform dashboard prices series and logs with the catalog's pricing and shows federation lag")
    func platform() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let d = try #require(try GrafanaTestSupport.rendered(model)["grafana/platform/platform.json"])
        #expect(d["uid"] as? String == Conventions.platformDashboardUID)
        let exprs = GrafanaTestSupport.exprs(d)
        #expect(exprs.contains { $0.hasSuffix("/ 1000 * 7.2") })
        #expect(exprs.contains { $0.contains("loki_distributor_bytes_received_total") && $0.hasSuffix("* 0.5") })
        #expect(Self.panel(d, "Federation lag") != nil)
        let minimal = try #require(try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/minimal"))["grafana/platform/platform.json"])
        #expect(Self.panel(minimal, "Federation lag") == nil, "no federation, no lag panel")
    }

    @Test("dashboards link service, team and platform to each other, absolutely under the catalog's Grafana URL")
    func links() throws {
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        func urls(_ path: String) -> [String] {
            (rendered[path]?["links"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        }
        // spec.grafana.url of catalog/example/platform.yaml.
        let root = "https://grafana.acme-ml.example.com"
        #expect(urls("grafana/ml-platform/bert-model-serving.json").contains("\(root)/d/oac-team-ml-platform"))
        #expect(urls("grafana/ml-platform/bert-model-serving.json").contains("\(root)/d/oac-platform"))
        #expect(urls("grafana/ml-platform/team-overview.json").contains("\(root)/d/oac-svc-bert-model-serving"))
        // Without a Grafana URL the links stay relative to whatever Grafana serves the dashboard.
        let minimal = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/minimal"))
        let relative = (minimal["grafana/storefront/checkout-api.json"]?["links"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        #expect(relative.contains("/d/oac-platform"))
        let platformLinks = rendered["grafana/platform/platform.json"]?["links"] as? [[String: Any]] ?? []
        #expect(platformLinks.contains { ($0["tags"] as? [String]) == [Conventions.teamDashboardTag] })
    }

    @Test("catalog text reaching a text panel is escaped Markdown and only http(s) runbooks become links")
    func markdown() {
        #expect(Markdown.escape("a *b* [c](d) <e> $region") == #"a \*b\* \[c\]\(d\) \<e\> &#36;region"#)
        #expect(Markdown.link("x", "javascript:alert(1)") == "javascript:alert\\(1\\)")
        #expect(Markdown.link("r", "https://x.example/a (b)") == "[r](https://x.example/a%20%28b%29)")
    }

    @Test("runbook links skip URL parsing only for plain http(s) URLs, with the parsed text")
    func plainLinks() {
        let plain = [
            "https://runbooks.example.com/svc-00001", "http://wiki/a/b_c~d.e", "https://x.example",
            "https://a-b.c9.example/", "http://10.0.0.1/run-book"
        ]
        for url in plain {
            #expect(Markdown.isPlainWebURL(url), "\(url)")
            #expect(Markdown.link("r_b", url) == Markdown.parsedLink("r_b", url), "\(url)")
        }
        let other = [
            "HTTPS://x.example/a", "https://-x.example/", "https://x..example/", "https:///a", "https://",
            "https://x.example:8080/a", "https://x.example/a?b=c", "https://x.example/a#b",
            "https://x.example/a%20b", "https://user@x.example/", "ftp://x.example/", "https://x.example/a b",
            "https://x.example/é", "https://x-.example/"
        ]
        for url in other {
            #expect(!Markdown.isPlainWebURL(url), "\(url)")
            #expect(Markdown.link("r", url) == Markdown.parsedLink("r", url), "\(url)")
        }
        #expect(Markdown.escape("plain text: no change") == "plain text: no change")
        #expect(Markdown.escape("é_ $x") == "é\\_ &#36;x")
    }

    @Test("threshold steps are sorted by value, the last colour given for a value wins")
    func thresholdSteps() {
        let t = Thresholds(base: "green", [(6, "orange"), (14, "red"), (6, "red"), (1, "blue")])
        #expect(
            t.steps == [
                ThresholdStep(value: nil, color: "green"), ThresholdStep(value: 1, color: "blue"),
                ThresholdStep(value: 6, color: "red"), ThresholdStep(value: 14, color: "red")
            ])
        let sorted = Thresholds(base: "red", [(0, "orange"), (ExactDecimal("0.25")!, "green")])
        #expect(sorted.steps.map(\.value) == [nil, 0, ExactDecimal("0.25")!])
        #expect(Thresholds(base: "text", []).steps == [ThresholdStep(value: nil, color: "text")])
    }

    @Test("service names that equal a reserved file name get a distinct path")
    func reservedPaths() {
        #expect(Conventions.serviceDashboardPath(team: "t", service: "team-overview") == "grafana/t/team-overview.service.json")
        #expect(Conventions.serviceDashboardPath(team: "platform", service: "platform") == "grafana/platform/platform.service.json")
        #expect(Conventions.serviceDashboardPath(team: "t", service: "platform") == "grafana/t/platform.json")
    }

    @Test("output is byte-identical across runs and file orders")
    func deterministic() throws {
        let files = try GrafanaTestSupport.files("catalog/example")
        let a = GrafanaRenderer.render(try GrafanaTestSupport.model(files))
        let b = GrafanaRenderer.render(try GrafanaTestSupport.model(files))
        let shuffled = files.reversed().enumerated().map { i, f in SourceFile(path: "z/\(99 - i)-\(f.path.count).yaml", contents: f.contents) }
        let c = GrafanaRenderer.render(try GrafanaTestSupport.model(shuffled))
        #expect(a == b)
        #expect(a == c)
        #expect(a.map(\.path) == a.map(\.path).sorted())
    }

    @Test("one dashboard of each kind matches its golden file")
    func golden() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let files = Dictionary(uniqueKeysWithValues: GrafanaRenderer.render(model).map { ($0.path, $0.contents) })
        for (path, golden) in [
            ("grafana/llm-infra/llm-gateway.json", "llm-gateway.json"),
            ("grafana/llm-infra/team-overview.json", "team-overview-llm-infra.json"),
            ("grafana/platform/platform.json", "platform.json"),
            (Conventions.grafanaProvisioningFile, "dashboards.yaml")
        ] {
            GrafanaTestSupport.assertGolden(try #require(files[path], "\(path) not rendered"), golden)
        }
    }

    @Test("alert annotations show only what ALERTS series carry: their labels, never annotations such as summary")
    func annotationText() throws {
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        for (path, dashboard) in rendered {
            let list = ((dashboard["annotations"] as? [String: Any])?["list"] as? [[String: Any]]) ?? []
            for annotation in list {
                guard let text = annotation["textFormat"] as? String else { continue }
                // ALERTS{alertname, alertstate, <the rule's labels>}: service, slo, severity on every oac alert.
                let fields = text.matches(of: /\{\{([a-z_]+)\}\}/).map { String($0.1) }
                #expect(!fields.isEmpty)
                #expect(Set(fields).isSubset(of: ["alertname", "alertstate", "service", "slo", "severity"]), "\(path): \(text)")
            }
        }
    }
}
