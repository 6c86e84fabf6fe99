import OACCatalog
import OACDiagnostics

/// Gold is the tier customers depend on: it needs at least one SLO, or nothing pages when it breaks.
public struct GoldServiceWithoutSLORule: LintRule {
    public static let id = "gold-service-without-slo"
    static let tier = "gold"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .error,
        summary: "A service in the `gold` tier has no SLO.",
        rationale: """
            oac generates burn-rate alerts, dashboards and the quarterly scorecard from SLOs. A gold service \
            without one is invisible to all of them: no page when it breaks, no line in the report, and no \
            agreed target to spend engineering time against.
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
        context.catalog.services.filter { $0.tier?.value == Self.tier && $0.slos.isEmpty }.map { s in
            Finding("gold service `\(s.name.value)` has no SLO", at: s.name.location, entity: s.entity,
                    hint: "add an availability SLO (events) and, for request/response services, a latency SLO")
        }
    }
}
