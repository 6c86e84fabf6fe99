import Foundation
import OACModel

/// Translates the platform into the monitoring team's dashboard: what the monitoring costs and holds
/// (series, churn, samples, logs by tenant, priced with the catalog's pricing) and whether it is healthy
/// (servers up, rule groups on time, federation lag, notifications delivered).
struct PlatformDashboard {
    let model: Model

    var common: DashboardCommon { DashboardCommon(model: model) }
    var pricing: Pricing { model.platform.pricing }

    /// A month as the live cost panels price it: 30 days.
    static let secondsPerMonth = 30 * 86_400

    func build() -> GrafanaDashboard {
        var grid = GridLayout()
        let prometheus = sel("prometheus_tsdb_head_series", job: Conventions.prometheusJob)
        let lokiBytes = sel("loki_distributor_bytes_received_total")

        grid.row("Cost and cardinality")
        grid.add(
            Panels.stat(
                "Active series", "Head series of every Prometheus server.", unit: "short",
                [Panels.Query("sum(\(prometheus))", "series")],
                thresholds: Thresholds(base: "green", []), graphMode: "area"), w: 6, h: 4)
        grid.add(
            Panels.stat(
                "Metrics cost per month",
                "Active series priced at \(pricing.perThousandSeriesMonth) \(pricing.currency) per thousand per month.",
                unit: currencyUnit,
                [Panels.Query("sum(\(prometheus)) / 1000 * \(pricing.perThousandSeriesMonth)", "metrics")],
                thresholds: Thresholds(base: "green", []), decimals: 0, graphMode: "area"), w: 6, h: 4)
        grid.add(
            Panels.stat(
                "Log ingestion cost per month",
                "Bytes Loki received over the last day, as a 30-day month, at \(pricing.perGBLogsIngested) "
                    + "\(pricing.currency) per GB.",
                unit: currencyUnit,
                [
                    Panels.Query(
                        "sum(rate(\(lokiBytes)[1d])) * \(Self.secondsPerMonth) / 1e9 * \(pricing.perGBLogsIngested)",
                        "logs")
                ],
                thresholds: Thresholds(base: "green", []), decimals: 0, graphMode: "area"), w: 6, h: 4)
        grid.add(
            Panels.stat(
                "Samples per second", "Samples appended to every Prometheus head.", unit: "short",
                [
                    Panels.Query(
                        "sum(rate(\(sel("prometheus_tsdb_head_samples_appended_total", job: Conventions.prometheusJob))[$__rate_interval]))",
                        "samples/s")
                ],
                thresholds: Thresholds(base: "green", []), graphMode: "area"), w: 6, h: 4)
        grid.add(
            Panels.timeseries(
                "Active series per Prometheus", "prometheus_tsdb_head_series by server.",
                unit: "short", [Panels.Query("sum by (instance) (\(prometheus))", "{{instance}}")]),
            w: 12, h: 8)
        grid.add(
            Panels.timeseries(
                "Series per scrape job (top 15)",
                "Series each job exposes after relabelling (scrape_samples_post_metric_relabeling), summed over targets.",
                unit: "short",
                [Panels.Query("topk(15, sum by (job) (\(sel("scrape_samples_post_metric_relabeling"))))", "{{job}}")]),
            w: 12, h: 8)
        grid.add(
            Panels.timeseries(
                "New series per job per hour (churn, top 15)",
                "Series created by each job's scrapes in the last hour (scrape_series_added): high churn costs head memory.",
                unit: "short",
                [Panels.Query("topk(15, sum by (job) (sum_over_time(\(sel("scrape_series_added"))[1h])))", "{{job}}")]),
            w: 12, h: 8)
        let jobs = Array(Set(model.services.map(\.job))).sorted()
        if !jobs.isEmpty {
            let catalogJobs = DashboardPromQL.selector(
                "scrape_samples_post_metric_relabeling",
                [.init(Conventions.jobLabel, .regexMatch, DashboardPromQL.alternation(jobs))], extra: common.regionMatchers)
            grid.add(
                Panels.timeseries(
                    "Series of catalog services", "Series per job of the services in the catalog.",
                    unit: "short", [Panels.Query("sum by (job) (\(catalogJobs))", "{{job}}")]),
                w: 12, h: 8)
        }

        grid.row("Ingestion")
        grid.add(
            Panels.timeseries(
                "Samples appended per second", "Per Prometheus server.", unit: "short",
                [
                    Panels.Query(
                        "sum by (instance) (rate(\(sel("prometheus_tsdb_head_samples_appended_total", job: Conventions.prometheusJob))[$__rate_interval]))",
                        "{{instance}}")
                ]), w: 12, h: 8)
        let tenant = Conventions.lokiTenantLabel
        grid.add(
            Panels.timeseries(
                "Loki ingestion by tenant",
                "Bytes received by Loki's distributors per tenant (team tenants: "
                    + model.teams.map { "\($0.name) → \($0.lokiTenant)" }.joined(separator: ", ") + ").",
                unit: "Bps", [Panels.Query("sum by (\(tenant)) (rate(\(lokiBytes)[$__rate_interval]))", "{{\(tenant)}}")]),
            w: 12, h: 8)
        grid.add(
            Panels.timeseries(
                "Log ingestion cost per month by tenant", "The last day's ingestion as a 30-day month, priced per GB.",
                unit: currencyUnit,
                [
                    Panels.Query(
                        "sum by (\(tenant)) (rate(\(lokiBytes)[1d])) * \(Self.secondsPerMonth) / 1e9 * \(pricing.perGBLogsIngested)",
                        "{{\(tenant)}}")
                ]), w: 12, h: 8)

        grid.row("Monitoring health")
        grid.add(
            Panels.stat(
                "Prometheus servers", "up{job=\"prometheus\"} of every server (shards and global).",
                unit: "none", [Panels.Query(sel("up", job: Conventions.prometheusJob), "{{instance}}")],
                thresholds: Thresholds(base: "red", [(1, "green")]), colorMode: "background",
                noValue: "no Prometheus reports itself",
                mappings: [ValueMapping([("0", "down", "red"), ("1", "up", "green")])]), w: 24, h: 4)
        grid.add(
            Panels.timeseries(
                "Rule group duration / interval (top 10)",
                "How much of its interval each rule group needs; above 100% evaluations are skipped.", unit: "percentunit",
                [
                    Panels.Query(
                        "topk(10, max by (rule_group) (\(sel("prometheus_rule_group_last_duration_seconds")) / "
                            + "\(sel("prometheus_rule_group_interval_seconds"))))", "{{rule_group}}")
                ],
                thresholds: Thresholds(base: "green", [(1, "red")]), thresholdsStyle: "dashed", min: 0), w: 12, h: 8)
        grid.add(
            Panels.timeseries(
                "Rule evaluation failures", "Failed rule evaluations per second, per server.", unit: "ops",
                [
                    Panels.Query(
                        "sum by (instance) (rate(\(sel("prometheus_rule_evaluation_failures_total"))[$__rate_interval]))",
                        "{{instance}}")
                ]), w: 12, h: 8)
        if let lag = federationLag { grid.add(lag, w: 12, h: 8) }
        grid.add(
            Panels.timeseries(
                "Alertmanager failed notifications", "Notifications that could not be delivered, per integration.",
                unit: "ops",
                [
                    Panels.Query(
                        "sum by (integration) (rate(\(sel("alertmanager_notifications_failed_total"))[$__rate_interval]))",
                        "{{integration}}")
                ],
                thresholds: Thresholds(base: "green", [(ExactDecimal("0.001")!, "red")]), thresholdsStyle: "dashed"), w: 12, h: 8)
        grid.add(
            Panels.table(
                "Firing monitoring alerts", "Self-monitoring alerts firing now.",
                [Panels.Query(monitoringAlerts)],
                hiding: ["Time", "Value", "__name__", Conventions.alertStateLabel],
                order: ["alertname", Conventions.severityLabel, "instance"]), w: 24, h: 6)

        return GrafanaDashboard(
            uid: Conventions.platformDashboardUID,
            title: "Platform \(model.platform.name): monitoring cost and health",
            description: "Generated by oac from the \(model.platform.name) catalog.",
            tags: [Conventions.dashboardTag, Conventions.platformDashboardTag],
            panels: grid.panels,
            templating: common.templating(region: common.hasRegions),
            annotations: Annotations(list: [.builtIn, .alerts("Monitoring alerts", expr: monitoringAlerts, color: "orange")]),
            links: [
                .tagged("Teams", tags: [Conventions.teamDashboardTag], tooltip: "Every team overview"),
                .tagged("Services", tags: [Conventions.serviceDashboardTag], tooltip: "Every service dashboard")
            ])
    }

