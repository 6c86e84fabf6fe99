import OACCatalog
import OACDiagnostics

/// A critical tier (`criticality: critical`, or a tier named `gold`) is what customers depend on: its services
/// need at least one SLO, or nothing pages when they break. The id keeps its historical name.
public struct GoldServiceWithoutSLORule: LintRule {
    public static let id = "gold-service-without-slo"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .error,
        summary: "A service in a critical tier (`criticality: critical`; `gold` by default) has no SLO.",
        rationale: """
            oac generates burn-rate alerts, dashboards and the quarterly scorecard from SLOs. A gold service \
            without one is invisible to all of them: no page when it breaks, no line in the report, and no \
            agreed target to spend engineering time against. The rule reads the tier's `criticality`, not its \
            name: without `criticality:` a tier named `gold` is critical.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: ↓api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
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
        context.catalog.services.filter { context.criticality(of: $0) == .critical && $0.slos.isEmpty }.map { s in
            Finding(
                "\(s.tier?.value ?? "") service `\(s.name.value)` has no SLO", at: s.name.location, entity: s.entity,
                hint: "add an availability SLO (events) and, for request/response services, a latency SLO")
        }
    }
}
