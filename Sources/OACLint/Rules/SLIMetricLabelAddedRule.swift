import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: a metric an SLI reads gains a label.
public struct SLIMetricLabelAddedRule: LintRule {
    public static let id = "sli-metric-label-added"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "Under `--base`, the change adds a label to a metric an SLI reads: every series splits by its values, and the old series end.",
        rationale: """
            The SLI's recording rules sum a rate over every series of the metric, every evaluation. A new label \
            with N values multiplies the series they read by N, and when the change deploys each old series \
            ends and N new ones begin, so `rate()` over the SLO's windows restarts from the new series. A \
            selector that matched exactly one series before may now match many. Check the SLI still counts what \
            it should, and that the label is worth its cost on this metric. It needs `--base`: the examples \
            read the passing catalog as the base.
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
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5, ↓method: 4}}
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
        guard context.base != nil else { return [] }
        var out: [Finding] = []
        for (s, was) in context.servicesAlsoInBase() {
            let readers = Self.sliMetrics(of: s, context)
            for m in s.metrics {
                guard let slos = readers[m.name.value], let before = was.metric(named: m.name.value) else { continue }
                let known = Set(before.labels.map(\.name))
                for (label, values) in m.sortedLabels where !known.contains(label.value) {
                    let list = slos.map { "`\($0)`" }.joined(separator: ", ")
                    out.append(
                        Finding(
                            "label `\(label.value)` (\(grouped(values.value)) values) is added to `\(m.name.value)`, which the SLI of \(list) reads: each of its series splits in \(grouped(values.value)), and the old series end when the change deploys",
                            at: label.location, entity: "\(s.entity)/metric/\(m.name.value)/label/\(label.value)/sli",
                            hint: "check that the SLI's selectors still count what they should; keep high-cardinality labels off SLI metrics"))
                }
            }
        }
        return out
    }

    /// Declared metric name → the SLOs whose SLI reads it (as written: selectors, histograms and queries;
    /// `_bucket`, `_count` and `_sum` series count as their histogram's).
    static func sliMetrics(of s: ServiceSpec, _ context: LintContext) -> [String: [String]] {
        var out: [String: [String]] = [:]
        func add(_ series: String?, _ slo: String) {
            guard var name = series else { return }
            if s.metric(named: name) == nil {
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
            }
            guard s.metric(named: name) != nil, out[name]?.contains(slo) != true else { return }
            out[name, default: []].append(slo)
        }
        for slo in s.slos {
            let name = slo.name.value
            switch slo.sli {
            case .events(let good, let bad, let total, _)?:
                for text in [good, bad, total].compactMap({ $0 }) { add((try? LabelSelector.parse(text.value))?.metric, name) }
            case .latency(let h?, _, _)?:
                add((try? LabelSelector.parse(h.value))?.metric, name)
            case .threshold(let q?, _, _, _, _)?:
                for sel in context.parse(q.value)?.vectorSelectors ?? [] { add(sel.name, name) }
            case .eventQueries(let good, let bad, let total, _)?:
                for q in [good, bad, total].compactMap({ $0 }) {
                    for sel in context.parse(LintContext.expandingWindow(q).value)?.vectorSelectors ?? [] { add(sel.name, name) }
                }
            default:
                break
            }
        }
        return out
    }
}
