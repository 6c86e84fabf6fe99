import Foundation
import OACModel
import OACPromQL

/// The error-budget policy as recorded series: the budget spent over the policy's window, the SLO's state,
/// the service's state (its worst SLO's), and a ticket when the service enters freeze.
extension SLORules {
    var policy: BudgetPolicy { service.errorBudgetPolicy }

    /// `BudgetPolicyState.value` from the share spent: `(spent >= bool review) + (spent >= bool freeze)`, so 0, 1 or 2
    /// (`freezeAt ≥ reviewAt` is checked by the compiler).
    func policyRecords(_ t: SLOText) -> [RecordingRule] {
        let spentExpr: String
        if let w = policy.window, !(t.slo.calendar == nil && w == t.slo.window) {
            spentExpr = concat("(", errorRatioExpr(t, w), ") / ", t.budgetText)
        } else {
            spentExpr = concat(budgetRatio(t), " / ", t.budgetText)
        }
        let spent = Conventions.errorBudgetSpent + t.sel
        let review = ExactDecimal(policy.reviewAt.value.percentToRatio).description
        let freeze = ExactDecimal(policy.freezeAt.value.percentToRatio).description
        return [
            RecordingRule(record: Conventions.errorBudgetSpent, expr: spentExpr, labels: t.labels),
            RecordingRule(
                record: Conventions.sloPolicyState,
                expr: concat("(", spent, " >= bool ", review, ") + (", spent, " >= bool ", freeze, ")"), labels: t.labels)
        ]
    }

    /// The service's state: its worst SLO's.
    func servicePolicyRecord() -> RecordingRule {
        let sel = "{\(Conventions.serviceLabel)=\(PromQL.quote(service.name))}"
        return RecordingRule(
            record: Conventions.servicePolicyState, expr: concat("max(", Conventions.sloPolicyState, sel, ")"),
            labels: [(Conventions.serviceLabel, service.name)])
    }

    func freezeAlert() -> AlertingRule {
        let sel = "{\(Conventions.serviceLabel)=\(PromQL.quote(service.name))}"
        let labels: [(String, String)] = [
            (Conventions.serviceLabel, service.name), (Conventions.severityLabel, AlertSeverity.ticket.rawValue),
            (Conventions.teamLabel, team), (Conventions.tierLabel, service.tier)
        ]
        let exceptions = policy.freezeExceptions.map(\.rawValue).joined(separator: ", ")
        var annotations: [(String, String)] = [
            (
                "description",
                "\(service.name) has spent at least \(policy.freezeAt)% of an SLO's error budget over "
                    + (policy.window.map { "the last \($0)" } ?? "the SLO window")
                    + ": its error-budget policy freezes changes; only \(exceptions.isEmpty ? "nothing" : exceptions) ship until the budget recovers."
            ),
            ("runbook_url", service.runbook ?? dashboardURL ?? ""),
            ("summary", "\(service.name) is in error-budget freeze")
        ]
        if let url = dashboardURL { annotations.append(("dashboard", url)) }
        annotations.sort { $0.0 < $1.0 }
        return AlertingRule(
            alert: Conventions.budgetFreezeAlert,
            expr: concat(Conventions.servicePolicyState, sel, " >= ", String(BudgetPolicyState.freeze.value)),
            forDuration: nil, labels: Self.literal(labels), annotations: Self.literal(annotations))
    }
}
