import Foundation
import OACModel
import OACTestSupport
import Testing

/// The recorded error-budget policy state, judged by promtool: `check rules --lint=all` accepts the rules, and a
/// unit test written here by hand watches a service cross 75% and then 100% of its budget.
///
/// The service has one SLO, objective 99% (budget 1%), and a policy judged over the last hour (`window: 1h`).
/// The inputs are the SLI-level records themselves (with the extra `oac_test` label, which the SLO level sums
/// away): 10 events/s throughout, none bad for the first hour, then 0.2 bad/s (2%) from minute 60. The SLO-level
/// 5-minute records follow the inputs at each evaluation, one per minute. At minute 60 + j the policy window
/// (the last hour of records) holds j + 1 bad records of 60 (61 with Prometheus 2's closed range), so
/// spent = 2% × (j + 1)/60 ÷ 1% = (j + 1)/30 (or (j + 1)/30.5):
///
/// | minute | j | spent | state |
/// |---|---|---|---|
/// | 80 | 20 | 0.700 (0.689) | 0 normal |
/// | 82 | 22 | 0.767 (0.754) | 1 review: first at or above 0.75 |
/// | 88 | 28 | 0.967 (0.951) | 1 review |
/// | 90 | 30 | 1.033 (1.016) | 2 freeze: first at or above 1 |
///
/// The test orders the groups (`group_eval_order`: SLI, fast, slow) so the slow group, where the state is recorded,
/// reads the fast group's record of the same minute. The slow group runs every 2 minutes, at even minutes: minute
/// 81 still reads the state of minute 80 (were it evaluated at 81, 22/30 is still below 0.75). Minute 89 is left
/// out: evaluated there, 30/30 would sit exactly on the freeze threshold.
@Suite("Policy-state rules under promtool")
struct PolicyStateRulesTests {
    static let catalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: p}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 1m, retention: 40d}
          retentionTiers: [{name: std, metrics: {local: 40d}}]
          errorBudgetPolicy: {window: 1h}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: svc}
        spec:
          owner: t
          tier: std
          metrics: [{name: requests_total, type: counter, labels: {code: 5}}]
          slos:
            - name: avail
              objective: 99
              sli:
                events:
                  bad: 'requests_total{job="svc",code=~"5.."}'
                  total: 'requests_total{job="svc"}'

        """

    static func unitTest(ruleFiles: [String]) -> String {
        let labels = #"service="svc",slo="avail""#
        func state(_ minute: Int, _ value: Int) -> String {
            """
                  - expr: \(Conventions.sloPolicyState){\(labels)}
                    eval_time: \(minute)m
                    exp_samples: [{labels: '\(Conventions.sloPolicyState){\(labels)}', value: \(value)}]
                  - expr: \(Conventions.servicePolicyState){service="svc"}
                    eval_time: \(minute)m
                    exp_samples: [{labels: '\(Conventions.servicePolicyState){service="svc"}', value: \(value)}]

            """
        }
        let alert = #"ALERTS{alertname="\#(Conventions.budgetFreezeAlert)",alertstate="firing"}"#
        return """
            rule_files: [\(ruleFiles.joined(separator: ", "))]
            evaluation_interval: 1m
            group_eval_order: ['\(Conventions.sliGroup("svc"))', '\(Conventions.sloFastGroup("svc"))', '\(Conventions.sloSlowGroup("svc"))']
            tests:
              - interval: 1m
                input_series:
                  - series: '\(Conventions.sliTotalRate5m){\(labels),oac_test="1"}'
                    values: '10x120'
                  - series: '\(Conventions.sliBadRate5m){\(labels),oac_test="1"}'
                    values: '0x59 0.2x60'
                promql_expr_test:
            \(state(80, 0))\(state(81, 0))\(state(82, 1))\(state(88, 1))\(state(90, 2))\
                  - expr: '\(alert)'
                    eval_time: 88m
                    exp_samples: []
                  - expr: '\(alert)'
                    eval_time: 90m
                    exp_samples: [{labels: '\(alert.dropLast()),service="svc",severity="ticket",team="t",tier="std"}', value: 1}]

            """
    }

    @Test("promtool accepts the policy rules and sees a service enter review at minute 82 and freeze at minute 90", .requires(.promtool))
    func crossing() throws {
        let promtool = try ExternalTool.promtool.require()
        let work = try TestSupport.temporaryDirectory("oac-policy-rules")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(Self.catalog.utf8).write(to: catalog)
        let out = work.appendingPathComponent("out")
        let compile = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(compile.status == 0, "\(compile.stderr)")
        let rules = out.appendingPathComponent("prometheus/rules")
        let slo = rules.appendingPathComponent(Conventions.sloRulesFile("svc"))
        let text = try String(contentsOf: slo, encoding: .utf8)
        #expect(text.contains("record: '\(Conventions.sloPolicyState)'"))
        #expect(text.contains("alert: '\(Conventions.budgetFreezeAlert)'") || text.contains("alert: \(Conventions.budgetFreezeAlert)"))
        let check = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal", slo.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let test = rules.appendingPathComponent("policy.test.yml")
        try Data(Self.unitTest(ruleFiles: [Conventions.sloRulesFile("svc")]).utf8).write(to: test)
        let run = try TestSupport.run(promtool, ["test", "rules", test.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
