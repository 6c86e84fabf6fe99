import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// A threshold SLI that compares `histogram_quantile` of a declared histogram with a value between buckets.
public struct QuantileThresholdNotBucketRule: LintRule {
    public static let id = "quantile-threshold-not-bucket"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .error,
        summary: "A threshold SLI compares a `histogram_quantile` with a value that is not a bucket bound.",
        rationale: """
            `histogram_quantile` knows only how many observations fell in each bucket; between two bounds it \
            interpolates linearly, assuming observations spread evenly. Compared with a value between bounds, the \
            SLI is good or bad depending on that guess, not on real latency. Compare with a bucket bound, or use a \
            `latency` SLI, which counts requests under the threshold exactly (the compiler requires its threshold \
            to be a bound: `latency-threshold-not-bucket`).
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
                - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.25, 0.5, 1]}
              slos:
                - name: p99-latency
                  objective: 99
                  sli:
                    threshold:
                      query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))'
                      op: "<="
                      value: ↓0.3
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
                - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.25, 0.5, 1]}
              slos:
                - name: p99-latency
                  objective: 99
                  sli:
                    threshold:
                      query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))'
                      op: "<="
                      value: 0.25
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            for slo in s.slos {
                guard case .threshold(let q?, _, let v?, _, _) = slo.sli, let expr = context.parse(q.value) else { continue }
                var histograms: [MetricSpecEntry] = []
                expr.walk { e in
                    guard case .call(let call) = e, call.name == "histogram_quantile", call.args.count == 2 else { return }
                    for sel in call.args[1].vectorSelectors {
                        guard let name = sel.name, name.hasSuffix("_bucket"),
                            let m = s.metric(named: String(name.dropLast("_bucket".count))),
                            m.metricType == .histogram, !m.buckets.isEmpty,
                            !histograms.contains(where: { $0.name.value == m.name.value })
                        else { continue }
                        histograms.append(m)
                    }
                }
                for m in histograms where !m.buckets.contains(where: { $0.value == v.value }) {
                    let bounds = m.buckets.map(\.value)
                    let below = bounds.filter { $0 < v.value }.max().map(show) ?? "0"
                    let above = bounds.filter { $0 > v.value }.min().map(show) ?? "+Inf"
                    out.append(
                        Finding(
                            "SLO `\(slo.name.value)` compares a quantile of `\(m.name.value)` with \(show(v.value)), which is not a bucket bound: the quantile is interpolated between \(below) and \(above)",
                            at: v.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                            hint: "compare with one of \(bounds.map(show).joined(separator: ", ")), or add \(show(v.value)) to the buckets"))
                }
            }
        }
        return out
    }
}
