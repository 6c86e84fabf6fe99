import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// `oac lint --base`: data is kept for less time than in the base (the next compaction deletes the rest).
public struct RetentionShortenedRule: LintRule {
    public static let id = "retention-shortened"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .retention, severity: .warning,
        summary:
            "Under `--base`, the change shortens a retention (a tier's metrics or logs, or a Prometheus server's): older data is deleted and cannot come back.",
        rationale: """
            Retention is the one setting whose change cannot be undone: the next compaction deletes every block \
            older than the new limit, and raising it again later brings nothing back. Postmortems, quarterly \
            reports and SLO windows read that history. The finding names what is lost and which services keep \
            their data in the tier, so the owners can object before the data is gone. It needs `--base`: the \
            examples read the passing catalog as the base.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: ↓120d}
                  logs: ↓30d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 180d}
                  logs: 90d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let base = context.base, let platform = context.platform else { return [] }
        var out: [Finding] = []
        func compare(_ what: String, _ now: Located<PromDuration>?, _ before: PromDuration?, entity: String, services: [String]) {
            guard let now, let before, now.value < before else { return }
            let used = services.isEmpty ? "" : " of \(services.map { "`\($0)`" }.joined(separator: ", "))"
            out.append(
                Finding(
                    "\(what) is shortened from \(before) to \(now.value): data\(used) older than \(now.value) is deleted at the next compaction, for good",
                    at: now.location, entity: entity,
                    hint: "keep \(before), or confirm in the pull request that nothing (reports, postmortems, SLO windows) reads the older data"))
        }
        compare(
            "the retention of every Prometheus server (`spec.prometheus.retention`)", platform.prometheusRetention,
            base.platform.prometheus.retention, entity: "platform/prometheus/retention", services: [])
        compare(
            "the retention of the global Prometheus (`spec.global.retention`)", platform.global?.retention,
            base.platform.global?.retention, entity: "platform/global/retention", services: [])
        for tier in platform.retentionTiers {
            guard let was = base.tier(named: tier.name.value) else { continue }
            let members = context.catalog.services.filter { $0.tier?.value == tier.name.value }.map(\.name.value).sorted()
            let name = tier.name.value
            let entity = "platform/tier/\(name)"
            compare("tier `\(name)`'s local metrics retention", tier.local, was.local, entity: "\(entity)/local", services: members)
            compare("tier `\(name)`'s raw metrics retention", tier.raw, was.raw, entity: "\(entity)/raw", services: members)
            compare("tier `\(name)`'s 5-minute downsampled retention", tier.downsampled5m, was.downsampled5m, entity: "\(entity)/5m", services: members)
            compare("tier `\(name)`'s 1-hour downsampled retention", tier.downsampled1h, was.downsampled1h, entity: "\(entity)/1h", services: members)
            compare("tier `\(name)`'s log retention", tier.logs, was.logs, entity: "\(entity)/logs", services: members)
        }
        return out
    }
}
