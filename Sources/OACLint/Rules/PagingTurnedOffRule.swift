import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: an SLO that paged on fast burn no longer does.
public struct PagingTurnedOffRule: LintRule {
    public static let id = "paging-turned-off"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "Under `--base`, the change turns an SLO's burn-rate paging off (`alerting: {page: false}`).",
        rationale: """
            The page alerts are what wakes someone when an SLO burns its budget fast; without them an outage is \
            noticed by users, or by a ticket the next morning. Turning them off is sometimes right (a noisy SLO \
            being reworked), but it should never pass review unnoticed in a one-line diff, least of all on a \
            critical service. It needs `--base`: the examples read the passing catalog as the base.
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
              slos:
                - name: ↓availability
                  objective: 99.9
                  alerting: {page: false}
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
        context.slosAlsoInBase().compactMap { s, slo, before, _ in
            guard slo.page == false, before.alerting.page else { return nil }
            let criticality = context.criticality(of: s).map { " (\($0.rawValue))" } ?? ""
            return Finding(
                "burn-rate paging of SLO `\(slo.name.value)` of `\(s.name.value)`\(criticality) is turned off: a fast burn of its error budget no longer pages anyone",
                at: slo.name.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                hint: "keep `page: true`, or say in the pull request who watches this SLO instead")
        }
    }
}
