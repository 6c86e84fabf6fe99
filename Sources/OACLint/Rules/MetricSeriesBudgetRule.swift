import OACCatalog
import OACDiagnostics
import OACModel

/// A single metric that exposes more series per instance than the platform's per-metric budget.
public struct MetricSeriesBudgetRule: LintRule {
    public static let id = "metric-series-budget"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .warning,
        summary: "A metric exposes more series per instance than the per-metric budget (default 10,000).",
        rationale: """
            Series per instance = the product of the label value counts; a histogram multiplies that by \
            (buckets + 3) for `+Inf`, `_sum` and `_count`, a summary by (quantiles + 2). The budget keeps one \
            careless label combination from dominating a shard. Set it with \
            `Platform.spec.lint: {series-budget-per-metric: 20000}`.
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
                - name: ↓http_request_duration_seconds
                  type: histogram
                  labels: {route: 50, model: 20}
                  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
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
                - name: http_request_duration_seconds
                  type: histogram
                  labels: {route: 50}
                  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """, group: .cost)

    public func check(_ context: LintContext) -> [Finding] {
        let budget = context.settings.seriesBudgetPerMetric
        var out: [Finding] = []
        for s in context.catalog.services {
            for m in s.metrics {
                let series = m.seriesPerInstance
                guard series > budget else { continue }
                var factors = m.sortedLabels.map { "\($0.name.value) \($0.values.value)" }
                switch m.metricType {
                case .histogram: factors.append("(\(m.buckets.count) buckets + 3)")
                case .summary: factors.append("(\(m.quantiles.count) quantiles + 2)")
                default: break
                }
                out.append(
                    Finding(
                        "`\(m.name.value)` exposes \(grouped(series)) series per instance (\(factors.joined(separator: " × "))), over the budget of \(grouped(budget))",
                        at: m.name.location, entity: "\(s.entity)/metric/\(m.name.value)",
                        hint: "drop or coarsen a label, use fewer buckets, or raise `\(LintSettings.seriesBudgetKey)` in Platform.spec.lint"))
            }
        }
        return out
    }
}
