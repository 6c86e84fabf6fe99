import Foundation
import OACModel
import OACPromQL

/// "Monitor the monitors": alerts on the monitoring stack itself, so a silent Prometheus is never mistaken
/// for a healthy platform.
public enum SelfMonitoringRules {
    public static func group(_ model: Model) -> RuleGroup {
        RuleGroup(name: Conventions.selfMonitoringGroup, rules: alerts(model).map(Rule.alert))
    }

    static func alerts(_ model: Model) -> [AlertingRule] {
        func alert(
            _ name: String, _ expr: String, for f: PromDuration, _ severity: AlertSeverity,
            _ summary: String, _ description: String
        ) -> AlertingRule {
            var labels: [(String, String)] = [
                (Conventions.severityLabel, severity.rawValue),
                (Conventions.componentLabel, Conventions.monitoringComponent)
            ]
            if let owner = model.platform.alerting.owner { labels.append((Conventions.teamLabel, owner)) }
            return AlertingRule(
                alert: name, expr: expr, forDuration: f, labels: labels.sorted { $0.0 < $1.0 },
                annotations: [
                    ("description", description), ("runbook_url", runbook(name)),
                    ("summary", summary)
                ])
        }
        func runbook(_ name: String) -> String {
            "https://github.com/oac-dev/oac/blob/main/docs/self-monitoring.md#\(name.lowercased())"
        }
        return [
            alert(
                "OACPrometheusDown", "up{\(Conventions.jobLabel)=\(PromQL.quote(Conventions.prometheusJob))} == 0",
                for: .minutes(5), .page,
                "A Prometheus server of the platform is down",
                "{{ $labels.instance }} has not answered scrapes for 5 minutes; its targets are not monitored and its rules do not run."),
            alert(
                "OACPrometheusRuleEvaluationFailures", "increase(prometheus_rule_evaluation_failures_total[5m]) > 0",
                for: .minutes(5), .page, "Prometheus fails to evaluate rules",
                "{{ $labels.instance }} failed {{ $value | humanize }} rule evaluations in 5 minutes (group {{ $labels.rule_group }}); SLO records and alerts may be missing."
            ),
            alert(
                "OACRuleGroupSlow",
                "prometheus_rule_group_last_duration_seconds > prometheus_rule_group_interval_seconds",
                for: .minutes(15), .ticket, "A rule group takes longer than its interval",
                "Group {{ $labels.rule_group }} on {{ $labels.instance }} runs longer than its interval, so evaluations are skipped."),
            alert(
                "OACScrapeFailures",
                "(count by (job) (up == 0) / count by (job) (up)) > 0.1",
                for: .minutes(10), .ticket, "Scrapes of a job fail",
                "More than 10% of the targets of job {{ $labels.job }} cannot be scraped."),
            alert(
                "OACCardinalityGrowth",
                "prometheus_tsdb_head_series / (prometheus_tsdb_head_series offset 1d) > 1.2",
                for: .hours(1), .ticket, "Active series grew by more than 20% in a day",
                "{{ $labels.instance }} holds {{ $value | humanizePercentage }} of yesterday's active series; check new labels with `oac lint`."),
            alert(
                "OACAlertmanagerNotificationsFailing",
                "rate(alertmanager_notifications_failed_total[5m]) > 0",
                for: .minutes(10), .page, "Alertmanager cannot deliver notifications",
                "Alertmanager {{ $labels.instance }} fails to send notifications through {{ $labels.integration }}; pages may not reach anyone.")
        ]
    }
}
