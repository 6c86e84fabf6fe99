import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// A burn-rate alert whose threshold (factor × error budget) is an error ratio of 100% or more.
public struct BurnRateNeverFiresRule: LintRule {
    public static let id = "burn-rate-never-fires"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .error,
        summary: "A burn-rate alert needs an error ratio of 100% or more: it can never fire.",
        rationale: """
            A burn-rate alert fires when the error ratio over its windows exceeds factor × error budget, with \
            factor = budgetPercent/100 × window / long. With a loose objective the product reaches 1: 90% over 30d \
            has a 10% budget, and the 1h page needs 14.4 × 10% = 144% errors. Such an alert is dead code that \
            looks like protection. Tighten the objective, or use a burn-rate table with smaller factors for it.
            (Rows whose long window exceeds the SLO window are the compiler's `burn-rate-table` errors.)
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
                  objective: ↓90
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
                  objective: 95
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        let table = burnRateTable(context)
        var out: [Finding] = []
        // The verdict depends on the objective, the window and which severities alert: a catalog has a handful
        // of those combinations, repeated over thousands of SLOs.
        struct Key: Hashable {
            var objective: DecimalMemo.Bits
            var window: Int64
            var page: Bool
            var ticket: Bool
        }
        var verdicts: [Key: (dead: [String], maxFactor: Decimal)] = [:]
        for s in context.catalog.services {
            for slo in s.slos {
                guard let o = slo.objective, o.value > 0, o.value < 100 else { continue }
                let window = slo.window?.value ?? .days(30)
                let page = slo.page ?? true
                let ticket = slo.ticket ?? true
                let key = Key(objective: DecimalMemo.Bits(o.value), window: window.milliseconds, page: page, ticket: ticket)
                let verdict: (dead: [String], maxFactor: Decimal)
                if let known = verdicts[key] {
                    verdict = known
                } else {
                    verdict = Self.deadAlerts(table, objective: o.value, window: window, page: page, ticket: ticket)
                    verdicts[key] = verdict
                }
                let (dead, maxFactor) = verdict
                guard !dead.isEmpty else { continue }
                let minimum = (100 as Decimal).minus((100 as Decimal).over(maxFactor))
                out.append(
                    Finding(
                        "SLO `\(slo.name.value)` has burn-rate alerts that can never fire: \(dead.joined(separator: "; "))",
                        at: o.location, entity: "\(s.entity)/slo/\(slo.name.value)",
                        hint: "an objective above \(show(minimum))% makes them reachable; or set `alerting.burnRateWindows` with smaller factors"))
            }
        }
        return out
    }

    /// The alerts of `table` that need an error ratio of 100% or more, and the largest factor among them.
    static func deadAlerts(
        _ table: [BurnRateWindowSpec], objective: Decimal, window: PromDuration, page: Bool,
        ticket: Bool
    ) -> (dead: [String], maxFactor: Decimal) {
        let budget = (100 as Decimal).minus(objective).over(100)  // memoised: (100 − o) / 100
        var dead: [String] = []
        var maxFactor = Decimal(0)
        for row in table where row.long <= window {
            if row.severity == .page && !page || row.severity == .ticket && !ticket { continue }
            let factor = row.factor(for: window).value
            guard factor.times(budget) >= 1 else { continue }
            dead.append("\(row.severity.rawValue) \(row.short)/\(row.long) needs \(show(factor.times(budget).times(100)))% errors")
            maxFactor = max(maxFactor, factor)
        }
        return (dead, maxFactor)
    }

    /// The platform's table as the compiler resolves it.
    func burnRateTable(_ context: LintContext) -> [BurnRateWindowSpec] {
        if let m = context.model { return m.platform.alerting.burnRateWindows }
        guard let rows = context.platform?.alerting?.burnRateWindows else { return BurnRateWindowSpec.sreWorkbook }
        return rows.compactMap { r in
            guard let sev = r.severity.flatMap({ AlertSeverity(rawValue: $0.value) }), let s = r.short, let l = r.long,
                let b = r.budgetPercent
            else { return nil }
            return BurnRateWindowSpec(severity: sev, short: s.value, long: l.value, budgetPercent: ExactDecimal(b.value))
        }
    }
}
