import Foundation
import OACModel
import OACPromQL
import OACSupport

/// Translates one service into its dashboard: an overview row (attainment, budget, owner, tier, runbook),
/// one row per SLO (SLI against the objective, budget, burn rate against the alert factors, the events
/// behind the SLI), then the panels its type calls for.
struct ServiceDashboard {
    let model: Model
    let service: Service
    let rules: SLORules
    let common: DashboardCommon
    /// `service="…"`, escaped once: every SLO selector starts with it.
    let serviceMatcher: String

    init(model: Model, service: Service) {
        self.model = model
        self.service = service
        rules = SLORules(model: model, service: service)
        common = DashboardCommon(model: model)
        serviceMatcher = "\(Conventions.serviceLabel)=\(DashboardPromQL.quote(service.name))"
    }

    /// What the panels of one SLO share, worked out once per SLO.
    struct SLOFacts {
        let slo: SLO
        /// `{service="…",slo="…"}`.
        let selector: String
        let windowLabel: String
        /// The windows the rules record a burn rate for, in order.
        let alertWindows: [PromDuration]
        /// The windows the rules record an error ratio for.
        let ratioWindows: [PromDuration]
        /// The error budget in percent of events (`0.1` for 99.9 %).
        let budgetPercent: String
    }

    func facts(_ slo: SLO) -> SLOFacts {
        SLOFacts(
            slo: slo, selector: sloSelector(slo), windowLabel: slo.windowLabel,
            alertWindows: rules.alertWindows(slo), ratioWindows: rules.ratioWindows(slo),
            budgetPercent: ExactDecimal(slo.errorBudget.value.times(100)).description)
    }

    func build() -> GrafanaDashboard {
        var grid = GridLayout()
        let slos = service.slos.map(facts)
        overview(slos, &grid)
        for slo in slos { sloRow(slo, &grid) }
        let signals = ServiceSignals(service: service, extraMatchers: common.regionMatchers)
        for (title, panels) in signals.sections() {
            grid.row(title)
            for p in panels { grid.add(p, w: 12, h: 8) }
        }
        let alerts = DashboardPromQL.selector(
            Conventions.alertsSeries,
            [
                .init(Conventions.serviceLabel, .equal, service.name),
                .init(Conventions.alertStateLabel, .equal, "firing")
            ])
        return GrafanaDashboard(
            uid: Conventions.serviceDashboardUID(service.name),
            title: "\(service.name) (\(service.owner))",
            description: service.description,
            tags: [
                Conventions.dashboardTag, Conventions.serviceDashboardTag, Conventions.teamTag(service.owner),
                "tier:\(service.tier)", "type:\(service.type.rawValue)"
            ],
            panels: grid.panels,
            templating: common.templating(region: common.hasRegions),
            annotations: Annotations(list: [.builtIn, .alerts("Firing alerts", expr: alerts, color: "red")]),
            links: [
                .dashboard(
                    "Team \(service.owner)", uid: Conventions.teamDashboardUID(service.owner),
                    tooltip: "All SLOs of \(service.owner)", includeVars: false, base: common.model.platform.grafana.url),
                .tagged(
                    "Services of \(service.owner)",
                    tags: [Conventions.serviceDashboardTag, Conventions.teamTag(service.owner)],
                    tooltip: "Every service dashboard of \(service.owner)"),
                .dashboard(
                    "Platform", uid: Conventions.platformDashboardUID, tooltip: "Monitoring cost and health",
                    base: common.model.platform.grafana.url)
            ])
    }

    // MARK: - Overview

