import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// An objective so close to 100% that the window leaves less than a minute of error budget.
public struct UnrealisticObjectiveRule: LintRule {
    public static let id = "unrealistic-objective"
    static let minimumBudgetSeconds: Decimal = 60

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "An SLO's objective leaves less than one minute of error budget over its window.",
        rationale: """
            The error budget is (100 − objective)% of the window: 99.999% over 7d is 6 seconds. One slow deploy, \
            one scrape gap or one evaluation of a threshold SLI spends it all, so the SLO is breached by noise and \
            its alerts page for nothing. Either the objective is aspirational (lower it to what users need) or the \
            window is too short to measure it.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: ↓99.999
                  window: 7d
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.99
                  window: 7d
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            for slo in s.slos {
                guard let o = slo.objective, o.value > 0, o.value < 100 else { continue }
                let window = slo.window?.value ?? .days(30)
                // The same operations as (100 − o) / 100 × window / 1000, memoised (Decimal division is slow).
                let budget = (100 as Decimal).minus(o.value).over(100).times(Decimal(window.milliseconds)).over(1000)
                guard budget < Self.minimumBudgetSeconds else { continue }
                out.append(
                    Finding(
                        "objective \(show(o.value))% over \(window) leaves \(show(budget))s of error budget, less than one minute",
                        at: o.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                        hint: "lower the objective or lengthen the window so the budget is at least a few minutes"))
            }
        }
        return out
    }
}
