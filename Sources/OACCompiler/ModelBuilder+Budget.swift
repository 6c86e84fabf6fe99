import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

extension ModelBuilder {
    // MARK: - Error-budget policy, maintenance windows, corrections

    /// The service's policy: the defaults, then the platform's keys, then its tier's, then its own.
    mutating func resolvePolicy(_ s: ServiceSpec, slos: [SLO]) -> BudgetPolicy {
        var policy = BudgetPolicy.defaults
        let platform = catalog.platforms.first
        let tier = platform?.retentionTiers.first { $0.name.value == s.tier?.value }
        var last: BudgetPolicySpec?
        for spec in [platform?.errorBudgetPolicy, tier?.errorBudgetPolicy, s.errorBudgetPolicy].compactMap({ $0 }) {
            if let v = spec.reviewAt { policy.reviewAt = ExactDecimal(v.value) }
            if let v = spec.freezeAt { policy.freezeAt = ExactDecimal(v.value) }
            if spec.windowIsSLO { policy.window = nil }
            if let v = spec.windowDuration { policy.window = v.value }
            if let v = spec.freezeExceptions { policy.freezeExceptions = v }
            last = spec
        }
        if policy.freezeAt < policy.reviewAt, let last {
            diagnostics.error("service `\(s.name.value)`: the error-budget policy freezes at \(policy.freezeAt)% but reviews only from \(policy.reviewAt)%",
                              rule: CheckID.invalidValue, at: last.freezeAt?.location ?? last.location,
                              hint: "`freezeAt` must be at least `reviewAt` (the Workbook's order: review, then freeze)")
        }
        return policy
    }

    /// Checks and resolves `maintenanceWindows` or `corrections`: names unique in the service, owners are teams, SLOs exist.
    mutating func buildWindows(_ specs: [BudgetWindowSpec], service s: ServiceSpec, slos: [SLO], teams: Set<String>,
                               seen: inout [String: SourceLocation]) -> [BudgetWindow] {
        var out: [BudgetWindow] = []
        let sloNames = slos.map(\.name)
        for w in specs {
            if let n = w.name {
                if let first = seen[n.value] {
                    diagnostics.error("window `\(n.value)` is defined twice in service `\(s.name.value)`", rule: CheckID.duplicateName,
                                      at: n.location, hint: "first defined at \(first)")
                }
                seen[n.value] = n.location
            }
            if let o = w.owner, !teams.contains(o.value) {
                unresolved(o, what: "team", candidates: Array(teams), field: "owner")
            }
            for slo in w.slos where !sloNames.contains(slo.value) {
                unresolved(slo, what: "SLO", candidates: sloNames, field: "slos")
            }
            guard let name = w.name, let reason = w.reason, let owner = w.owner, let added = w.added,
                  let schedule = w.schedule else { continue }
            out.append(BudgetWindow(name: name.value, reason: reason, owner: owner.value, added: added,
                                    slos: w.slos.map(\.value), schedule: schedule))
        }
        return out.sorted { $0.name < $1.name }
    }
}
