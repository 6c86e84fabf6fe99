import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// `rate()` and friends over a range too short for the scrape interval.
public struct PromQLRateRangeRule: LintRule {
    public static let id = "promql-rate-range"

    /// Functions that need several samples in their range: how many scrape intervals at least.
    static let minimumIntervals: [String: Int64] = [
        "rate": 4, "increase": 4, "delta": 4, "deriv": 4, "predict_linear": 4, "resets": 4, "changes": 4,
        "irate": 2, "idelta": 2
    ]

    public init() {}

    public let description = RuleDescription(
        id: id, category: .promql, severity: .warning,
        summary: "A `rate`/`increase`/`irate`-like function reads a range shorter than 4 (irate/idelta: 2) scrape intervals.",
        rationale: """
            `rate(x[2m])` with a 1m scrape interval sees two samples at best, and none at all after one missed \
            scrape: the result flaps between a value and nothing, and a threshold SLI built on it breaches on \
            gaps, not on behaviour. Prometheus recommends a range of at least four scrape intervals (two for \
            `irate`/`idelta`, which use the last two samples). The scrape interval is the platform's \
            `spec.prometheus.scrapeInterval` (default 1m). Threshold queries and events queries are checked; in \
            events queries `$window` is the 5m range the SLI recording rules use.
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
                - {name: tokens_generated_total, type: counter, labels: {model: 4}}
              slos:
                - name: throughput
                  objective: 99
                  sli:
                    threshold:
                      query: 'sum(rate(↓tokens_generated_total{job="api"}[2m]))'
                      op: ">="
                      value: 500
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
                - {name: tokens_generated_total, type: counter, labels: {model: 4}}
              slos:
                - name: throughput
                  objective: 99
                  sli:
                    threshold:
                      query: 'sum(rate(tokens_generated_total{job="api"}[5m]))'
                      op: ">="
                      value: 500
            """)

    public func check(_ context: LintContext) -> [Finding] {
        let scrape = context.scrapeInterval
        var out: [Finding] = []
        for (s, slo, q) in context.queries {
            guard let expr = context.parse(q.value) else { continue }
            expr.walk { e in
                guard case .call(let call) = e, let n = Self.minimumIntervals[call.name] else { return }
                for arg in call.args {
                    guard case .matrixSelector(let ms) = arg.unparenthesized else { continue }
                    let minimum = n * scrape.milliseconds
                    guard ms.range.milliseconds < minimum else { continue }
                    let shown = PromDuration(milliseconds: minimum)
                    out.append(
                        Finding(
                            "`\(call.name)` over [\(ms.range)] in SLO `\(slo.name.value)` spans less than \(n) scrape intervals of \(scrape)",
                            at: LintContext.location(in: q, ms.selector.location),
                            entity: "\(s.entity)/slo/\(slo.name.value)/\(call.name)/\(ms.selector.name ?? "")",
                            hint: "use a range of at least \(shown)"))
                }
            }
        }
        return out
    }
}
