import Foundation
import OACModel
import OACTestSupport
import Testing

@testable import OACRender

/// The generated promtool test files: scenario plans are computed once per SLO shape and shared by every
/// service (and render thread), so names must come from the service at hand and the SLOs that read a
/// scenario's series must be part of what the plan is shared by.
@Suite("Promtool test files")
struct PromtoolTestFileTests {
    /// The standard prelude with team `web`, which both catalogs below share.
    static let prelude = CatalogBuilder().teams([("web", nil)])

    static let catalog = ["alpha", "beta"].reduce(
        prelude.service(
            "overlap", owner: "web",
            """
            metrics:
              - {name: http_requests_total, type: counter, labels: {code: 6}}
            slos:
              - name: availability
                objective: 99.9
                sli:
                  events:
                    bad: 'http_requests_total{job="overlap",code=~"5.."}'
                    total: 'http_requests_total{job="overlap"}'
              - name: availability-500
                objective: 99.5
                sli:
                  events:
                    bad: 'http_requests_total{job="overlap",code="500"}'
                    total: 'http_requests_total{job="overlap"}'
            """)
    ) { catalog, name in
        catalog.service(
            name, owner: "web",
            """
            metrics:
              - {name: http_requests_total, type: counter, labels: {code: 6}}
              - {name: orders_total, type: counter, labels: {code: 6}}
            slos:
              - name: availability
                objective: 99.9
                sli:
                  events:
                    bad: 'http_requests_total{job="\(name)",code=~"5.."}'
                    total: 'http_requests_total{job="\(name)"}'
              - name: orders
                objective: 99.5
                sli:
                  events:
                    bad: 'orders_total{job="\(name)",code="500"}'
                    total: 'orders_total{job="\(name)"}'
            """)
    }

    static func render(_ model: Model, _ service: String) throws -> String {
        let s = try #require(model.services.first { $0.name == service })
        return PromtoolTests(model: model, service: s).render(ruleFiles: ["\(service).slo.rules.yml"])
    }

