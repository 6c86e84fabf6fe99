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
