import Foundation
import OACPromQL

/// Every name that reaches generated output lives here once: recorded series, labels, rule groups,
/// alert names, file paths and the dashboard uid scheme. Renderers, tests and docs use these.
public enum Conventions {
    // MARK: - Labels

    public static let serviceLabel = "service"
    public static let sloLabel = "slo"
    public static let teamLabel = "team"
    public static let tierLabel = "tier"
    public static let severityLabel = "severity"
    public static let ownerLabel = "owner"
    public static let sliKindLabel = "sli_kind"
    public static let windowLabel = "window"
    public static let longWindowLabel = "long_window"
    public static let shortWindowLabel = "short_window"
    public static let regionLabel = "region"
    public static let shardLabel = "shard"
    /// The `job` label Prometheus attaches to every scraped series.
    public static let jobLabel = "job"

    // MARK: - Recorded series

    /// SLI level, recorded where the raw series live (a shard or the only Prometheus): per-second rates of
    /// bad and total events over 5 minutes, summed over every raw series of the SLI.
    public static let sliBadRate5m = "oac_sli:bad_events:rate5m"
    public static let sliTotalRate5m = "oac_sli:total_events:rate5m"
    /// A threshold SLI on shards: each shard records the mergeable parts of the query (`ShardSplit`), numbered
    /// by `thresholdPartLabel`; the global server merges them, compares and records the two series above.
    public static let sliThresholdPart = "oac_sli:threshold:part"
    public static let thresholdPartLabel = "oac_part"

    /// SLO level, recorded where the SLO is evaluated (the global Prometheus, or the only one): the SLI level
    /// summed over shards and regions.
    public static let sloBadRate5m = "oac_slo:bad_events:rate5m"
    public static let sloTotalRate5m = "oac_slo:total_events:rate5m"
    /// One-hour averages of the 5-minute rates, recorded every `slowGroupInterval`: the cheap base for long windows.
    public static let sloBadRate1h = "oac_slo:bad_events:rate1h"
    public static let sloTotalRate1h = "oac_slo:total_events:rate1h"

    /// Event-weighted error ratio Σbad/Σtotal over a window, e.g. `oac_slo:error_ratio:rate30m`.
    public static func errorRatio(_ window: PromDuration) -> String { "oac_slo:error_ratio:rate\(window)" }
    /// Error ratio divided by the error budget: 1 means spending the budget exactly over the SLO window.
    public static func burnRate(_ window: PromDuration) -> String { "oac_slo:burn_rate:rate\(window)" }
    /// The error ratio over the SLO's own window, whatever its length (so dashboards need not know it).
    public static let errorRatioSLOWindow = "oac_slo:error_ratio:slo_window"
    public static let attainmentSLOWindow = "oac_slo:attainment:slo_window"
    public static let errorBudgetRemaining = "oac_slo:error_budget_remaining:ratio"
    public static let objectiveRatio = "oac_slo:objective:ratio"
    public static let errorBudgetRatio = "oac_slo:error_budget:ratio"
    public static let windowSeconds = "oac_slo:window:seconds"
    /// Error-budget policy: the share of the budget spent over the policy's window (1 = all of it), the SLO's
    /// policy state (`BudgetPolicyState.value`: 0 normal, 1 review, 2 freeze), and the service's (its worst SLO's).
    public static let errorBudgetSpent = "oac_slo:error_budget_spent:ratio"
    public static let sloPolicyState = "oac_slo:policy_state:value"
    public static let servicePolicyState = "oac_service:policy_state:value"
    /// Ticket when a service enters `freeze`.
    public static let budgetFreezeAlert = "ErrorBudgetFreeze"
    /// Value 1, carrying the mutable metadata (team, tier, owner) so editing it never breaks another series.
    public static let sloInfo = "oac_slo:info"

    /// Calendar SLOs: the index of the current period (months since year 0, quarters, or weeks since the
    /// first Monday of 1970), and Σbad/Σtotal since the period started.
    public static let calendarPeriodIndex = "oac_slo:calendar_period:index"
    public static let errorRatioCalendarPeriod = "oac_slo:error_ratio:calendar_period"
    /// Step of the calendar subquery: one hour of the period per step.
    public static let calendarStep = PromDuration.hours(1)
    /// Each hour of a calendar period is summed from the 5-minute rates at its twelve 5-minute boundaries,
    /// whose windows tile the hour exactly; the period so far is that of the last block that ended.
    public static let calendarBlock = PromDuration.minutes(5)
    /// Unix time of Monday 1970-01-05 00:00 UTC, where week 0 starts.
    public static let firstMonday: Int64 = 345_600