    func overview(_ slos: [SLOFacts], _ grid: inout GridLayout) {
        grid.row("Overview")
        for facts in slos {
            let slo = facts.slo
            let sel = facts.selector
            grid.add(
                Panels.stat(
                    "\(slo.name) attainment (\(facts.windowLabel))",
                    "Share of good events over the last \(facts.windowLabel); objective \(slo.objective)%.",
                    unit: "percentunit", [Panels.Query("\(Conventions.attainmentSLOWindow)\(sel)", slo.name)],
                    thresholds: Panels.objectiveThresholds(slo.objectiveRatio), decimals: 3), w: 4, h: 4)
            grid.add(
                Panels.stat(
                    "\(slo.name) budget left",
                    "Error budget left over the last \(facts.windowLabel); below 0 the SLO is missed.",
                    unit: "percentunit", [Panels.Query("\(Conventions.errorBudgetRemaining)\(sel)", slo.name)],
                    thresholds: Panels.budgetThresholds, decimals: 1), w: 4, h: 4)
        }
        grid.newLine()
        if !service.slos.isEmpty {
            // Owner and tier as the recording rules publish them: a stale rule file shows up here.
            let info = "\(Conventions.sloInfo)\(serviceSelector)"
            for (title, label) in [("Owner", Conventions.teamLabel), ("Tier", Conventions.tierLabel)] {
                grid.add(
                    Panels.stat(
                        title, "\(title) as published by \(Conventions.sloInfo).", unit: "none",
                        [Panels.Query("max by (\(label)) (\(info))", "{{\(label)}}")],
                        thresholds: Thresholds(base: "text", []), textMode: "name", colorMode: "none"),
                    w: 4, h: 4)
            }
        }
        grid.add(Panels.text("About", markdown: about), w: service.slos.isEmpty ? 24 : 16, h: 4)
    }

    /// The catalog's facts about the service, escaped as Markdown.
    var about: String {
        var lines = [
            "**Owner** \(Markdown.escape(service.owner)) · **Tier** \(Markdown.escape(service.tier)) · "
                + "**Type** \(Markdown.escape(service.type.rawValue)) · **Job** \(Markdown.escape(service.job))"
                + (service.regions.isEmpty ? "" : " · **Regions** \(Markdown.escape(service.regions.joined(separator: ", ")))")
        ]
        if let runbook = service.runbook { lines.append("**Runbook** \(Markdown.link(runbook, runbook))") }
        if let d = service.description { lines.append(Markdown.escape(d)) }
        return lines.joined(separator: "\n\n")
    }

    // MARK: - One SLO

    func sloRow(_ facts: SLOFacts, _ grid: inout GridLayout) {
        let slo = facts.slo
        grid.row("SLO \(slo.name): \(slo.objective)% over \(facts.windowLabel) (\(slo.sli.kind))")
        let sel = facts.selector
        grid.add(
            Panels.timeseries(
                "\(slo.name): SLI vs objective", slo.description ?? "Good events over all events.", unit: "percentunit",
                [
                    Panels.Query("1 - \(errorRatio(facts, .minutes(5)))", "SLI (5m)"),
                    Panels.Query("1 - \(errorRatio(facts, .hours(1)))", "SLI (1h)"),
                    Panels.Query("\(Conventions.objectiveRatio)\(sel)", "objective")
                ],
                thresholds: Panels.objectiveThresholds(slo.objectiveRatio), thresholdsStyle: "dashed", max: 1), w: 12, h: 8)
        grid.add(
            Panels.timeseries(
                "\(slo.name): error budget remaining",
                "Share of the \(facts.windowLabel) error budget (\(facts.budgetPercent)% of events) not yet spent.",
                unit: "percentunit", [Panels.Query("\(Conventions.errorBudgetRemaining)\(sel)", "budget left")],
                thresholds: Panels.budgetThresholds, thresholdsStyle: "line+area", max: 1), w: 12, h: 8)
        grid.add(burnRatePanel(facts), w: 12, h: 8)
        for panel in eventPanels(slo) { grid.add(panel, w: 12, h: 8) }
    }

    func burnRatePanel(_ facts: SLOFacts) -> GrafanaPanel {
        let slo = facts.slo
        let sel = facts.selector
        let windows = facts.alertWindows
        let queries: [Panels.Query]
        if windows.isEmpty {
            // No burn-rate alert, so no recorded burn rate: divide the 1h ratio by the budget here.
            queries = [Panels.Query("\(errorRatio(facts, .hours(1))) / \(slo.errorBudget)", "1h")]
        } else {
            queries = windows.map { w in
                let text = BurnRateTable.windowText(w)
                return Panels.Query(text.record + sel, text.label)
            }
        }
        let table = BurnRateTable.of(slo.burnRates)
        let description =
            "Error ratio divided by the \(facts.budgetPercent)% budget: 1 spends exactly the "
            + "budget over \(facts.windowLabel). " + table.alerts
        return Panels.timeseries(
            "\(slo.name): burn rate", description, unit: "suffix:×", queries,
            thresholds: table.thresholds, thresholdsStyle: "dashed", min: 0,
            softMax: table.softMax)
    }

