import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: a service changes owner (its alerts go to another team).
public struct OwnerChangedRule: LintRule {
    public static let id = "owner-changed"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .ownership, severity: .note,
        summary: "Under `--base`, the change gives a service another owner: its alerts, tickets and dashboards move to that team.",
        rationale: """
            The owner decides where a service's pages and tickets go. A handover is a change both teams should \
            approve: the new owner must know the service, its runbook and its open incidents before the first \
            page reaches them, and the old owner stops hearing about it at once. The note makes the handover \
            visible on the pull request. It needs `--base`: the examples read the passing catalog as the base.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: payments}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/payments-pd}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: ↓payments
              tier: gold
              runbook: https://runbooks.example.com/api
            """,
        passing: """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: payments}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/payments-pd}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard context.base != nil else { return [] }
        var out: [Finding] = []
        for (s, was) in context.servicesAlsoInBase() {
            guard let owner = s.owner, was.owner != owner.value else { continue }
            let slos = s.slos.isEmpty ? "" : " for its \(s.slos.count == 1 ? "SLO" : "\(s.slos.count) SLOs")"
            out.append(
                Finding(
                    "`\(s.name.value)` changes owner from `\(was.owner)` to `\(owner.value)`: its pages and tickets\(slos) go to `\(owner.value)` from now on",
                    at: owner.location, entity: "\(s.entity)/owner",
                    hint: "ask both teams to approve the pull request; hand over the runbook and open incidents"))
        }
        return out
    }
}