    /// A self-metric selector with the region filter (and a job when given).
    func sel(_ metric: String, job: String? = nil) -> String {
        DashboardPromQL.selector(
            metric, job.map { [.init(Conventions.jobLabel, .equal, $0)] } ?? [],
            extra: common.regionMatchers)
    }

    var monitoringAlerts: String {
        DashboardPromQL.selector(
            Conventions.alertsSeries,
            [
                .init(Conventions.componentLabel, .equal, Conventions.monitoringComponent),
                .init(Conventions.alertStateLabel, .equal, "firing")
            ])
    }

    /// With federation, the global Prometheus keeps the shards' sample timestamps: how old the newest SLI
    /// sample of each region is, is how far the global SLOs lag behind.
    var federationLag: GrafanaPanel? {
        guard model.platform.global?.mode == .federation, common.hasRegions else { return nil }
        let p = model.platform.prometheus
        let expected = (p.scrapeInterval.milliseconds + p.evaluationInterval.milliseconds) * 2 / 1000
        return Panels.timeseries(
            "Federation lag",
            "Age of the newest federated \(Conventions.sliTotalRate5m) sample per region on the global Prometheus. "
                + "Orange past two scrape and evaluation intervals; red when \(Conventions.noDataAlert) would fire.",
            unit: "s",
            [
                Panels.Query(
                    "time() - max by (\(Conventions.regionLabel)) (timestamp(\(DashboardPromQL.selector(Conventions.sliTotalRate5m, [], extra: common.regionMatchers))))",
                    "{{\(Conventions.regionLabel)}}")
            ],
            thresholds: Thresholds(
                base: "green",
                [
                    (ExactDecimal(Decimal(expected)), "orange"),
                    (ExactDecimal(Decimal(Conventions.noDataFor.milliseconds / 1000)), "red")
                ]),
            thresholdsStyle: "dashed", min: 0)
    }

    /// Grafana's unit id for the catalog's currency; other currencies are shown as a suffix.
    var currencyUnit: String {
        let known = ["USD", "EUR", "GBP", "JPY", "CHF", "INR", "SEK", "NOK", "DKK", "PLN", "BRL"]
        let c = pricing.currency.uppercased()
        return known.contains(c) ? "currency\(c)" : "suffix: \(pricing.currency)"
    }
}
