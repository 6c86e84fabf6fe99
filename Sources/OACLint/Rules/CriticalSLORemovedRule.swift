import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: an SLO of a critical or high-criticality service is gone (with it, its alerts and report).
public struct CriticalSLORemovedRule: LintRule {
    public static let id = "critical-slo-removed"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .error,
        summary:
            "Under `--base`, the change removes an SLO of a service whose tier is `critical` or `high` (`gold`/`silver` by default), or the whole service.",
        rationale: """
            An SLO is what pages when the service burns its error budget, and what the quarterly report holds \
            the service to. Removing one from an important service switches both off, silently, in a diff that \
            shows only deleted lines. Make it a decision: lower the tier first, or say why with \
            `# oac:ignore critical-slo-removed` on the service's name. It needs `--base`: the examples read \
            the passing catalog as the base.
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
                - name: availability-4xx
                  objective: 99
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"4.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let base = context.base else { return [] }
        var out: [Finding] = []
        for was in base.services where !was.slos.isEmpty {
            let now = context.catalog.services.first { $0.name.value == was.name }
            let criticality =
                now.flatMap { context.criticality(of: $0) }
                ?? context.tier(named: was.tier)?.resolvedCriticality ?? TierCriticality.implied(byName: was.tier)
            guard criticality.pages else { continue }
            guard let now else {
                out.append(
                    Finding(
                        "service `\(was.name)` (tier `\(was.tier)`, \(criticality.rawValue)) is removed with its \(was.slos.count) SLO(s)",
                        at: nil, entity: "service/\(was.name)",
                        hint: "keep the service, or lower its tier in a change of its own first"))
                continue
            }
            let names = Set(now.slos.map(\.name.value))
            for slo in was.slos where !names.contains(slo.name) {
                out.append(
                    Finding(
                        "SLO `\(slo.name)` of \(criticality.rawValue) service `\(was.name)` is removed; its alerts and report go with it",
                        at: now.name.location, entity: "\(now.entity)/slo/\(slo.name)",
                        hint: "keep the SLO, or lower the service's tier in a change of its own first"))
            }
        }
        return out
    }
}
