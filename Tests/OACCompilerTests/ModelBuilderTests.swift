import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import Testing

@testable import OACCompiler

@Suite("Model builder")
struct ModelBuilderTests {
    static let platform = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: p}
        spec:
          prometheus: {retention: 40d}
          retentionTiers: [{name: silver, metrics: {local: 15d}, logs: 7d}]
        """

    func build(_ docs: String...) -> (Model?, [Diagnostic]) {
        let r = Compiler.check([SourceFile(path: "c.yaml", contents: ([Self.platform] + docs).joined(separator: "\n---\n"))])
        return (r.model, r.diagnostics.sorted)
    }

    let team = "apiVersion: oac/v1\nkind: Team\nmetadata: {name: t}"

    func service(_ slo: String, extra: String = "") -> String {
        """
        apiVersion: oac/v1
        kind: Service
        metadata: {name: s}
        spec:
          owner: t
          tier: silver
        \(extra)
          slos:
        \(slo)
        """
    }

    @Test("defaults are applied: job, type, instances, window, intervals and the sre-workbook table")
    func defaults() throws {
        let (model, d) = build(
            team,
            service(
                """
                    - name: a
                      objective: 99.9
                      sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                """))
        #expect(d.isEmpty, "\(d)")
        let s = try #require(model?.services.first)
        #expect(s.job == "s")
        #expect(s.type == .api)
        #expect(s.instances == 1)
        #expect(s.slos[0].window == .days(30))
        #expect(model?.platform.prometheus.scrapeInterval == .minutes(1))
        #expect(s.slos[0].burnRates.map(\.factor.description) == ["14.4", "6", "3", "1"])
        #expect(s.slos[0].errorBudget.description == "0.001")
        #expect(model?.team(named: "t")?.lokiTenant == "t")
    }

    @Test("a burn-rate long window as long as the SLO window is an error")
    func longWindowEqualToSLOWindow() throws {
        let (_, d) = build(
            team,
            service(
                """
                    - name: a
                      objective: 99
                      window: 3d
                      sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                """))
        #expect(d.contains { $0.message.contains("burn-rate window 3d is not shorter than SLO `a`'s window 3d") }, "\(d)")
    }

    @Test("burn-rate factors follow the SLO's own window")
    func factorsPerWindow() throws {
        let (model, d) = build(
            team,
            service(
                """
                    - name: a
                      objective: 99
                      window: 7d
                      sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                """))
        #expect(d.isEmpty, "\(d)")
        // The last factor is 10% × 7d/3d = 7/30, to 20 digits.
        #expect(model?.services[0].slos[0].burnRates.map(\.factor.description) == ["3.36", "1.4", "0.7", "0.23333333333333333333"])
    }

    @Test("page: false keeps only the ticket rows")
    func pageFalse() throws {
        let (model, _) = build(
            team,
            service(
                """
                    - name: a
                      objective: 99
                      sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                      alerting: {page: false}
                """))
        #expect(model?.services[0].slos[0].burnRates.map(\.severity) == [.ticket, .ticket])
    }

    @Test("an owner that names no team is an unresolved reference with a suggestion")
    func unresolvedOwner() {
        let (model, d) = build(
            "apiVersion: oac/v1\nkind: Team\nmetadata: {name: web}",
            service(
                """
                    - name: a
                      objective: 99
                      sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                """
            ).replacingOccurrences(of: "owner: t", with: "owner: wbe"))
        #expect(model == nil)
        #expect(d.map(\.ruleID) == [CheckID.unresolvedReference])
        #expect(d.first?.hint == "did you mean `web`?")
    }

    @Test("a latency SLI on an undeclared bucket is reported at the threshold")
    func latencyBucket() {
        let (_, d) = build(
            team,
            service(
                """
                    - name: l
                      objective: 99
                      sli: {latency: {histogram: 'h_seconds{job="s"}', threshold: 300ms}}
                """, extra: "  metrics: [{name: h_seconds, type: histogram, buckets: [0.1, 0.5]}]"))
        #expect(d.map(\.ruleID) == [CheckID.latencyThresholdNotBucket])
    }

    @Test("objectives at 0 and 100 are outside the open interval")
    func objectiveBounds() {
        for o in ["0", "100", "-1", "100.5"] {
            let (_, d) = build(
                team,
                service(
                    """
                        - name: a
                          objective: \(o)
                          sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
                    """))
            #expect(d.map(\.ruleID) == [CheckID.objectiveRange], "\(o)")
        }
    }

    @Test("a threshold query is parsed with the PromQL parser and errors point inside the string")
    func thresholdQuery() {
        let (_, d) = build(
            team,
            service(
                """
                    - name: q
                      objective: 99
                      sli: {threshold: {query: 'ratee(x[5m])', op: ">", value: 1}}
                """))
        #expect(d.map(\.ruleID) == [CheckID.invalidPromQL])
        #expect(d.first?.message.contains("ratee") == true)
    }

    @Test("services, teams and incidents come out sorted whatever the document order")
    func sorted() throws {
        let b = service(
            """
                - name: a
                  objective: 99
                  sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}
            """)
        let a = b.replacingOccurrences(of: "name: s}", with: "name: a-first}")
        let (m1, _) = build(team, b, a)
        let (m2, _) = build(a, team, b)
        #expect(m1 == m2)
        #expect(m1?.services.map(\.name) == ["a-first", "s"])
    }

    @Test("a service named like a federation job is refused once, at its name, with or without its own job")
    func federateServiceName() {
        func service(_ name: String, job: String?) -> String {
            "apiVersion: oac/v1\nkind: Service\nmetadata: {name: \(name)}\nspec:\n  owner: t\n  tier: silver\n" + (job.map { "  job: \($0)\n" } ?? "")
        }
        for job in ["api", nil] {
            let (_, diagnostics) = build(team, service("oac-federate-us-east", job: job))
            let errors = diagnostics.filter { $0.severity == .error }
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.message.contains("starts with `oac-federate-`") == true, "\(errors)")
            // Line 4 of the Service document (the Platform takes 6 lines and a separator, the Team 3 and one).
            #expect(errors.first?.location?.line == 6 + 1 + 3 + 1 + 3, "\(errors)")
        }
        // Its own job reserved as well: two causes, two findings.
        let (_, both) = build(team, service("oac-federate-x", job: "prometheus"))
        #expect(both.filter { $0.severity == .error }.count == 2, "\(both)")
        // A name that only contains the words is fine.
        let (model, fine) = build(team, service("my-oac-federate-x", job: nil))
        #expect(fine.filter { $0.severity == .error } == [])
        #expect(model?.services.map(\.name) == ["my-oac-federate-x"])
    }
}
