import OACCatalog
import OACDiagnostics

/// A service without a runbook: its alerts arrive with an empty `runbook_url`.
public struct MissingRunbookRule: LintRule {
    public static let id = "missing-runbook"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .ownership, severity: .warning,
        summary: "A service has no `runbook`.",
        rationale: """
            Every alert oac generates carries a `runbook_url` annotation; the on-call engineer opens it first. \
            Without a runbook the page says what broke but not what to do, who to call, or which dashboards and \
            mitigations exist.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: ↓api}
            spec:
              owner: web
              tier: gold
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
        context.catalog.services.filter { $0.runbook == nil }.map { s in
            Finding(
                "service `\(s.name.value)` has no runbook; its alerts carry an empty runbook_url", at: s.name.location,
                entity: s.entity, hint: "add `runbook: https://…` to the service spec")
        }
    }
}