    /// What a burn-rate table puts on the burn-rate panel, the same for every SLO with that table (a catalog
    /// has a handful of tables for thousands of SLOs): worked out once per table.
    struct BurnRateTable: Sendable {
        /// The factors, red for paging alerts and orange for tickets.
        let thresholds: Thresholds
        /// `Alerts: page when the 1h and 5m burn rates both exceed 14.4; ….`, or that there is none.
        let alerts: String
        let softMax: ExactDecimal?

        init(_ rates: [BurnRateAlert]) {
            thresholds = Thresholds(base: "green", rates.map { ($0.factor, $0.severity == .page ? "red" : "orange") })
            let alerts = rates.map {
                "\($0.severity.rawValue) when the \($0.long) and \($0.short) burn rates both exceed \($0.factor.rounded)"
            }
            self.alerts = alerts.isEmpty ? "No burn-rate alert." : "Alerts: " + alerts.joined(separator: "; ") + "."
            softMax = rates.map(\.factor).max()
        }

        /// A table by the exact bits of its values: equal bits, equal text and order.
        struct Key: Hashable {
            let severities: [AlertSeverity]
            let windows: [PromDuration]
            let factors: [DecimalMemo.Bits]

            init(_ rates: [BurnRateAlert]) {
                severities = rates.map(\.severity)
                windows = rates.flatMap { [$0.short, $0.long] }
                factors = rates.map { DecimalMemo.Bits($0.factor.value) }
            }
        }

        private static let tables = Memo<Key, BurnRateTable>()
        private static let windowTexts = Memo<PromDuration, (record: String, label: String)>()

        static func of(_ rates: [BurnRateAlert]) -> BurnRateTable { tables.value(Key(rates)) { BurnRateTable(rates) } }

        /// The burn-rate record of a window and the window as a legend (`1h`).
        static func windowText(_ w: PromDuration) -> (record: String, label: String) {
            windowTexts.value(w) { (Conventions.burnRate(w), w.description) }
        }
    }

