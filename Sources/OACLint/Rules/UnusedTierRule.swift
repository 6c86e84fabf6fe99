import OACCatalog
import OACDiagnostics

/// A retention tier no service uses.
public struct UnusedTierRule: LintRule {
    public static let id = "unused-tier"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .retention, severity: .warning,
        summary: "A retention tier is not used by any service.",
        rationale: """
            Tiers document a retention and cost promise. One that no service uses is either a leftover (delete \
            it, so readers do not assume something is kept that long) or a service that forgot to name it.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
                - name: ↓bronze
                  metrics: {local: 7d}
                  logs: 7d
              alerting: {owner: web}
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
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
              alerting: {owner: web}
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
        let used = Set(context.catalog.services.compactMap { $0.tier?.value })
        return (context.platform?.retentionTiers ?? []).filter { !used.contains($0.name.value) }.map { t in
            Finding(
                "retention tier `\(t.name.value)` is not used by any service", at: t.name.location,
                entity: "tier/\(t.name.value)", hint: "remove it, or set `tier: \(t.name.value)` on the services it is meant for")
        }
    }
}
