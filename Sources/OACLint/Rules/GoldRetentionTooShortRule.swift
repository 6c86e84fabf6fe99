import OACCatalog
import OACDiagnostics
import OACModel

/// The gold tier keeps raw metrics or logs for less than a quarter.
public struct GoldRetentionTooShortRule: LintRule {
    public static let id = "gold-retention-too-short"
    static let minimum = PromDuration.days(90)

    public init() {}

    public let description = RuleDescription(
        id: id, category: .retention, severity: .error,
        summary: "The `gold` tier keeps raw metrics (`raw`, else `local`) or logs for less than 90 days.",
        rationale: """
            Gold services are reviewed every quarter: the scorecard recomputes attainment from raw data, and \
            incident reviews go back to the logs of the quarter. Under 90 days, the start of the quarter is gone \
            by the time the review happens.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: ↓30d}
                  logs: ↓30d
              alerting: {owner: web}
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
              alerting: {owner: web}
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let tier = context.tier(named: "gold") else { return [] }
        var out: [Finding] = []
        if let kept = tier.raw ?? tier.local, kept.value < Self.minimum {
            out.append(Finding("tier `gold` keeps raw metrics for \(kept.value); gold needs at least \(Self.minimum)",
                               at: kept.location, entity: "tier/gold/metrics",
                               hint: "set `metrics.raw: 90d` (or longer) on the gold tier"))
        }
        if let logs = tier.logs, logs.value < Self.minimum {
            out.append(Finding("tier `gold` keeps logs for \(logs.value); gold needs at least \(Self.minimum)",
                               at: logs.location, entity: "tier/gold/logs", hint: "set `logs: 90d` (or longer) on the gold tier"))
        }
        return out
    }
}
