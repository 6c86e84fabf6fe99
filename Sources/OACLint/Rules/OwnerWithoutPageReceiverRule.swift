import OACCatalog
import OACDiagnostics

/// A service of a paging tier (`criticality: critical` or `high`; `gold`/`silver` by default) whose owner team cannot be paged.
public struct OwnerWithoutPageReceiverRule: LintRule {
    public static let id = "owner-without-page-receiver"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .ownership, severity: .error,
        summary: "The owner of a critical or high-criticality service (`gold`/`silver` by default) has no `page` receiver.",
        rationale: """
            Fast-burn alerts of critical and high-criticality services (tiers with `criticality: critical` or `high`; \
            without it, tiers named `gold` and `silver`) carry `severity="page"`, and Alertmanager routes them to \
            the owner team's `page` receiver. A team without one receives them nowhere: the outage that burns the \
            month's budget in an hour pages nobody.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/slack}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: ↓web
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
            """,
        passing: """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
              ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/slack}}
            ---
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
        context.catalog.services.compactMap { s in
            guard let tier = s.tier?.value, context.criticality(of: s)?.pages == true, let owner = s.owner,
                let team = context.team(named: owner.value), team.page == nil
            else { return nil }
            return Finding(
                "\(tier) service `\(s.name.value)` is owned by `\(owner.value)`, which has no page receiver",
                at: owner.location, entity: s.entity,
                hint: "give team `\(owner.value)` a `page:` receiver (pagerduty, or a webhook to your paging tool)")
        }
    }
}