    /// The range free SLI queries (`events.badQuery`, `totalQuery`) get for `$window` at the SLI level.
    public static let sliQueryWindow = PromDuration.minutes(5)

    /// Extra label on synthetic SLI-level inputs in generated promtool tests, so they never collide with a
    /// series the SLI rules themselves record (free queries may return `vector(0)` with no raw data).
    public static let syntheticInputLabel = "oac_test"

    /// Windows up to this long are summed from 5-minute records (exact to the evaluation); longer ones from
    /// 1-hour records. Which group evaluates a window is `fastGroupLongestWindow`'s business, not this.
    public static let fastWindowLimit = PromDuration.hours(6)
    /// Error ratios and burn rates of windows up to this long are recorded in the fast group (every evaluation
    /// interval); longer windows in the slow group (every `slowGroupInterval`), whatever records they sum. A
    /// long window moves little in 2 minutes, and each evaluation of a 6h window reads 2 × 720 samples: in
    /// the fast group it was most of the evaluation cost. Alerts reading it tolerate its age through `for:`.
    public static let fastGroupLongestWindow = PromDuration.hours(1)
    /// Interval of the slow SLO group (long windows, budgets, tickets).
    public static let slowGroupInterval = PromDuration.minutes(2)
    /// Divisors are clamped to this so that zero traffic gives a ratio of 0, never NaN. Real traffic, even
    /// one event in 30 days, is many orders of magnitude above it.
    public static let zeroTrafficClamp = "1e-12"

    // MARK: - Rule groups and alerts

    public static func sliGroup(_ service: String) -> String { "oac:\(service):sli" }
    public static func sloFastGroup(_ service: String) -> String { "oac:\(service):slo-fast" }
    public static func sloSlowGroup(_ service: String) -> String { "oac:\(service):slo-slow" }
    public static let selfMonitoringGroup = "oac:self-monitoring"

    public static let burnRateAlert = "SLOBurnRate"
    public static let noDataAlert = "SLONoData"
    /// How long the SLI must be absent before the no-data alert fires.
    public static let noDataFor = PromDuration.minutes(10)

    /// `for:` of a burn-rate alert: a fifth of the short window, at least one minute. Long enough to skip a
    /// single bad scrape, short enough that a total outage still pages within the fast window.
    public static func alertFor(short: PromDuration) -> PromDuration {
        let fifth = short.milliseconds / 5
        let rounded = (fifth / 60_000) * 60_000
        return PromDuration(milliseconds: max(60_000, rounded))
    }

    // MARK: - Files

    public static let rulesFolder = "prometheus/rules"
    public static let sliRulesSuffix = ".sli.rules.yml"
    public static func sliRulesFile(_ service: String) -> String { "\(service)\(sliRulesSuffix)" }
    public static func sloRulesFile(_ service: String) -> String { "\(service).slo.rules.yml" }
    public static func testFile(_ service: String) -> String { "\(service).test.yml" }
    public static let selfMonitoringRulesFile = "oac-self-monitoring.rules.yml"
    public static let alertmanagerFile = "alertmanager/alertmanager.yml"
    /// The flags of every member of the Alertmanager cluster (`--cluster.peer`), when there are several.
    public static let alertmanagerArgsFile = "alertmanager/alertmanager.args"

    // MARK: - Topology

