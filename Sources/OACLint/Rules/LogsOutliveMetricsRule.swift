import OACCatalog
import OACDiagnostics
import OACModel

/// Logs kept longer than any metrics of the same tier.
public struct LogsOutliveMetricsRule: LintRule {
    public static let id = "logs-outlive-metrics"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .retention, severity: .warning,
        summary: "A tier or log stream keeps logs longer than the tier keeps metrics at any resolution.",
        rationale: """
            Logs cost far more per day of retention than metrics, and are read next to metrics: once the metrics \
            of a period are gone, nobody finds the logs of that period either. Keeping logs longer is sometimes \
            required (an audit trail): say so with `# oac:ignore logs-outlive-metrics` and the reason on that line.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: ↓1y
              alerting: {owner: web}
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
                - name: audit
                  metrics: {local: 15d, raw: 90d}
                  logs: 1y   # oac:ignore logs-outlive-metrics -- payment audit trail, legal hold
              alerting: {owner: web}
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for tier in context.platform?.retentionTiers ?? [] {
            let longest = [tier.local, tier.raw, tier.downsampled5m, tier.downsampled1h].compactMap { $0?.value }.max()
            guard let longest else { continue }
            if let logs = tier.logs, logs.value > longest {
                out.append(
                    Finding(
                        "tier `\(tier.name.value)` keeps logs for \(logs.value) but metrics for at most \(longest)",
                        at: logs.location, entity: "tier/\(tier.name.value)/logs",
                        hint: "shorten `logs` to \(longest), or mark the reason with `# oac:ignore \(Self.id)`"))
            }
            for s in context.catalog.services where s.tier?.value == tier.name.value {
                for (i, l) in s.logs.enumerated() {
                    guard let r = l.retention, r.value > longest else { continue }
                    out.append(
                        Finding(
                            "a log stream of `\(s.name.value)` is kept for \(r.value) but tier `\(tier.name.value)` keeps metrics for at most \(longest)",
                            at: r.location, entity: "\(s.entity)/logs/\(l.selector?.value ?? String(i))",
                            hint: "shorten the stream's `retention`, or mark the reason with `# oac:ignore \(Self.id)`"))
                }
            }
        }
        return out
    }
}
