import Foundation
import OACModel
import OACPromQL
import OACSupport

/// The alerts of `SLORules`: burn-rate pages and tickets (thresholds exact), the no-data alert, and their
/// labels and annotations. In a file of its own so SLORules.swift keeps the groups and the records.
extension SLORules {
    // MARK: - Alerts

    /// The threshold an error ratio must exceed: factor × budget, exact.
    public static func threshold(_ alert: BurnRateAlert, _ slo: SLO) -> ExactDecimal {
        ExactDecimal(alert.factor.value.times(slo.errorBudget.value))
    }

    /// Labels every SLO alert carries (the contract) plus the windows that fired.
    public func alertLabels(_ slo: SLO, severity: AlertSeverity, alert: BurnRateAlert?) -> [(String, String)] {
        var labels: [(String, String)] = [
            (Conventions.serviceLabel, service.name), (Conventions.sloLabel, slo.name), (Conventions.teamLabel, team),
            (Conventions.tierLabel, service.tier), (Conventions.severityLabel, severity.rawValue)
        ]
        if let alert {
            labels.append((Conventions.longWindowLabel, alert.long.description))
            labels.append((Conventions.shortWindowLabel, alert.short.description))
        }
        for kv in slo.alerting.labels { labels.append((kv.key, kv.value)) }
        return labels.sorted { $0.0 < $1.0 }
    }

    public func alertRule(_ slo: SLO, _ alert: BurnRateAlert) -> AlertingRule {
        alertRule(SLOText(self, slo), alert)
    }

    func alertRule(_ t: SLOText, _ alert: BurnRateAlert) -> AlertingRule {
        let slo = t.slo
        let threshold = ExactDecimal(alert.factor.value.times(t.budget.value)).description
        var expr = concat(
            "(", t.errorRatio(alert.long), t.sel, " > ", threshold,
            " and ", t.errorRatio(alert.short), t.sel, " > ", threshold, ")")
        if usesTrafficGuard(slo) {
            // Low-traffic guard: no burn alert while its long window saw fewer than minEventsPerHour events per
            // hour on average (the ratio it compares is measured over that window, so is its significance).
            expr += concat(" and ", trafficPerHour(t, alert.long), " >= ", slo.alerting.minEventsPerHour.description)
        }
        return AlertingRule(
            alert: Conventions.burnRateAlert, expr: expr,
            forDuration: Conventions.alertFor(short: alert.short),
            // Prometheus expands label values as templates too: catalog text stays literal.
            labels: Self.literal(alertLabels(slo, severity: alert.severity, alert: alert)),
            annotations: Self.literal(burnAnnotations(slo, alert)))
    }

    /// Events per hour over a window, on average: from the 5m records up to `fastWindowLimit`, else from the
    /// 1h records (as the window's error ratio is built).
    func trafficPerHour(_ t: SLOText, _ window: PromDuration) -> String {
        let base = window <= Conventions.fastWindowLimit ? t.total5m : t.total1h
        return concat("avg_over_time(", base, "[", window.description, "]) * 3600")
    }

    /// Annotations or labels with their templates escaped (most hold no braces and stay as they are).
    static func literal(_ annotations: [(String, String)]) -> [(String, String)] {
        var out = annotations
        for i in out.indices { out[i].1 = PromTemplate.literal(out[i].1) }
        return out
    }

    public func usesTrafficGuard(_ slo: SLO) -> Bool {
        if case .threshold = slo.sli { return false }
        return slo.alerting.minEventsPerHour.value > 0
    }

    public func noDataAlert(_ slo: SLO) -> AlertingRule {
        noDataAlert(SLOText(self, slo))
    }

    func noDataAlert(_ t: SLOText) -> AlertingRule {
        // Either side missing is missing data: a latency SLO whose bucket series is absent (an `le` spelled
        // otherwise, a bucket dropped) has total events and no bad-events series, so no ratio and no burn alert.
        AlertingRule(
            alert: Conventions.noDataAlert, expr: concat("absent(", t.total5m, ") or absent(", t.bad5m, ")"),
            forDuration: Conventions.noDataFor,
            labels: Self.literal(alertLabels(t.slo, severity: .ticket, alert: nil)),
            annotations: Self.literal(noDataAnnotations(t.slo)))
    }

    public func burnAnnotations(_ slo: SLO, _ alert: BurnRateAlert) -> [(String, String)] {
        let summary = "\(service.name) \(slo.name) is burning its error budget \(alert.factor.rounded)x too fast"
        return annotations(slo, summary: summary, description: Self.burnDescription(slo, alert))
    }

    /// What `burnDescription` depends on: numbers only, no names (the same text for every SLO of that shape).
    struct BurnDescriptionKey: Hashable {
        var objective: DecimalMemo.Bits
        var window: Int64
        var calendar: CalendarPeriod?
        var short: Int64
        var long: Int64
        var factor: DecimalMemo.Bits
        var budgetPercent: DecimalMemo.Bits
    }

    static let burnDescriptions = Memo<BurnDescriptionKey, String>()

    /// The description annotation of a burn-rate alert, once per objective, window and row.
    static func burnDescription(_ slo: SLO, _ alert: BurnRateAlert) -> String {
        let key = BurnDescriptionKey(
            objective: DecimalMemo.Bits(slo.objective.value), window: slo.window.milliseconds,
            calendar: slo.calendar, short: alert.short.milliseconds,
            long: alert.long.milliseconds, factor: DecimalMemo.Bits(alert.factor.value),
            budgetPercent: DecimalMemo.Bits(alert.budgetPercent.value))
        return burnDescriptions.value(key) {
            let threshold = Self.threshold(alert, slo)
            let budgetPercent = ExactDecimal(slo.errorBudget.value.times(100))
            // window / factor = long × 100 / budgetPercent, exact and independent of the window.
            let exhaust = PromDuration.approximately(
                milliseconds: Decimal(alert.long.milliseconds).times(100).over(alert.budgetPercent.value))
            return "The error ratio over the last \(alert.long) and \(alert.short) is above "
                + "\(ExactDecimal(threshold.value.times(100)).rounded)% (\(alert.factor.rounded) × the \(budgetPercent)% budget of a "
                + "\(slo.objective)% objective over \(slo.windowLabel)). At this rate the whole budget is gone in "
                + "\(exhaust); \(alert.budgetPercent)% of it burns every \(alert.long)."
        }
    }

    public func noDataAnnotations(_ slo: SLO) -> [(String, String)] {
        let summary = "\(service.name) \(slo.name) has no SLI data"
        let description =
            "No events, or no bad-events series, for SLO \(slo.name) of \(service.name) for "
            + "\(Conventions.noDataFor): the instrumentation, the scrape or the recording rules are broken (for a "
            + "latency SLO, the threshold's bucket may be missing), and burn-rate alerts cannot fire."
        return annotations(slo, summary: summary, description: description)
    }

    /// Annotations as the alert shows them (templates are escaped when the rule is written).
    func annotations(_ slo: SLO, summary: String, description: String) -> [(String, String)] {
        var out: [(String, String)] = [
            ("summary", summary),
            ("description", description),
            ("runbook_url", service.runbook ?? dashboardURL ?? "")
        ]
        if let url = dashboardURL { out.append(("dashboard", url)) }
        for kv in slo.alerting.annotations where !out.contains(where: { $0.0 == kv.key }) {
            out.append((kv.key, kv.value))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
