import OACCatalog
import OACDiagnostics
import OACModel

/// Label names Prometheus sets itself, or that a histogram or summary uses for its own series.
public struct ReservedLabelNameRule: LintRule {
    public static let id = "reserved-label-name"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .error,
        summary: "A metric declares a label Prometheus reserves: `job`, `instance`, `le` on a histogram, `quantile` on a summary.",
        rationale: """
            Prometheus attaches `job` and `instance` to every scraped series; an exposed label of the same name is \
            renamed `exported_job` / `exported_instance` (or overwrites the target's with honor_labels), so every \
            SLI selector on `job` silently selects the wrong thing. A histogram's `le` and a summary's `quantile` \
            label are the bucket and quantile dimensions: a second one corrupts `histogram_quantile`. (Names that \
            are not valid label names at all are the compiler's `invalid-name` errors.)
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
                - {name: http_requests_total, type: counter, labels: {↓instance: 3, code: 5}}
                - {name: http_request_duration_seconds, type: histogram, labels: {↓le: 4}, buckets: [0.1, 0.25, 0.5, 1]}
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
                - {name: http_requests_total, type: counter, labels: {pod: 3, code: 5}}
                - {name: http_request_duration_seconds, type: histogram, labels: {route: 4}, buckets: [0.1, 0.25, 0.5, 1]}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            for m in s.metrics {
                for (label, _) in m.sortedLabels {
                    let why: String?
                    switch (label.value, m.metricType) {
                    case ("job", _), ("instance", _):
                        why = "Prometheus sets `\(label.value)` on every scraped series; the exposed one becomes `exported_\(label.value)`"
                    case ("le", .histogram?):
                        why = "`le` is the histogram's bucket label"
                    case ("quantile", .summary?):
                        why = "`quantile` is the summary's quantile label"
                    default:
                        why = nil
                    }
                    guard let why else { continue }
                    out.append(
                        Finding(
                            "label `\(label.value)` of `\(m.name.value)` is reserved: \(why)", at: label.location,
                            entity: "\(s.entity)/metric/\(m.name.value)/label/\(label.value)",
                            hint: "rename it (e.g. `pod`, `\(label.value == "le" || label.value == "quantile" ? "bound" : "exported_\(label.value)")`)"))
                }
            }
        }
        return out
    }
}
