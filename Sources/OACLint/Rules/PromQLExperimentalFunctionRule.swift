import OACCatalog
import OACDiagnostics
import OACPromQL

/// Catalog PromQL that needs a feature flag, or uses a function Prometheus 3 removed.
public struct PromQLExperimentalFunctionRule: LintRule {
    public static let id = "promql-experimental-function"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .promql, severity: .warning,
        summary: "Catalog PromQL uses an experimental function or aggregation (needs a feature flag) or one Prometheus 3 removed.",
        rationale: """
            Experimental functions (`sort_by_label`, `limitk`, `double_exponential_smoothing`, …) only load when \
            Prometheus runs with `--enable-feature=promql-experimental-functions`; without it the rule file fails \
            to load and every rule in it — including the SLO's burn-rate alerts — stops. Functions removed in \
            Prometheus 3 (`holt_winters`) break the upgrade. Unknown functions and wrong arity are the compiler's \
            `invalid-promql` errors.
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
                - {name: queue_depth, type: gauge}
              slos:
                - name: queue
                  objective: 99
                  sli:
                    threshold:
                      query: 'max(↓holt_winters(queue_depth{job="api"}[10m], 0.5, 0.5))'
                      op: "<="
                      value: 100
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
                - {name: queue_depth, type: gauge}
              slos:
                - name: queue
                  objective: 99
                  sli:
                    threshold:
                      query: 'max(avg_over_time(queue_depth{job="api"}[10m]))'
                      op: "<="
                      value: 100
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (s, slo, q) in context.queries {
            guard let expr = context.parse(q.value) else { continue }
            var seen = Set<String>()
            expr.walk { e in
                var problem: (name: String, why: String, hint: String)?
                switch e {
                case .call(let call):
                    if let f = call.function, f.experimental {
                        problem = (
                            call.name, "is experimental and needs --enable-feature=promql-experimental-functions",
                            "use a stable function, or enable the feature on every Prometheus that loads the rules"
                        )
                    } else if let f = call.function, let removed = f.removedIn {
                        problem = (
                            call.name, "was removed in Prometheus \(removed)",
                            f.replacement.map { "use `\($0)` (experimental in 3.x) or a stable alternative" } ?? "use a stable alternative"
                        )
                    }
                case .aggregate(let agg) where agg.op.isExperimental:
                    problem = (
                        agg.op.rawValue, "is experimental and needs --enable-feature=promql-experimental-functions",
                        "use topk/bottomk, or enable the feature"
                    )
                default:
                    break
                }
                guard let problem, seen.insert(problem.name).inserted else { return }
                out.append(
                    Finding(
                        "`\(problem.name)` in the query of SLO `\(slo.name.value)` \(problem.why)",
                        at: LintContext.position(of: problem.name, before: ["("], in: q) ?? q.location,
                        entity: "\(s.entity)/slo/\(slo.name.value)/\(problem.name)", hint: problem.hint))
            }
        }
        return out
    }
}
