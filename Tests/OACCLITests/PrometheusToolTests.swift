import Foundation
import OACTestSupport
import Testing

/// Generated rules and configs checked by Prometheus' and Alertmanager's own tools, for every catalog.
@Suite("Prometheus and Alertmanager accept the output")
struct PrometheusToolTests {
    static let catalogs: [String] = {
        let dir = TestSupport.repoRoot.appendingPathComponent("catalog")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { !$0.hasPrefix(".") && !$0.hasPrefix("broken") }.sorted()
    }()

    /// The catalog list is read from the folder; this pins it, so the tool tests cannot quietly run on none.
    @Test("the tool tests run on exactly the shipped catalogs, example, kubernetes and minimal")
    func catalogsListed() {
        #expect(Self.catalogs == ["example", "kubernetes", "minimal"])
    }

    static func compile(_ catalog: String) throws -> URL {
        let out = try TestSupport.temporaryDirectory("tools").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog, "--out", out.path])
        #expect(run.status == 0, "\(catalog): \(run.stderr)")
        return out
    }

    @Test("promtool check rules --lint=all --lint-fatal passes on every rule file", .requires(.promtool), arguments: catalogs)
    func rulesLint(catalog: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let out = try Self.compile("catalog/\(catalog)")
        let files = Tools.files(in: out, endingWith: ".rules.yml")
        #expect(!files.isEmpty)
        let run = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal"] + files.map(\.path))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("promtool test rules passes on every generated test file", .requires(.promtool), arguments: catalogs)
    func generatedUnitTests(catalog: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let out = try Self.compile("catalog/\(catalog)")
        let files = Tools.files(in: out, endingWith: ".test.yml")
        #expect(!files.isEmpty)
        let run = try TestSupport.run(promtool, ["test", "rules"] + files.map(\.path))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("FAILED"))
    }

    @Test("amtool accepts the Alertmanager config and routes each team's page to its page receiver", .requires(.amtool), arguments: catalogs)
    func alertmanager(catalog: String) throws {
        let amtool = try ExternalTool.amtool.require()
        let out = try Self.compile("catalog/\(catalog)")
        let config = out.appendingPathComponent("alertmanager/alertmanager.yml")
        let check = try TestSupport.run(amtool, ["check-config", config.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let model = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("model.json"))) as? [String: Any])
        let teams = try #require(model["teams"] as? [[String: Any]])
        #expect(!teams.isEmpty)
        for team in teams {
            let name = try #require(team["name"] as? String)
            for severity in ["page", "ticket"] where team[severity] != nil {
                let route = try TestSupport.run(
                    amtool,
                    [
                        "config", "routes", "test", "--config.file=\(config.path)",
                        "team=\(name)", "severity=\(severity)", "service=x", "slo=y"
                    ])
                #expect(
                    route.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(name)-\(severity)",
                    "\(name) \(severity): \(route.stdout)\(route.stderr)")
            }
        }
    }

    /// Latency SLOs over one histogram with different thresholds (p95 under 500ms, p99 under 2s, and a
    /// narrower route at 1s): each one's scenarios write a bucket series for every threshold that reads them.
    static let latencyPairCatalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: latency-pair}
        spec:
          prometheus: {scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
          retentionTiers:
            - name: std
              metrics: {local: 15d, raw: 40d}
              logs: 30d
          grafana: {url: "https://grafana.example.com"}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: web}
        spec:
          page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: shop}
        spec:
          owner: web
          tier: std
          metrics:
            - {name: http_request_duration_seconds, type: histogram, labels: {route: 4}, buckets: [0.1, 0.25, 0.5, 1, 2, 5]}
          slos:
            - name: latency-p95
              objective: 95
              sli:
                latency:
                  histogram: 'http_request_duration_seconds{job="shop"}'
                  threshold: 500ms
            - name: latency-p99
              objective: 99
              sli:
                latency:
                  histogram: 'http_request_duration_seconds{job="shop"}'
                  threshold: 2s
            - name: checkout-latency
              objective: 99.5
              sli:
                latency:
                  histogram: 'http_request_duration_seconds{job="shop",route="/checkout"}'
                  threshold: 1s
        """

    @Test("promtool test rules passes for latency SLOs with different thresholds over one histogram", .requires(.promtool))
    func latencyThresholdsOverOneHistogram() throws {
        let promtool = try ExternalTool.promtool.require()
        let dir = try TestSupport.temporaryDirectory("latency-pair")
        try Data(Self.latencyPairCatalog.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        let out = try Self.compile(dir.path)
        let test = out.appendingPathComponent("prometheus/rules/shop.test.yml")
        let text = try String(contentsOf: test, encoding: .utf8)
        // The p99 SLO's outage also burns the p95 SLO (its slow requests are slower than 500ms): an alert of
        // another SLO derived from the same series, which Prometheus only raises when its bucket is written.
        let outage = try #require(
            text.components(separatedBy: "\n  - name: ")
                .first { $0.hasPrefix("'latency-p99: a total outage") })
        #expect(outage.contains("le=\"0.5\""))
        #expect(outage.contains("le=\"2\""))
        #expect(outage.contains("slo: latency-p95\n"))
        #expect(outage.contains("slo: latency-p99\n"))
        let run = try TestSupport.run(promtool, ["test", "rules", test.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("FAILED"))
    }

    @Test("the secrets in the generated Alertmanager config are file references only")
    func secretsByFile() throws {
        let out = try Self.compile("catalog/example")
        let text = try String(contentsOf: out.appendingPathComponent("alertmanager/alertmanager.yml"), encoding: .utf8)
        #expect(!text.contains("routing_key:"))
        #expect(!text.contains("api_url:"))
        #expect(!text.contains("smtp_auth_password:"))
        #expect(text.contains("routing_key_file:"))
        #expect(text.contains("api_url_file:"))
    }
}

/// Hand-written promtool scenarios (not generated by oac) run against the rules oac generates.
@Suite("Hand-written promtool scenarios")
struct HandWrittenScenarioTests {
    static let fixtures = TestSupport.repoRoot.appendingPathComponent("Tests/OACCLITests/Fixtures/promtool")

    func compileFixture() throws -> URL {
        let out = try TestSupport.temporaryDirectory("scenarios").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", Self.fixtures.appendingPathComponent("catalog.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        return out.appendingPathComponent("prometheus/rules")
    }

    @Test(
        "every SLI kind pages, tickets and reports missing data as worked out by hand", .requires(.promtool),
        arguments: ["scenarios.test.yml", "diurnal.test.yml"])
    func scenarios(file: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let rules = try compileFixture()
        let target = rules.appendingPathComponent(file)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(file), to: target)
        let run = try TestSupport.run(promtool, ["test", "rules", target.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test(
        "doubling a burn-rate factor in the generated rules makes the generated tests fail", .requires(.promtool),
        arguments: ["0.0144", "0.006", "0.003", "0.001"])
    func mutation(threshold: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let rules = try compileFixture()
        let test = rules.appendingPathComponent("shop.test.yml")
        // Unmutated, the generated tests pass.
        #expect(try TestSupport.run(promtool, ["test", "rules", test.path]).status == 0)
        let slo = rules.appendingPathComponent("shop.slo.rules.yml")
        let original = try String(contentsOf: slo, encoding: .utf8)
        let doubled = String(describing: (Decimal(string: threshold)! * 2))
        let mutated = original.replacingOccurrences(of: "> \(threshold) ", with: "> \(doubled) ")
            .replacingOccurrences(of: "> \(threshold))", with: "> \(doubled))")
        #expect(mutated != original, "the threshold \(threshold) appears in the rules")
        try Data(mutated.utf8).write(to: slo)
        let run = try TestSupport.run(promtool, ["test", "rules", test.path])
        #expect(run.status != 0, "a doubled factor (\(threshold) → \(doubled)) went unnoticed")
        #expect(run.stdout.contains("FAILED") || run.stderr.contains("FAILED"))
    }
}
