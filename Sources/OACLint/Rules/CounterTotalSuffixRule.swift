import OACCatalog
import OACDiagnostics

/// Counters are named `…_total` (Prometheus and OpenMetrics naming).
public struct CounterTotalSuffixRule: LintRule {
    public static let id = "counter-total-suffix"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .warning,
        summary: "A counter's name does not end in `_total`.",
        rationale: """
            The `_total` suffix tells every reader (and OpenMetrics parsers, which add it) that the series only \
            goes up and must be read with `rate()` or `increase()`. A counter without it is read as a gauge, and \
            OpenMetrics exposition renames it, so queries written against the catalog name find nothing.
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
                - {name: ↓http_requests, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests{job="api",code=~"5.."}'
                      total: 'http_requests{job="api"}'
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
        context.catalog.services.flatMap { s in
            s.metrics.filter { $0.metricType == .counter && !$0.name.value.hasSuffix("_total") }.map { m in
                Finding(
                    "counter `\(m.name.value)` does not end in `_total`", at: m.name.location,
                    entity: "\(s.entity)/metric/\(m.name.value)", hint: "rename it `\(m.name.value)_total`")
            }
        }
    }
}