    /// Where the Prometheus Operator mounts a Secret listed in `Prometheus.spec.secrets`; a plain `prometheus.yml`
    /// reads a `{secret, key}` reference there.
    public static func mountedSecretPath(name: String, key: String) -> String { "/etc/prometheus/secrets/\(name)/\(key)" }
    /// Where the Prometheus Operator mounts a Secret listed in `Alertmanager.spec.secrets`: a receiver's secret
    /// file there is the key `<key>` of the Secret `<name>`, which an `AlertmanagerConfig` references.
    public static let alertmanagerSecretsFolder = "/etc/alertmanager/secrets/"
    public static func alertmanagerSecret(file: String) -> (name: String, key: String)? {
        guard file.hasPrefix(alertmanagerSecretsFolder) else { return nil }
        let parts = file.dropFirst(alertmanagerSecretsFolder.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
    /// The label the Grafana sidecar loads dashboard ConfigMaps by (kube-prometheus-stack's default).
    public static let grafanaSidecarLabel = "grafana_dashboard"
    public static let grafanaSidecarLabelValue = "1"
    /// The most a ConfigMap may hold (the API server refuses more).
    public static let configMapLimitBytes = 1_048_576
    /// The `kubernetes/` tree (Prometheus Operator resources, applied with `kubectl apply -k`).
    public static let kubernetesFolder = "kubernetes"
    public static let kustomizationFile = "kubernetes/kustomization.yaml"
    /// On every generated resource.
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    public static let managedByValue = "oac"
    /// Which Prometheus evaluates a PrometheusRule: a region's shards, or `global` (absent on a single Prometheus).
    public static let evaluatorLabel = "oac.dev/evaluator"
    public static let globalEvaluator = "global"
    /// On a scrape resource of a sharded platform, once per region the service runs in: the region's Prometheus
    /// selects its monitors on it.
    public static func regionMonitorLabel(_ region: String) -> String { "region.oac.dev/\(region)" }
    /// The scrape resource of one region of a service whose static or file targets are given per region
    /// (`<service>.<region>`: the dot keeps `a` in `b-c` apart from `a-b` in `c`).
    public static func regionMonitorName(service: String, region: String) -> String { "\(service).\(region)" }
    /// On the global Prometheus's federation ScrapeConfigs (value `globalEvaluator`): the global selects its
    /// scrape resources on it, and no region's Prometheus does.
    public static let scraperLabel = "oac.dev/scraper"
    /// The `Prometheus` resources of `spec.kubernetes.prometheus`: `oac` on a single platform, `oac-<region>` per
    /// region and `oac-global` for the federation's global server (region names cannot be `global`).
    public static let kubernetesSinglePrometheus = "oac"
    public static func kubernetesRegionPrometheus(_ region: String) -> String { "oac-\(region)" }
    public static let kubernetesGlobalPrometheus = "oac-global"
    /// The ScrapeConfig of the self-monitoring job `job` (`prometheus`, `alertmanager`) for `scope` (a `Prometheus`
    /// resource's name, or `kubernetesAlertmanagersScope`): two dots, so no service's scrape resource (`<service>`,
    /// `<service>.<region>`) can have its name.
    public static func kubernetesSelfScrapeName(job: String, scope: String) -> String { "oac.\(job).\(scope)" }
    public static let kubernetesAlertmanagersScope = "all"
    /// The operator's headless service in front of every Prometheus pod of a namespace (each pod's DNS name is
    /// `<pod>.prometheus-operated.<namespace>.svc`) and the pods' `web` port.
    public static let prometheusOperatedService = "prometheus-operated"
    public static let prometheusOperatorWebPort = 9090
    /// The pod of replica `replica` of shard `shard` of the operator's Prometheus `name`: shard 0's StatefulSet is
    /// `prometheus-<name>`, shard n's `prometheus-<name>-shard-<n>`, and its pods add `-<replica>`.
    public static func prometheusOperatorPod(_ name: String, shard: Int, replica: Int) -> String {
        (shard == 0 ? "prometheus-\(name)" : "prometheus-\(name)-shard-\(shard)") + "-\(replica)"
    }
    /// The address the global Prometheus federates shard `shard` of a region's operator Prometheus at.
    public static func prometheusOperatorAddress(_ name: String, shard: Int, replica: Int, namespace: String) -> String {
        "\(prometheusOperatorPod(name, shard: shard, replica: replica)).\(prometheusOperatedService).\(namespace).svc:\(prometheusOperatorWebPort)"
    }
    /// The external labels the operator gives every Prometheus (`prometheus: <namespace>/<name>`,
    /// `prometheus_replica: <pod>`): the federation drops them and labels each shard `region`/`shard` instead,
    /// as the plain files' external labels do.
    public static let prometheusOperatorExternalLabels = ["prometheus", "prometheus_replica"]
    public static let prometheusConfigFile = "prometheus.yml"
    /// A single Prometheus: `prometheus/prometheus.yml` with its rules in `prometheus/rules/`.
    public static let singlePrometheusFolder = "prometheus"
    /// Rule files sit in `rules/` beside each server's prometheus.yml (rule_files paths are relative to it).
    public static let serverRulesFolder = "rules"
    /// `prometheus/<region>`: the region's shard folders, its SLI rules and its target list.
    public static func regionFolder(_ region: String) -> String { "prometheus/\(region)" }
    public static func shardFolder(region: String, shard: Int) -> String { "\(regionFolder(region))/shard-\(shard)" }
    /// `prometheus/<region>/rules`: the SLI rule file of every service of the region, written once and loaded by
    /// every shard of the region (each shard scrapes all the region's services).
    public static func regionRulesFolder(_ region: String) -> String { "\(regionFolder(region))/\(serverRulesFolder)" }
    /// Every SLI rule file of a folder (a shard's `rule_files` entry names its region's rules folder with it).
    public static let sliRulesGlob = "*\(sliRulesSuffix)"
    public static let globalFolder = "prometheus/global"
    /// Which shard scrapes which static target of a region.
    public static func regionTargetsFile(_ region: String) -> String { "\(regionFolder(region))/targets.md" }
    /// Region names that would collide with a folder of the output tree.
    public static let reservedRegionNames: Set<String> = ["global", "rules"]
    public static let selfScrapeJob = "prometheus"
    /// The Alertmanagers' own metrics (`alertmanager_*`), scraped where the self-monitoring rules read them.
    public static let alertmanagerScrapeJob = "alertmanager"
    public static func federateJob(_ region: String) -> String { "oac-federate-\(region)" }
    /// Scratch label of the hashmod relabelling; `__tmp` labels are dropped after relabelling.
    public static let shardHashLabel = "__tmp_hash"
    /// What the global Prometheus federates (the `match[]` parameters of every federation job, in prometheus.yml
    /// and in the Kubernetes ScrapeConfigs alike): the SLI-level aggregates only, never raw series.
    public static let federateMatches = [#"{__name__=~"oac_sli:.*"}"#]
    public static let thanosFolder = "thanos"
    /// The Thanos ruler's external label (`--label`), valued with the platform name: its series and alerts
    /// are told apart from another ruler's.
    public static let thanosRulerLabel = "thanos_ruler"
    /// The `ThanosRuler` resource of the kubernetes/ tree (Thanos mode with `spec.kubernetes.prometheus`).
    public static let thanosRulerResource = "oac-thanos-ruler"
    /// The Secret holding the bucket configuration, when `spec.global.thanos.objstoreConfigFile` is not a
    /// mounted Secret key `/etc/thanos/secrets/<secret>/<key>`: its key is the file's name.
    public static let thanosObjstoreSecretName = "thanos-objstore"
    public static let thanosSecretsFolder = "/etc/thanos/secrets/"
    /// The Secret key reference of the bucket configuration file `file`: `/etc/thanos/secrets/<secret>/<key>`
    /// is `{<secret>, <key>}`; any other path is `{thanos-objstore, <file name>}` (docs/kubernetes.md#thanosruler).
    public static func thanosObjstoreSecret(file: String) -> (name: String, key: String) {
        if file.hasPrefix(thanosSecretsFolder) {
            let parts = file.dropFirst(thanosSecretsFolder.count).split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { return (String(parts[0]), String(parts[1])) }
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return (thanosObjstoreSecretName, name)
    }
    /// The replica label's value in a shard's prometheus.yml when its region runs HA pairs: each server
    /// expands it from its environment (`--enable-feature=expand-external-labels`).
    public static let replicaEnvironmentReference = "${REPLICA}"
    public static let mimirOverridesFile = "mimir/runtime-overrides.yaml"
    /// A tier's Mimir tenant (`X-Scope-OrgID`): its blocks keep the tier's retention. The platform's own
    /// tenant (its name) holds what belongs to no service (the shards' self-metrics).
    public static func mimirTenant(platform: String, tier: String) -> String { "\(platform)-\(tier)" }
    /// `mimir/rules/<tenant>/<namespace>.yaml`: one `mimirtool rules` namespace file per service (and one for
    /// the self-monitoring rules) in the folder of the tenant that holds its series.
    public static let mimirRulesFolder = "mimir/rules"
    public static func mimirRulesFile(tenant: String, namespace: String) -> String { "\(mimirRulesFolder)/\(tenant)/\(namespace).yaml" }
    /// The Alertmanager configuration in the form `mimirtool alertmanager load` takes (loaded once per tenant).
    /// The namespace of the self-monitoring rules in every Mimir tenant.
    public static let selfMonitoringNamespace = "oac-self-monitoring"
    public static let mimirAlertmanagerFile = "mimir/alertmanager.yaml"
    /// Mimir's HA tracker labels (its defaults): the pair, and the member, which the distributor drops.
    public static let mimirClusterLabel = "cluster"
    public static let mimirReplicaLabel = "__replica__"
    public static let lokiOverridesFile = "loki/runtime-overrides.yaml"
    public static let costJSONFile = "cost/estimate.json"
    public static let costMarkdownFile = "cost/estimate.md"
    /// Every file oac generated in an output folder with its SHA-256, in `sha256sum` format.
    public static let manifestFile = ".oac-manifest"
    /// What the compile that wrote an output folder read (oac build, catalog files) and the manifest's SHA-256:
    /// while it matches, `oac compile --check` verifies the files against the manifest instead of rendering.
    public static let inputsFile = ".oac-inputs"

    // MARK: - Dashboards

    /// Stable dashboard uid from a kind and a name: `[A-Za-z0-9_-]`, at most 40 characters.
    /// Long names keep a readable prefix and a hash suffix so two long names never collide.
    public static func dashboardUID(kind: String, name: String) -> String {
        let raw = "oac-\(kind)-\(name)"
        if raw.utf8.count <= 40 { return raw }
        let hash = String(fnv1a64(raw), radix: 16)
        let keep = 40 - 1 - hash.count
        return String(raw.prefix(keep)) + "-" + hash
    }

    public static func serviceDashboardUID(_ service: String) -> String { dashboardUID(kind: "svc", name: service) }
    public static func teamDashboardUID(_ team: String) -> String { dashboardUID(kind: "team", name: team) }
    public static let platformDashboardUID = "oac-platform"

    /// Where dashboards go: one folder per team (Grafana makes each a folder), the platform's own folder.
    public static let grafanaFolder = "grafana"
    public static let platformDashboardFolder = "platform"
    public static let grafanaProvisioningFile = "grafana/provisioning/dashboards.yaml"
    /// Where the provisioning file expects the `grafana/` tree to be copied on the Grafana host.
    public static let grafanaDashboardsPath = "/var/lib/grafana/dashboards/oac"
    public static let teamDashboardFileStem = "team-overview"
    public static let platformDashboardFileStem = "platform"

    public static func teamDashboardPath(_ team: String) -> String {
        "\(grafanaFolder)/\(team)/\(teamDashboardFileStem).json"
    }

    public static var platformDashboardPath: String {
        "\(grafanaFolder)/\(platformDashboardFolder)/\(platformDashboardFileStem).json"
    }

    /// `grafana/<team>/<service>.json`; a service whose name equals a reserved file of the same folder gets
    /// `<service>.service.json` (names never contain a dot, so that can collide with nothing).
    public static func serviceDashboardPath(team: String, service: String) -> String {
        var reserved = [teamDashboardFileStem]
        if team == platformDashboardFolder { reserved.append(platformDashboardFileStem) }
        let stem = reserved.contains(service) ? "\(service).service" : service
        return "\(grafanaFolder)/\(team)/\(stem).json"
    }

    /// Dashboard tags: every oac dashboard, per kind, and per team (links list dashboards by tag).
    public static let dashboardTag = "oac"
    public static let serviceDashboardTag = "oac-service"
    public static let teamDashboardTag = "oac-team"
    public static let platformDashboardTag = "oac-platform"
    public static func teamTag(_ team: String) -> String { "team:\(team)" }

    /// Dashboard variables.
    public static let datasourceVariable = "datasource"
    /// Federation only: the shard Prometheus that raw-series panels read (the global server holds only the
    /// `oac_sli:*` aggregates, its own rules' series and the servers' self-metrics).
    public static let shardDatasourceVariable = "shard"
    public static let regionVariable = "region"

    // MARK: - Incidents

    /// Action-item statuses that mean "closed" (compared lowercased); any other status is open.
    public static let closedActionItemStatuses: Set<String> = [
        "done", "closed", "completed", "complete", "resolved",
        "cancelled", "canceled", "wontfix", "won't fix"
    ]

    // MARK: - Series the monitoring stack exposes about itself

    /// Prometheus' synthetic alert series and its state label.
    public static let alertsSeries = "ALERTS"
    public static let alertStateLabel = "alertstate"
    /// The job Prometheus servers scrape themselves under, and the label self-monitoring alerts carry.
    public static let prometheusJob = "prometheus"
    public static let componentLabel = "component"
    public static let monitoringComponent = "monitoring"
    /// The tenant label of Loki's distributor metrics.
    public static let lokiTenantLabel = "tenant"

    /// Prometheus, Loki and Alertmanager self-metrics that generated dashboards and rules may read.
    public static let selfMetrics: [String] = [
        "up",
        "scrape_samples_post_metric_relabeling", "scrape_samples_scraped", "scrape_series_added",
        "prometheus_tsdb_head_series", "prometheus_tsdb_head_samples_appended_total",
        "prometheus_rule_group_last_duration_seconds", "prometheus_rule_group_interval_seconds",
        "prometheus_rule_evaluation_failures_total",
        "loki_distributor_bytes_received_total", "loki_distributor_lines_received_total",
        "alertmanager_notifications_failed_total", "alertmanager_notifications_total"
    ]

    /// Link to a service dashboard when the platform names its Grafana.
    public static func serviceDashboardURL(grafana: String?, service: String) -> String? {
        guard let base = grafana else { return nil }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/d/\(serviceDashboardUID(service))/\(service)"
    }

    /// 64-bit FNV-1a: a stable, platform-independent hash (Swift's Hasher is seeded per process).
    public static func fnv1a64(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
