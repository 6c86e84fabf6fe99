import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// `oac lint --base`: an SLO's window is shorter than in the base.
public struct SLOWindowShortenedRule: LintRule {
    public static let id = "slo-window-shortened"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "Under `--base`, the change shortens an SLO's window (30d → 7d: the SLO forgets a bad day after a week).",
        rationale: """
            The window is how long a failure counts against the error budget. Shortening it (30d → 7d, or a \
            calendar month → a week) makes the budget recover faster after an incident, so the SLO looks met \
            sooner, and it breaks the comparison with earlier reports. It may be right (a service that ships \
            daily), but it changes a promise to users in one line: reviewers should see it. It needs `--base`: \
            the examples read the passing catalog as the base.
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
                - name: availability
                  objective: 99.9
                  window: ↓7d
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
                  window: 28d
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        context.slosAlsoInBase().compactMap { s, slo, before, _ in
            // Written, or (left out) the window the compiler gave it.
            let compiled = context.model?.service(named: s.name.value)?.slos.first { $0.name == slo.name.value }
            guard let window = slo.window?.value ?? compiled?.window, window < before.window else { return nil }
            let label = slo.calendar.map { "calendar \($0.value.rawValue)" } ?? window.description
            return Finding(
                "the window of SLO `\(slo.name.value)` of `\(s.name.value)` is shortened from \(before.windowLabel) to \(label): a failure counts against the error budget for \(window) instead of \(before.window)",
                at: slo.window?.location ?? slo.name.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                hint: "say why in the pull request; reports before and after the change no longer compare")
        }
    }
}
