import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// A histogram read by a latency SLO needs buckets close to the threshold on both sides.
public struct HistogramBucketNearThresholdRule: LintRule {
    public static let id = "histogram-bucket-near-threshold"
    /// Neighbouring bounds further than this factor from the threshold hide how close latency runs to it.
    static let factor: Decimal = 4

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .warning,
        summary: "A histogram behind a latency SLO has no bucket within 4× of the threshold, below or above it.",
        rationale: """
            The SLO itself only needs the threshold as a bucket bound (the compiler checks that). To see how close \
            latency runs to the threshold before the budget burns — and how bad a breach is — the bounds next to it \
            must be near: with buckets [0.05, 0.5, 10] and a 500ms threshold, a slide from 60ms to 450ms and a \
            breach of 600ms versus 9s look the same. Keep a bound within 4× on each side.
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
                - name: http_request_duration_seconds
                  type: histogram
                  labels: {route: 12}
                  buckets: ↓[0.05, 0.5, 10]
              slos:
                - name: latency
                  objective: 99
                  sli:
                    latency:
                      histogram: 'http_request_duration_seconds{job="api"}'
                      threshold: 500ms
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
                - name: http_request_duration_seconds
                  type: histogram
                  labels: {route: 12}
                  buckets: [0.05, 0.25, 0.5, 1, 10]
              slos:
                - name: latency
                  objective: 99
                  sli:
                    latency:
                      histogram: 'http_request_duration_seconds{job="api"}'
                      threshold: 500ms
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            for slo in s.slos {
                guard case .latency(let h?, let t?, _) = slo.sli, let sel = try? LabelSelector.parse(h.value) else { continue }
                var name = sel.metric
                if s.metric(named: name) == nil, name.hasSuffix("_bucket") { name.removeLast("_bucket".count) }
                guard let m = s.metric(named: name), m.metricType == .histogram, !m.buckets.isEmpty else { continue }
                let threshold = t.value
                let below = m.buckets.map(\.value).filter { $0 < threshold }.max()
                let above = m.buckets.map(\.value).filter { $0 > threshold }.min()
                var gaps: [String] = []
                if below.map({ $0 * Self.factor < threshold }) ?? true {
                    gaps.append("between \(show(threshold / Self.factor))s and \(show(threshold))s")
                }
                if above.map({ $0 > threshold * Self.factor }) ?? true {
                    gaps.append("between \(show(threshold))s and \(show(threshold * Self.factor))s")
                }
                guard !gaps.isEmpty else { continue }
                out.append(
                    Finding(
                        "histogram `\(m.name.value)` has no bucket \(gaps.joined(separator: " nor ")) around the \(show(threshold))s threshold of SLO `\(slo.name.value)`",
                        at: m.bucketsLocation ?? m.name.location,
                        entity: "\(s.entity)/metric/\(m.name.value)/slo/\(slo.name.value)",
                        hint: "add bounds near \(show(threshold))s, e.g. \(show(threshold / 2)) and \(show(threshold * 2))"))
            }
        }
        return out
    }
}