    /// The text of the scenario whose name starts with `name` (up to the next scenario).
    static func scenario(_ text: String, _ name: String) throws -> Substring {
        let parts = text.components(separatedBy: "\n  - name: ")
        return Substring(try #require(parts.first { $0.hasPrefix("'\(name)") }))
    }

    @Test("a scenario expects the alerts of every SLO that reads its series, and only those")
    func readers() throws {
        let model = try Self.catalog.model()
        // alpha's availability has the same shape as overlap's, but no other SLO of alpha reads its series.
        let alphaFirst = try Self.render(model, "alpha")
        let overlap = try Self.render(model, "overlap")
        let alphaAfter = try Self.render(model, "alpha")
        #expect(alphaFirst == alphaAfter)

        let outage = "availability: a total outage pages within the fast window"
        let both = try Self.scenario(overlap, outage)
        #expect(both.contains("slo: availability\n"))
        #expect(both.contains("slo: availability-500\n"))
        let one = try Self.scenario(alphaAfter, outage)
        #expect(one.contains("slo: availability\n"))
        #expect(!one.contains("slo: availability-500"))
        #expect(!one.contains("slo: orders"))
    }

    static let latencyCatalog = prelude.service(
        "shop", owner: "web",
        """
        metrics:
          - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.25, 0.5, 1, 2]}
        slos:
          - name: p99
            objective: 99
            sli:
              latency:
                histogram: 'http_request_duration_seconds{job="shop"}'
                threshold: 2s
          - name: p95
            objective: 95
            sli:
              latency:
                histogram: 'http_request_duration_seconds{job="shop"}'
                threshold: 500ms
        """)

    @Test("latency SLOs over one histogram: every scenario writes each threshold's bucket, cumulatively")
    func latencyBuckets() throws {
        let model = try Self.latencyCatalog.model()
        let text = try Self.render(model, "shop")
        let scenarios = text.components(separatedBy: "\n  - name: ").dropFirst()
            .filter { !$0.hasPrefix("'absent series") }
        #expect(scenarios.count > 10)
        for scenario in scenarios {
            // Per-minute increase of `_count` and of each bucket, by `le`.
            var count: Decimal?
            var buckets: [(le: Decimal, perMinute: Decimal)] = []
            let lines = scenario.components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where line.contains("- series: ") && i + 1 < lines.count {
                let values = lines[i + 1]
                let increase = try #require(values.split(separator: "+").dropFirst().first?.split(separator: "x").first)
                let perMinute = try #require(Decimal(string: String(increase)))
                if line.contains("_count{") {
                    count = perMinute
                } else if let le = line.split(separator: "le=\"").dropFirst().first?.split(separator: "\"").first {
                    buckets.append((try #require(Decimal(string: String(le))), perMinute))
                }
            }
            let name = scenario.prefix { $0 != "\n" }
            let total = try #require(count, "\(name)")
            #expect(buckets.map(\.le).sorted() == [Decimal(string: "0.5")!, 2], "\(name)")
            let ordered = buckets.sorted { $0.le < $1.le }.map(\.perMinute)
            #expect(ordered == ordered.sorted() && ordered.allSatisfy { $0 <= total }, "\(name): \(ordered) of \(total)")
        }
        // p99's outage is an outage for p95 too; p95's outage leaves p99's requests all under 2s.
        let p99Outage = try Self.scenario(text, "p99: a total outage")
        #expect(p99Outage.contains("slo: p95\n") && p99Outage.contains("slo: p99\n"))
        let p95Outage = try Self.scenario(text, "p95: a total outage")
        #expect(p95Outage.contains("slo: p95\n") && !p95Outage.contains("slo: p99\n"))
    }

    @Test("services of the same shape get the same scenarios, with their own names")
    func names() throws {
        let model = try Self.catalog.model()
        let alpha = try Self.render(model, "alpha")
        let beta = try Self.render(model, "beta")
        #expect(alpha.contains("service: alpha"))
        #expect(!beta.contains("alpha"))
        #expect(alpha.replacingOccurrences(of: "alpha", with: "beta") == beta)
        #expect(alpha.components(separatedBy: "\n  - name: ").count > 10)
    }
}

/// Many SLOs of one service reading one counter: the test file grows linearly with them.
@Suite("Promtool test files: SLOs sharing a counter")
struct PromtoolSharedCounterTests {
    /// `count` availability SLOs over `http_requests_total{job="shop"}`; `objective(i)` gives each its objective.
    static func model(_ count: Int, objective: (Int) -> String) throws -> Model {
        let slos = (1...count).map { i in
            """
              - name: availability-\(i)
                objective: \(objective(i))
                sli:
                  events:
                    bad: 'http_requests_total{job="shop",code=~"5.."}'
                    total: 'http_requests_total{job="shop"}'
            """
        }
        return try PromtoolTestFileTests.prelude.service(
            "shop", owner: "web",
            "metrics:\n  - {name: http_requests_total, type: counter, labels: {code: 6}}\nslos:\n" + slos.joined(separator: "\n")
        ).model()
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("SLOs with the same series and objective share the first one's scenarios, which expect every one's alerts")
    func sameObjective() throws {
        let one = try PromtoolTestFileTests.render(Self.model(1) { _ in "99.9" }, "shop")
        let many = try PromtoolTestFileTests.render(Self.model(40) { _ in "99.9" }, "shop")
        // One SLO: S runtime scenarios + the absent-series scenario, A expected burn-rate alerts in them, and one
        // no-data alert. Forty identical SLOs read the same series: the same S scenarios (SLO 1's), each
        // expecting the alerts of all forty (40 × A), and the absent-series scenario expects forty no-data alerts.
        let scenarios = Self.count(one, "\n  - name: ")
        let alerts = Self.count(one, "- exp_labels:")
        #expect(Self.count(many, "\n  - name: ") == scenarios)
        #expect(Self.count(many, "- exp_labels:") == 40 * alerts)
        #expect(Self.count(many, "runtime scenarios as availability-1's") == 39)
        #expect(many.contains("  # availability-40: runtime scenarios as availability-1's (the same synthetic series, objective and burn-rate table)\n"))
    }

    @Test("of SLOs with different objectives on one series, four get scenarios of their own; the others are readers")
    func differentObjectives() throws {
        let text = try PromtoolTestFileTests.render(Self.model(30) { "99.\($0 + 10)" }, "shop")
        #expect(PromtoolTests.maxSubjectsPerSeries == 4)
        // The model lists SLOs by name: availability-1, -10, -11, -12 come first.
        #expect(Self.count(text, "runtime scenarios skipped: availability-1, availability-10, availability-11, availability-12 read the same") == 26)
        #expect(text.contains("'availability-12: a total outage"))
        #expect(!text.contains("'availability-13: "))
        // Every SLO still appears in the expected alerts (as a reader of the covered scenarios), e.g. the last one.
        #expect(Self.count(text, "slo: availability-30\n") > 1)
    }
}
