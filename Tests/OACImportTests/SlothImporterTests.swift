import Foundation
import OACDiagnostics
import OACImport
import OACModel
import Testing

@Suite("Sloth import")
struct SlothImporterTests {
    static let examples = [
        "contrib-denominator-corrected.yaml", "contrib-slo-plugins.yml", "getting-started.yml",
        "home-wifi.yml", "k8s-getting-started.yml", "kubernetes-apiserver.yml", "no-alerts.yml",
        "openslo-getting-started.yml", "raw-home-wifi.yml"
    ]

    @Test("every Sloth example imports without errors and compiles", arguments: examples)
    func examplesCompile(file: String) throws {
        let (catalog, diagnostics) = try ImportSupport.sloth(["sloth/\(file)"])
        #expect(!diagnostics.hasErrors, "\(ImportSupport.lines(diagnostics))")
        #expect(!catalog.services.isEmpty)
        #expect(catalog.services.allSatisfy { !$0.slos.isEmpty })
        let result = ImportSupport.compile(catalog)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        #expect(!result.outputs.isEmpty)
    }

    @Test("getting-started maps to selectors, its owner, labels and alert settings")
    func gettingStarted() throws {
        let (catalog, diagnostics) = try ImportSupport.sloth(["sloth/getting-started.yml"])
        let service = try #require(catalog.service(named: "myservice"))
        #expect(service.owner == "myteam")
        #expect(catalog.teams == ["myteam"])
        let slo = try #require(service.slos.first)
        #expect(slo.name == "requests-availability")
        #expect(slo.objective == Decimal(string: "99.9"))
        #expect(slo.window == .rolling(.days(30)))
        #expect(
            slo.sli
                == .events(
                    counting: .bad,
                    selector: #"http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}"#,
                    total: #"http_request_duration_seconds_count{job="myservice"}"#))
        #expect(slo.labels == [KeyValue("category", "availability"), KeyValue("repo", "myorg/myservice")])
        // What does not map is reported where it is written.
        let lines = ImportSupport.lines(diagnostics)
        #expect(lines.contains { $0.hasPrefix("6:3 warning import-not-kept: label `tier: 2`") })
        #expect(lines.contains { $0.hasPrefix("17:13 warning import-not-kept: alert name `MyServiceHighErrorRate`") })
        #expect(lines.contains { $0.hasPrefix("25:11 warning import-not-kept: page alert label `severity: pageteam`") })
        #expect(diagnostics.items.allSatisfy { $0.severity == .warning && $0.location?.file == "sloth/getting-started.yml" })
    }

    @Test("the Kubernetes form imports the same catalog as the plain spec")
    func kubernetesForm() throws {
        let (plain, _) = try ImportSupport.sloth(["sloth/getting-started.yml"])
        let (k8s, _) = try ImportSupport.sloth(["sloth/k8s-getting-started.yml"])
        #expect(plain.services == k8s.services)
    }

    @Test("a count-minus-bucket error query becomes a latency SLI")
    func latency() throws {
        let (catalog, _) = try ImportSupport.sloth(["sloth/kubernetes-apiserver.yml"])
        let slo = try #require(catalog.service(named: "k8s-apiserver")?.slos.first { $0.name == "requests-latency" })
        #expect(slo.sli == .latency(histogram: #"apiserver_request_duration_seconds{verb!="WATCH"}"#, threshold: Decimal(string: "0.4")!))
        #expect(catalog.service(named: "k8s-apiserver")?.runbook?.hasSuffix("#alert-name-kubeapierrorshigh") == true)
    }

    @Test("queries that are not a sum of rates keep their PromQL with $window")
    func queries() throws {
        let (catalog, _) = try ImportSupport.sloth(["sloth/home-wifi.yml"])
        let slo = try #require(catalog.service(named: "home-wifi")?.slos.first { $0.name == "good-wifi-client-satisfaction" })
        #expect(
            slo.sli
                == .eventQueries(
                    counting: .bad,
                    query: "sum_over_time((count(unifipoller_client_satisfaction_ratio < 0.75))[$window:]) OR on() vector(0)",
                    total: "sum_over_time((count(unifipoller_client_satisfaction_ratio))[$window:])"))
    }

    @Test("a raw error ratio becomes one event per slice, and says so")
    func rawRatio() throws {
        let (catalog, diagnostics) = try ImportSupport.sloth(["sloth/raw-home-wifi.yml"])
        let slo = try #require(catalog.service(named: "home-wifi")?.slos.first)
        guard case .eventQueries(.bad, let q, let total) = slo.sli else {
            Issue.record("expected a query SLI, got \(slo.sli)")
            return
        }
        #expect(q.contains("[$window]"))
        #expect(total == "count(\(q))")
        #expect(diagnostics.items.contains { $0.ruleID == ImportCheck.approximated && $0.location?.line == 26 })
    }

    @Test("disabled alerts and Sloth plugins are carried over or reported")
    func alertsAndPlugins() throws {
        let (catalog, _) = try ImportSupport.sloth(["sloth/no-alerts.yml"])
        let slo = try #require(catalog.service(named: "myapp")?.slos.first)
        #expect(!slo.page && !slo.ticket)
        let (_, d) = try ImportSupport.sloth(["sloth/contrib-slo-plugins.yml"])
        #expect(d.items.filter { $0.message.contains("SLO plugins") }.map(\.location?.line) == [13, 44])
    }

    @Test("an SLI plugin is rejected with its reason, the rest of the file still imports")
    func sliPlugin() {
        var importer = SlothImporter()
        importer.importFile(
            path: "p.yml",
            contents: """
                version: prometheus/v1
                service: svc
                slos:
                  - name: a
                    objective: 99
                    sli:
                      plugin: {id: sloth-common/availability, options: {job: x}}
                  - name: b
                    objective: 99
                    sli:
                      events: {error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))'}
                """)
        #expect(importer.catalog.service(named: "svc")?.slos.map(\.name) == ["b"])
        #expect(importer.diagnostics.items.contains { $0.ruleID == ImportCheck.rejected && $0.location?.line == 7 })
    }

    @Test("input that is not a Sloth spec is an error")
    func notSloth() {
        var importer = SlothImporter()
        importer.importFile(path: "x.yml", contents: "apiVersion: v1\nkind: ConfigMap\n")
        #expect(importer.diagnostics.hasErrors)
        var broken = SlothImporter()
        broken.importFile(path: "y.yml", contents: "version: prometheus/v1\nservice: [unclosed\n")
        #expect(broken.diagnostics.hasErrors)
    }
}
