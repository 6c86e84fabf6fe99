import OACCatalog
import OACDiagnostics
import OACModel

/// An SLO window longer than the raw retention of the service's tier.
public struct SLOWindowExceedsRetentionRule: LintRule {
    public static let id = "slo-window-exceeds-retention"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "An SLO's window is longer than the raw metrics retention (`raw`, else `local`) of its service's tier.",
        rationale: """
            The SLO-window budget, the scorecard and any recomputation read raw samples over the whole window. \
            When the tier keeps raw data for less time than the window (15d `local` and no `raw`, for a 30d SLO), \
            the oldest part of the window is simply missing: the attainment is computed over fewer days than it \
            claims and the report cannot be reproduced. Keep raw data at least as long as the longest window.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: silver
                  metrics: {local: 15d}
                  logs: 15d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: silver
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  window: ↓30d
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: silver
                  metrics: {local: 15d, raw: 90d}
                  logs: 15d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: silver
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  window: 30d
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            guard let tierName = s.tier?.value, let tier = context.tier(named: tierName),
                let kept = tier.raw?.value ?? tier.local?.value
            else { continue }
            let which = tier.raw != nil ? "raw" : "local"
            for slo in s.slos {
                let window = slo.window?.value ?? .days(30)
                guard window > kept else { continue }
                out.append(
                    Finding(
                        "SLO `\(slo.name.value)` has a \(window) window but tier `\(tierName)` keeps raw metrics for \(kept) (`\(which)`)",
                        at: slo.window?.location ?? slo.name.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                        hint: "set `metrics.raw` of tier `\(tierName)` to at least \(window), or shorten the window"))
            }
        }
        return out
    }
}