    /// The raw series behind the SLI, so a dip can be traced to traffic, errors or slow requests.
    func eventPanels(_ slo: SLO) -> [GrafanaPanel] {
        let region = common.regionMatchers
        switch slo.sli {
        case .events(let e):
            let total = DashboardPromQL.rate(DashboardPromQL.selector(e.total.metric, e.total.matchers, extra: region))
            let counted = DashboardPromQL.rate(DashboardPromQL.selector(e.selector.metric, e.selector.matchers, extra: region))
            return [
                Panels.timeseries(
                    "\(slo.name): events", "Rates of the SLI's raw counters: \(e.total) and \(e.selector).", unit: "ops",
                    [Panels.Query(total, "total"), Panels.Query(counted, e.counting.rawValue)], axisLabel: "events/s")
            ]
        case .eventQueries(let q):
            // Free PromQL: shown as written (with the SLI's 5m range), without the region filter it cannot take.
            let w = Conventions.sliQueryWindow
            let total = DashboardPromQL.protect("sum(\(EventQueriesSLI.expand(q.total, window: w)))")
            let counted = DashboardPromQL.protect("sum(\(EventQueriesSLI.expand(q.query, window: w)))")
            return [
                Panels.timeseries(
                    "\(slo.name): events", "The SLI's own queries over \(w): total and \(q.counting.rawValue) events.", unit: "ops",
                    [Panels.Query(total, "total"), Panels.Query(counted, q.counting.rawValue)], axisLabel: "events/s")
            ]
        case .latency(let l):
            let count = DashboardPromQL.selector(l.histogram.metric + "_count", l.histogram.matchers, extra: region)
            let fast = DashboardPromQL.selector(
                l.histogram.metric + "_bucket",
                l.histogram.matchers + [.init("le", .regexMatch, SLORules.leRegex(l.threshold))], extra: region)
            let bucket = DashboardPromQL.selector(l.histogram.metric + "_bucket", l.histogram.matchers, extra: region)
            return [
                Panels.timeseries(
                    "\(slo.name): events", "Requests, and those slower than \(l.threshold)s, from \(l.histogram.metric).",
                    unit: "ops",
                    [
                        Panels.Query(DashboardPromQL.rate(count), "total"),
                        Panels.Query("\(DashboardPromQL.rate(count)) - \(DashboardPromQL.rate(fast))", "slower than \(l.threshold)s")
                    ],
                    axisLabel: "requests/s"),
                Panels.timeseries(
                    "\(slo.name): latency percentiles", "Percentiles of \(l.histogram.metric); the dashed line is the SLO threshold.",
                    unit: "s",
                    DashboardPromQL.percentiles(bucketSelector: bucket),
                    thresholds: Thresholds(base: "green", [(l.threshold, "red")]), thresholdsStyle: "dashed")
            ]
        case .threshold(let t):
            let good = ["<", "<="].contains(t.op.rawValue) ? ("green", "red") : ("red", "green")
            // On shards a fleet-wide (or per-region) query is the merge of the shards' parts, as the rules compare
            // it: one shard's raw query would show its partial value against the fleet's threshold.
            let merged = rules.shardPlan(slo)?.value
            let query = DashboardPromQL.protect(merged?.description ?? t.query)
            let what = merged == nil ? "The SLI query" : "The SLI query, merged from every shard's parts as the global rules compare it"
            return [
                Panels.timeseries(
                    "\(slo.name): query vs threshold",
                    "\(what); a slice is good when it is \(t.op.rawValue) \(t.value) (dashed line).",
                    unit: DashboardPromQL.contains(t.query, "time()") && DashboardPromQL.contains(t.query, "_seconds")
                        ? "s" : "short",
                    [Panels.Query(query, merged == nil || t.scope != .region ? "value" : "{{region}}")],
                    thresholds: Thresholds(base: good.0, [(t.value, good.1)]), thresholdsStyle: "dashed")
            ]
        }
    }

    // MARK: - Series

    var serviceSelector: String { "{\(serviceMatcher)}" }

    func sloSelector(_ slo: SLO) -> String {
        "{\(serviceMatcher),\(Conventions.sloLabel)=\(DashboardPromQL.quote(slo.name))}"
    }

    /// The recorded error ratio over `window` when the rules record it, else the same Σbad/Σtotal from the
    /// 5m or 1h base records (which always exist), so a custom burn-rate table never leaves a panel empty.
    func errorRatio(_ facts: SLOFacts, _ window: PromDuration) -> String {
        let sel = facts.selector
        if facts.ratioWindows.contains(window) { return "\(Conventions.errorRatio(window))\(sel)" }
        let (bad, total) =
            window == .minutes(5)
            ? (Conventions.sloBadRate5m, Conventions.sloTotalRate5m) : (Conventions.sloBadRate1h, Conventions.sloTotalRate1h)
        precondition(window == .minutes(5) || window == .hours(1), "no base record for \(window)")
        return "(\(bad)\(sel) / clamp_min(\(total)\(sel), \(Conventions.zeroTrafficClamp)))"
    }
}

/// What every dashboard shares: variables and the region filter.
struct DashboardCommon {
    let model: Model
    let hasRegions: Bool
    /// `region=~"$region"` on raw and self-monitoring series when the platform has regions. Series without a
    /// region label still match "All" (`.*`).
    let regionMatchers: [String]

    init(model: Model) {
        self.model = model
        hasRegions = !model.platform.regions.isEmpty
        regionMatchers = hasRegions ? ["\(Conventions.regionLabel)=~\"$\(Conventions.regionVariable)\""] : []
    }

    func templating(region: Bool) -> Templating {
        Templating(list: [.datasource] + (region ? [.region(from: Conventions.sliTotalRate5m)] : []))
    }
}
