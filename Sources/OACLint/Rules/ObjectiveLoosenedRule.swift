import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: an SLO's objective is lower than in the base.
public struct ObjectiveLoosenedRule: LintRule {
    public static let id = "objective-loosened"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "Under `--base`, the change lowers an SLO's objective (99.9 → 99.5 is five times the error budget).",
        rationale: """
            Lowering an objective multiplies the error budget: 99.9 → 99.5 allows five times the failures, and \
            the burn-rate alerts fire five times later. Sometimes that is right (the target was never met, or \
            the users do not need it), but it is a promise to users changed in one line: reviewers should see \
            it. It needs `--base`: the examples read the passing catalog as the base.
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
                  objective: ↓99.5
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
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        context.slosAlsoInBase().compactMap { s, slo, before, _ in
            guard let objective = slo.objective, objective.value < before.objective.value else { return nil }
            // Budget = 100 − objective: how many times the failures it now allows.
            let factor = (100 - objective.value) / (100 - before.objective.value)
            return Finding(
                "SLO `\(slo.name.value)` of `\(s.name.value)` is loosened from \(show(before.objective.value)) to \(show(objective.value)): \(show(factor.rounded(2)))× the error budget",
                at: objective.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                hint: "say why in the pull request; reviewers approve a lower promise to users")
        }
    }
}

extension Decimal {
    func rounded(_ digits: Int) -> Decimal {
        var value = self
        var out = Decimal()
        NSDecimalRound(&out, &value, digits, .plain)
        return out
    }
}
