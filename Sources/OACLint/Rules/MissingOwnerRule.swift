import OACCatalog
import OACDiagnostics

/// The platform names no team that owns the monitoring itself.
public struct MissingOwnerRule: LintRule {
    public static let id = "missing-owner"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .ownership, severity: .warning,
        summary: "The platform has no `spec.alerting.owner`: self-monitoring alerts and unrouted alerts reach no team.",
        rationale: """
            Services are owned by their `owner` team, but the monitoring is a service too: rule evaluation \
            failures, missing scrapes, a full TSDB. oac sends those alerts, and any alert whose team has no \
            receiver, to the platform's alerting owner. Without one they go to Alertmanager's default route, \
            which nobody reads.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: ↓acme}
            spec:
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
              alerting: {owner: web}
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let p = context.platform, p.alerting?.owner == nil else { return [] }
        return [
            Finding(
                "platform `\(p.name.value)` names no team that owns its monitoring", at: p.name.location,
                entity: "platform/\(p.name.value)", hint: "set `spec.alerting.owner` to the team that runs Prometheus")
        ]
    }
}
