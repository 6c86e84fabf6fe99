import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: a service moves to a tier of lower criticality, all the more with incidents still open.
public struct TierDowngradedRule: LintRule {
    public static let id = "tier-downgraded"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .ownership, severity: .warning,
        summary: "Under `--base`, the change moves a service to a tier of lower criticality; the message names its open incident action items.",
        rationale: """
            A tier's criticality decides whether the service's fast burns page a human and which rules hold it \
            to an SLO and an owner with a pager (`critical`/`high` do). Lowering it switches those off, and \
            usually shortens retention too. Doing it while the service still has open action items, or an \
            incident not yet resolved, removes the alarms exactly where they last mattered: the message lists \
            them. The rule compares criticalities, never tier names (tiers named `critical`/`standard` work as \
            `gold`/`bronze` do), and reads no clock: incidents count while they are unresolved or keep open \
            action items. It needs `--base`: the examples read the passing catalog as the base.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - {name: critical, criticality: critical, metrics: {local: 15d, raw: 90d}, logs: 90d}
                - {name: standard, criticality: standard, metrics: {local: 15d, raw: 90d}, logs: 30d}
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: ↓standard
              runbook: https://runbooks.example.com/api
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - id: INC-7
                title: Checkout errors after a config push
                services: [api]
                severity: SEV2
                started: 2026-07-03T02:10:00Z
                detected: 2026-07-03T02:20:00Z
                acknowledged: 2026-07-03T02:25:00Z
                mitigated: 2026-07-03T04:40:00Z
                resolved: 2026-07-03T05:20:00Z
                postmortem: {status: published, url: https://wiki.example.com/pm/INC-7}
                actionItems:
                  - {title: Validate config pushes in CI, owner: web, due: 2026-07-17, status: open}
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              retentionTiers:
                - {name: critical, criticality: critical, metrics: {local: 15d, raw: 90d}, logs: 90d}
                - {name: standard, criticality: standard, metrics: {local: 15d, raw: 90d}, logs: 30d}
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: critical
              runbook: https://runbooks.example.com/api
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - id: INC-7
                title: Checkout errors after a config push
                services: [api]
                severity: SEV2
                started: 2026-07-03T02:10:00Z
                detected: 2026-07-03T02:20:00Z
                acknowledged: 2026-07-03T02:25:00Z
                mitigated: 2026-07-03T04:40:00Z
                resolved: 2026-07-03T05:20:00Z
                postmortem: {status: published, url: https://wiki.example.com/pm/INC-7}
                actionItems:
                  - {title: Validate config pushes in CI, owner: web, due: 2026-07-17, status: open}
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let base = context.base else { return [] }
        var out: [Finding] = []
        for (s, was) in context.servicesAlsoInBase() {
            guard let tier = s.tier, let now = context.criticality(of: s), was.tier != tier.value
            else { continue }
            // The base tier's criticality as the head declares it (else as its name implies).
            let before = context.tier(named: was.tier)?.resolvedCriticality ?? TierCriticality.implied(byName: was.tier)
            guard now < before else { continue }
            var message = "`\(s.name.value)` moves from tier `\(was.tier)` (\(before.rawValue)) to `\(tier.value)` (\(now.rawValue))"
            if before.pages && !now.pages { message += ": its fast burns no longer page" }
            let open = Self.openIncidents(of: s.name.value, in: context.model ?? base)
            if !open.isEmpty { message += "; it still has \(open.joined(separator: ", "))" }
            out.append(
                Finding(
                    message, at: tier.location, entity: "\(s.entity)/tier",
                    hint: open.isEmpty
                        ? "say why in the pull request; the service's owner should approve"
                        : "close the open action items first, or say in the pull request why the service matters less now"))
        }
        return out
    }

    /// "INC-7 (1 open action item)", "INC-9 (unresolved)" for each incident of the service that is not done.
    static func openIncidents(of service: String, in model: Model) -> [String] {
        model.incidents.filter { $0.services.contains(service) }.compactMap { i in
            let open = i.actionItems.count { !Conventions.closedActionItemStatuses.contains($0.status.lowercased()) }
            var parts: [String] = []
            if i.resolved == nil { parts.append("unresolved") }
            if open > 0 { parts.append("\(open) open action item\(open == 1 ? "" : "s")") }
            return parts.isEmpty ? nil : "\(i.id) (\(parts.joined(separator: ", ")))"
        }
    }
}
