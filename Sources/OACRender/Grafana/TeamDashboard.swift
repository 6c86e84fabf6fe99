import Foundation
import OACModel

/// Translates a team into its overview: what is firing now, every SLO's attainment against its objective,
/// and the budgets of all its SLOs over time.
struct TeamDashboard {
    let model: Model
    let team: Team

    var services: [Service] { model.services.filter { $0.owner == team.name } }
    var common: DashboardCommon { DashboardCommon(model: model) }

    func build() -> GrafanaDashboard {
        var grid = GridLayout()
        let firing = DashboardPromQL.selector(
            Conventions.alertsSeries,
            [
                .init(Conventions.teamLabel, .equal, team.name), .init(Conventions.alertStateLabel, .equal, "firing")
            ])
        grid.row("Now")
        grid.add(
            Panels.stat(
                "Firing alerts", "Alerts of \(team.name) firing now.", unit: "none",
                [Panels.Query("count(\(firing)) or vector(0)", "firing")],
                thresholds: Thresholds(base: "green", [(1, "red")]), colorMode: "background"), w: 4, h: 4)
        grid.add(
            Panels.stat(
                "SLOs out of budget", "SLOs of \(team.name) that spent their whole error budget.",
                unit: "none",
                [
                    Panels.Query(
                        "count(\(teamScoped(Conventions.errorBudgetRemaining)) < 0) or vector(0)",
                        "out of budget")
                ],
                thresholds: Thresholds(base: "green", [(1, "red")]), colorMode: "background"), w: 4, h: 4)
        grid.add(
            Panels.table(
                "Firing alerts", "Every firing alert of \(team.name), from ALERTS.",
                [Panels.Query(firing)],
                hiding: ["Time", "Value", "__name__", Conventions.alertStateLabel, Conventions.teamLabel],
                order: ["alertname", Conventions.severityLabel, Conventions.serviceLabel, Conventions.sloLabel]),
            w: 16, h: 8)

        grid.row("SLO attainment against objective")
        for service in services {
            for slo in service.slos {
                let sel =
                    "{\(Conventions.serviceLabel)=\(DashboardPromQL.quote(service.name)),"
                    + "\(Conventions.sloLabel)=\(DashboardPromQL.quote(slo.name))}"
                grid.add(
                    Panels.stat(
                        "\(service.name) · \(slo.name)",
                        "Attainment over \(slo.windowLabel); green at or above the \(slo.objective)% objective.",
                        unit: "percentunit", [Panels.Query("\(Conventions.attainmentSLOWindow)\(sel)", slo.name)],
                        thresholds: Panels.objectiveThresholds(slo.objectiveRatio), decimals: 3, graphMode: "area"),
                    w: 4, h: 4)
            }
        }
        if services.allSatisfy({ $0.slos.isEmpty }) {
            grid.add(
                Panels.text("No SLOs", markdown: "No service of \(Markdown.escape(team.name)) declares an SLO yet."),
                w: 24, h: 3)
        }

        grid.row("Error budgets")
        grid.add(
            Panels.stat(
                "Error budget left", "Budget left of every SLO of \(team.name), over each SLO's window.",
                unit: "percentunit",
                [Panels.Query(teamScoped(Conventions.errorBudgetRemaining), "{{service}} · {{slo}}")],
                thresholds: Panels.budgetThresholds, decimals: 1), w: 24, h: 5)
        grid.add(
            Panels.timeseries(
                "Error budget left over time", "Per SLO of \(team.name).", unit: "percentunit",
                [Panels.Query(teamScoped(Conventions.errorBudgetRemaining), "{{service}} · {{slo}}")],
                thresholds: Panels.budgetThresholds, thresholdsStyle: "dashed", max: 1), w: 12, h: 8)
        let burn1h =
            "(\(Conventions.sloBadRate1h) / clamp_min(\(Conventions.sloTotalRate1h), \(Conventions.zeroTrafficClamp)))"
            + " / on (\(Conventions.serviceLabel), \(Conventions.sloLabel)) \(Conventions.errorBudgetRatio)"
        grid.add(
            Panels.timeseries(
                "Burn rate (1h)",
                "Error ratio over the last hour divided by each SLO's budget: above 1 the SLO "
                    + "spends its budget faster than its window allows.",
                unit: "suffix:×", [Panels.Query(teamScoped(burn1h), "{{service}} · {{slo}}")],
                thresholds: Thresholds(base: "green", [(1, "orange")]), thresholdsStyle: "dashed",
                min: 0), w: 12, h: 8)

        let serviceLinks = services.map {
            DashboardLink.dashboard(
                $0.name, uid: Conventions.serviceDashboardUID($0.name),
                tooltip: "Service dashboard of \($0.name)", base: common.model.platform.grafana.url)
        }
        return GrafanaDashboard(
            uid: Conventions.teamDashboardUID(team.name),
            title: "Team \(team.name)",
            description: team.description,
            tags: [Conventions.dashboardTag, Conventions.teamDashboardTag, Conventions.teamTag(team.name)],
            panels: grid.panels,
            templating: common.templating(region: false),
            annotations: Annotations(list: [.builtIn, .alerts("Firing alerts", expr: firing, color: "red")]),
            links: serviceLinks + [
                .dashboard(
                    "Platform", uid: Conventions.platformDashboardUID, tooltip: "Monitoring cost and health",
                    base: common.model.platform.grafana.url)
            ])
    }

    /// Per-SLO series of this team, selected through the `team` label of `oac_slo:info` (its one home).
    func teamScoped(_ expr: String) -> String {
        let info = DashboardPromQL.selector(Conventions.sloInfo, [.init(Conventions.teamLabel, .equal, team.name)])
        return "(\(expr)) * on (\(Conventions.serviceLabel), \(Conventions.sloLabel)) group_left () \(info)"
    }
}
