import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import Testing

@testable import OACCompiler

/// `kind: Drill`: every reference and value a drill can get wrong is a located error, all in one run.
@Suite("Drill checks")
struct DrillCheckTests {
    static let base = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: p}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
          retentionTiers: [{name: std, metrics: {local: 15d, raw: 40d}, logs: 30d}]
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: web}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: api}
        spec:
          owner: web
          tier: std
          metrics: [{name: r_total, type: counter, labels: {code: 5}}]
          slos:
            - name: avail
              objective: 99
              sli: {events: {bad: 'r_total{job="api",code="500"}', total: 'r_total{job="api"}'}}
        """

    static func check(_ drills: String) -> [String] {
        Compiler.check([SourceFile(path: "c.yaml", contents: base + "\n" + drills)]).diagnostics.sorted.map { d in
            "\(d.location.map { "\($0.line):\($0.column)" } ?? "-") \(d.ruleID) \(d.message)"
        }
    }

    @Test("a good drill compiles into the model with every SLO of its services when it names none")
    func valid() throws {
        let text = """
            ---
            apiVersion: oac/v1
            kind: Drill
            metadata: {name: zone}
            spec: {title: Zone loss, date: 2026-08-19, services: [api], hypothesis: holds, fault: zone b down, outcome: held, maxBudgetSpend: 2.5}
            """
        let model = try #require(Compiler.check([SourceFile(path: "c.yaml", contents: Self.base + "\n" + text)]).model)
        #expect(model.drills.map(\.name) == ["zone"])
        #expect(model.drills.first?.slos == ["api/avail"])
        #expect(model.drills.first?.maxBudgetSpend == ExactDecimal("2.5"))
    }

    @Test("unknown service and SLO, an owner that is not a team, bad dates and values: each located, in one run")
    func errors() {
        let found = Self.check(
            """
            ---
            apiVersion: oac/v1
            kind: Drill
            metadata: {name: zone}
            spec:
              title: Zone loss
              date: 19 Aug 2026
              services: [api, apx]
              slos: [api/avial, other]
              hypothesis: holds
              fault: zone b down
              maxBudgetSpend: 150
              outcome: survived
              actionItems:
                - {title: Fix, owner: ops, due: soon}
            ---
            apiVersion: oac/v1
            kind: Drill
            metadata: {name: late}
            spec: {title: T, date: 2026-08-19, start: 2026-08-20T01:00:00Z, duration: 8d, services: [api], hypothesis: h, fault: f, outcome: planned}
            """)
        // The base catalog has 22 lines: the first drill's `date` is on line 29, its action item on line 37, the
        // second drill's spec on line 42; columns point at each value.
        #expect(
            found == [
                "29:9 invalid-timestamp `spec.date` must be a date YYYY-MM-DD, found `19 Aug 2026`",
                "30:19 unresolved-reference `spec.services` names service `apx`, which is not defined",
                "31:10 unresolved-reference `spec.slos` names SLO `api/avial`, which is not defined",
                "31:21 unresolved-reference `spec.slos` names SLO `other`, which is not defined",
                "34:19 invalid-value `spec.maxBudgetSpend` must be above 0 and at most 100 (percent of the quarter's error budget), found 150",
                "35:12 invalid-value `spec.outcome` must be one of held, exposed-gap, aborted, planned, found `survived`",
                "37:27 unresolved-reference `spec.actionItems.owner` names team `ops`, which is not defined",
                "37:37 invalid-timestamp `spec.actionItems[0].due` must be a date YYYY-MM-DD, found `soon`",
                "42:43 drill-window drill `late`: `spec.start` is not on `spec.date` 2026-08-19 (UTC)",
                "42:75 drill-window drill `late`: `spec.duration` must be above 0 and at most 7 days, found 8d"
            ])
    }
}
