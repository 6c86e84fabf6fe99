import OACModel

/// The document envelope and `kind: Platform`.
extension Schema {
    public static let document = SchemaTable(
        "document", path: "",
        [
            SchemaKey("apiVersion", .choice(["oac/v1"]), .requiredChecked, type: "string", "always `oac/v1`"),
            SchemaKey(
                "kind", .choice(CatalogLoader.kinds), .requiredChecked, type: "string",
                "`Platform`, `Team`, `Service`, `IncidentLog` or `Drill`"),
            SchemaKey("metadata", .mapping("metadata"), .requiredChecked, inline: true, "The document's name (below)."),
            SchemaKey(
                "spec", .mapping("spec"), .requiredChecked, shown: "required (optional for a `Team`)",
                "The kind's content, described below.")
        ])

    public static let metadata = SchemaTable(
        "metadata", path: "metadata",
        [
            SchemaKey("name", .name, .required, "Unique among the documents of the same kind."),
            SchemaKey("description", .string, .ignored, "A note for people and other tools; oac does not read it (a Team or Service has `spec.description`)."),
            SchemaKey("labels", .stringMap, .ignored, "Labels for other tools; oac does not read them.")
        ])

    // MARK: - Platform

    public static let platform = SchemaTable(
        "platform", path: "spec",
        [
            SchemaKey("prometheus", .mapping("platform.prometheus"), "The Prometheus fleet: version, intervals, shard capacity, retention."),
            SchemaKey(
                "regions", .list(.mapping("platform.region")), default: .text("none: one Prometheus"),
                "The regions and their shards."),
            SchemaKey(
                "global", .mapping("platform.global"), .requiredWhen("with two or more regions"),
                "Where the SLO aggregates of all regions meet."),
            SchemaKey(
                "retentionTiers", .list(.mapping("platform.retentionTier")), .required,
                "How long data is kept; at least one tier."),
            SchemaKey("pricing", .mapping("platform.pricing"), "Prices for the cost estimate."),
            SchemaKey("alerting", .mapping("platform.alerting"), "The alerting policy."),
            SchemaKey("grafana", .mapping("platform.grafana"), "Where the dashboards live."),
            SchemaKey(
                "kubernetes", .mapping("platform.kubernetes"),
                "Write a `kubernetes/` tree of Prometheus Operator resources as well; see [Kubernetes](kubernetes.md)."),
            SchemaKey("lint", .stringMap, type: "mapping rule id → severity", "The configuration of `oac lint` (below)."),
            SchemaKey(
                "errorBudgetPolicy", .mapping("budgetPolicy"), default: .text("75% review, 100% freeze, on the SLO window"),
                "The error-budget policy of every service; a tier or a service overrides it key by key ([error-budget policy](error-budget-policy.md)).")
        ])

    public static let prometheus = SchemaTable(
        "platform.prometheus", path: "spec.prometheus",
        [
            SchemaKey(
                "version", .version, default: .value("\"2.42\""),
                "The oldest Prometheus the generated files must load on. `oac` writes no configuration key or PromQL function newer than this version. Quote it: `2.40` without quotes is the number 2.4."
            ),
            SchemaKey(
                "scrapeInterval", .duration, default: .value("1m"),
                "`global.scrape_interval` of every server. At most `2m30s`: the SLI rules are `rate(…[5m])`, which needs two samples in its window (`1m15s` or less keeps four, so one missed scrape does not blank it). A longer interval is an error."
            ),
            SchemaKey(
                "evaluationInterval", .duration, default: .value("1m"),
                "`global.evaluation_interval` of every server. It is also the length of one time slice for [threshold SLIs](#sli-threshold). At most `5m`: every window sums the 5-minute records, and records written less often than every 5 minutes would skip the events between them (an error). Alerts fire on evaluations, so a `for:` is served as a whole number of intervals and a page arrives up to about three intervals after its condition (SLI rate, SLO records, alert); the generated tests expect exactly that."
            ),
            SchemaKey(
                "seriesPerShard", .integer(min: 1), default: .value("1500000"),
                "The capacity budget of one Prometheus shard. It is used when a region says `shards: auto`."),
            SchemaKey(
                "retention", .duration, default: .text("the longest `metrics.local` of the tiers a server scrapes"),
                "`--storage.tsdb.retention.time` of every shard, or of the only Prometheus. Where SLOs are evaluated on that server, it must cover the longest SLO window ([retention checks](topology.md#retention-checks))."
            )
        ])

    public static let region = SchemaTable(
        "platform.region", path: "spec.regions[]",
        [
            SchemaKey(
                "name", .name, .required,
                "Unique among the regions. Services refer to it in `spec.regions`. It also becomes the `region` external label."),
            SchemaKey(
                "shards", .either(.integer(min: 1), .choice(["auto"])), default: .value("1"), type: "integer ≥ 1, or `auto`",
                "The number of Prometheus servers that split the region's targets by `hashmod` of the target address. `auto` works the number out from the [estimate](#estimates-series-shards-and-cost) as ⌈series in the region ÷ `seriesPerShard`⌉, and at least 1."
            ),
            SchemaKey(
                "address", .hostPort, .requiredWhen("with `global.mode: federation`"),
                "How the global layer reaches the shards. `{shard}` is replaced by the shard number `0 … n-1`. It must contain `{shard}` when `shards` is more than 1 or is `auto`, and `{replica}` (the replica number) when `replicas` is more than 1."
            ),
            SchemaKey(
                "replicas", .integer(min: 1), default: .value("1"),
                "How many identical Prometheus servers run each shard (2: an HA pair). Each carries the external label `spec.global.thanos.replicaLabel` valued `${REPLICA}` (start each with `--enable-feature=expand-external-labels` and its own `REPLICA`); the Thanos querier deduplicates on it. With `global.mode: mimir` each pair is instead labelled `cluster` (`<region>-<shard>`) and `__replica__` (`${REPLICA}`), which Mimir's HA tracker deduplicates on. Only with `global.mode: thanos` or `mimir` ([HA pairs](topology.md#ha-pairs))."
            )
        ])

    public static let global = SchemaTable(
        "platform.global", path: "spec.global",
        [
            SchemaKey(
                "mode", .choice(GlobalMode.allCases.map(\.rawValue)), default: .value("federation"),
                "How the data gets there. `federation` makes a global Prometheus scrape `/federate` on every shard, and only for the SLO recording rules, never raw series. `thanos` and `mimir` mean the shards ship data to that system and the global rules run there."
            ),
            SchemaKey("address", .hostPort, "The global Prometheus, or the Thanos/Mimir query endpoint."),
            SchemaKey(
                "retention", .duration, default: .text("`spec.prometheus.retention`, else the longest tier `local`"),
                "Retention of the global Prometheus (federation). It holds only aggregates, so a long retention is cheap; it must cover every SLO window."),
            SchemaKey(
                "thanos", .mapping("platform.thanos"), default: .text("the defaults below"),
                "With `mode: thanos`: where the Thanos components find their bucket, their data folder and each other ([Thanos](topology.md#thanos-globalmode-thanos))."
            ),
            SchemaKey(
                "mimir", .mapping("platform.mimir"), default: .text("plain HTTP, no authentication"),
                "With `mode: mimir`: how the shards authenticate their `remote_write` to Mimir ([Mimir](topology.md#mimir-globalmode-mimir)).")
        ])

    public static let mimir = SchemaTable(
        "platform.mimir", path: "spec.global.mimir",
        [
            SchemaKey(
                "bearerTokenFile", .path,
                "A file holding a bearer token: `authorization: {type: Bearer, credentials_file}`. At most one of `bearerTokenFile`, `basicAuth`, `oauth2`."),
            SchemaKey("basicAuth", .mapping("platform.mimirBasicAuth"), "HTTP basic authentication: `basic_auth`."),
            SchemaKey("oauth2", .mapping("platform.mimirOAuth2"), "OAuth 2.0 client credentials: `oauth2`."),
            SchemaKey("tls", .mapping("platform.mimirTLS"), default: .text("plain HTTP"), "Write over HTTPS with this `tls_config`.")
        ])

    public static let mimirBasicAuth = SchemaTable(
        "platform.mimirBasicAuth", path: "spec.global.mimir.basicAuth",
        [
            SchemaKey("username", .string, .required, "`username`."),
            SchemaKey("passwordFile", .path, .required, "The file that holds the password: `password_file`."),
            SchemaKey("password", .string, .refused(instead: "passwordFile"), "A password written inline is an error: use `passwordFile`.")
        ])

    public static let mimirOAuth2 = SchemaTable(
        "platform.mimirOAuth2", path: "spec.global.mimir.oauth2",
        [
            SchemaKey("clientId", .string, .required, "`client_id`."),
            SchemaKey("clientSecretFile", .path, .required, "The file that holds the client secret: `client_secret_file`."),
            SchemaKey("tokenUrl", .url, .required, "The token endpoint: `token_url`."),
            SchemaKey("clientSecret", .string, .refused(instead: "clientSecretFile"), "A secret written inline is an error: use `clientSecretFile`.")
        ])

    public static let mimirTLS = SchemaTable(
        "platform.mimirTLS", path: "spec.global.mimir.tls",
        [
            SchemaKey("caFile", .path, default: .text("the system's CAs"), "`ca_file`."),
            SchemaKey("certFile", .path, "A client certificate: `cert_file` (with `keyFile`)."),
            SchemaKey("keyFile", .path, "Its key: `key_file` (with `certFile`)."),
            SchemaKey("serverName", .string, "`server_name`, when it differs from the host of `global.address`.")
        ])

    public static let thanos = SchemaTable(
        "platform.thanos", path: "spec.global.thanos",
        [
            SchemaKey(
                "objstoreConfigFile", .path, default: .value("/etc/thanos/objstore.yml"),
                "The bucket configuration (a secret: oac writes only its path) of the sidecars, the ruler, the store gateway and the shared compactor: `--objstore.config-file`."
            ),
            SchemaKey(
                "tierObjstoreConfigFile", .path, default: .value("/etc/thanos/objstore-{tier}.yml"),
                "The bucket configuration of one tier's bucket, for `thanos/compact-<tier>.args`. It must contain `{tier}`, which becomes the tier name."),
            SchemaKey(
                "dataDir", .path, default: .value("/var/thanos"),
                "Each component keeps its local data in `<dataDir>/<component>` (`--data-dir`, the sidecar's own state aside)."),
            SchemaKey(
                "replicaLabel", .string, default: .value("replica"), type: "label name",
                "The external label that tells HA replicas apart: the ruler sets it (`--label`), the querier deduplicates on it (`--query.replica-label`)."),
            SchemaKey(
                "storeAddress", .hostPort, default: .value("thanos-store:10901"),
                "The gRPC address of the store gateway: an `--endpoint` of the querier."),
            SchemaKey(
                "ruleAddress", .hostPort, default: .value("thanos-rule:10901"),
                "The gRPC address of the ruler: an `--endpoint` of the querier."),
            SchemaKey(
                "prometheusURL", .url, default: .value("http://localhost:9090"),
                "How each sidecar reaches the Prometheus beside it: `--prometheus.url` of `thanos/sidecar.args`."),
            SchemaKey(
                "rulerReplicas", .integer(min: 1), default: .value("1"),
                "How many identical rulers evaluate the global rules (2: an HA pair). Each gets `thanos/rule-<n>.args` with its own replica label value and data dir, and `ruleAddress` must then contain `{replica}` (each ruler is a querier endpoint). Alerts drop the replica label, so Alertmanager deduplicates the pair's notifications."
            ),
            SchemaKey(
                "sidecarPort", .integer(min: 1, max: 65535), default: .value("10901"),
                "The gRPC port of the sidecar beside each shard, on the shard's host (from `regions[].address`): an `--endpoint` of the querier.")
        ])

    public static let retentionTier = SchemaTable(
        "platform.retentionTier", path: "spec.retentionTiers[]",
        [
            SchemaKey("name", .name, .required, "Unique among the tiers, for example `gold`, `silver`, `bronze`."),
            SchemaKey("description", .string, "Shown in reports."),
            SchemaKey(
                "criticality", .choice(TierCriticality.allCases.map(\.rawValue)),
                default: .text("`critical` for a tier named `gold`, `high` for `silver`, `low` for `bronze`, else `standard`"),
                "How much the tier's services matter: `critical`, `high`, `standard` or `low`. Checks and lint rules that mean an important service read this, never the tier's name: a `critical` service needs an SLO (`gold-service-without-slo`) and 90 days of raw metrics (`gold-retention`); the owner of a `critical` or `high` service needs a `page` receiver (`owner-without-page-receiver`)."
            ),
            SchemaKey("metrics", .mapping("platform.tierMetrics"), .required, inline: true, "How long metrics are kept."),
            SchemaKey(
                "errorBudgetPolicy", .mapping("budgetPolicy"), default: .text("the platform's"),
                "The error-budget policy of the tier's services, key by key over the platform's."),
            SchemaKey(
                "logs", .duration,
                "Default Loki retention of the tier's log streams. A stream can override it with `logs[].retention`. Without it, streams keep Loki's own retention."
            )
        ])

    public static let tierMetrics = SchemaTable(
        "platform.tierMetrics", path: "spec.retentionTiers[].metrics",
        [
            SchemaKey("local", .duration, .required, "Local Prometheus TSDB retention (`--storage.tsdb.retention.time`)."),
            SchemaKey("raw", .duration, default: .text("`local`"), "Long-term retention of raw samples (Thanos/Mimir)."),
            SchemaKey("downsampled5m", .duration, default: .text("no 5m downsampling"), "Retention of 5-minute downsampled data."),
            SchemaKey("downsampled1h", .duration, default: .text("no 1h downsampling"), "Retention of 1-hour downsampled data.")
        ])

    public static let pricing = SchemaTable(
        "platform.pricing", path: "spec.pricing",
        [
            SchemaKey("currency", .string, default: .value(Pricing.defaults.currency), type: "string (ISO 4217)", "Used only for display."),
            SchemaKey(
                "perThousandSeriesMonth", .number(range: "≥ 0"), default: .value(Pricing.defaults.perThousandSeriesMonth.description),
                "Price of 1,000 active series for one month."),
            SchemaKey(
                "perGBLogsIngested", .number(range: "≥ 0"), default: .value(Pricing.defaults.perGBLogsIngested.description),
                "Price of ingesting 1 GB (10⁹ bytes) of logs."),
            SchemaKey(
                "perGBLogsStoredMonth", .number(range: "≥ 0"), default: .value(Pricing.defaults.perGBLogsStoredMonth.description),
                "Price of keeping 1 GB of logs for one month.")
        ])

    public static let alerting = SchemaTable(
        "platform.alerting", path: "spec.alerting",
        [
            SchemaKey(
                "burnRateWindows", .either(.choice(["sre-workbook"]), .list(.mapping("platform.burnRateWindow"))),
                default: .value("sre-workbook"), type: "`sre-workbook`, or a list",
                "The multiwindow burn-rate table that every SLO's alerts are generated from. See [Burn-rate alerting](#burn-rate-alerting)."),
            SchemaKey(
                "minEventsPerHour", .number(range: "≥ 0"), default: .value("0"),
                "A guard for low traffic. No burn-rate alert fires while the SLO sees fewer than this many events per hour on average over that alert's long window (`avg_over_time(oac_slo:total_events:rate5m[long]) × 3600`; the 1-hour records for windows over 6h). It applies to `events` and `latency` SLIs. `0` turns the guard off. An SLO can set its own in `alerting.minEventsPerHour`."
            ),
            SchemaKey(
                "owner", .name, type: "Team name",
                "The team that owns the monitoring itself: self-monitoring alerts carry its `team` label, and alerts no team route matches go to its ticket receiver. Without it they go to the receiver `oac-unrouted`, which notifies nobody, and `oac lint` warns (`missing-owner`)."
            ),
            SchemaKey(
                "alertmanagerVersion", .version, default: .value("\"0.25\""),
                "The oldest Alertmanager the generated config must load on. Webhook `urlFile` needs `\"0.26\"`."),
            SchemaKey(
                "smtp", .mapping("platform.smtp"), .requiredWhen("when a team uses an `email` receiver"),
                "The mail server for `email` receivers (below). Written to Alertmanager's `global.smtp_*`."),
            SchemaKey(
                "alertmanagers", .list(.hostPort), type: "list of `host:port`",
                "The Alertmanagers the Prometheus servers that evaluate alerts (the global one, or the only one) send them to: `alerting.alertmanagers` in their `prometheus.yml`. Without it alerts are evaluated but not sent anywhere."
            )
        ])

    public static let smtp = SchemaTable(
        "platform.smtp", path: "spec.alerting.smtp",
        [
            SchemaKey("smarthost", .hostPort, .required, "The mail server: `smtp_smarthost`."),
            SchemaKey("from", .email, .required, "The sender address: `smtp_from`."),
            SchemaKey("authUsername", .string, "`smtp_auth_username`."),
            SchemaKey("authPasswordFile", .path, "The file that holds the SMTP password: `smtp_auth_password_file`."),
            SchemaKey("authPassword", .string, .refused(instead: "authPasswordFile"), "A password written inline is an error: use `authPasswordFile`."),
            SchemaKey("requireTLS", .bool, default: .value("true"), "`smtp_require_tls`.")
        ])

    public static let burnRateWindow = SchemaTable(
        "platform.burnRateWindow", path: "spec.alerting.burnRateWindows[]",
        [
            SchemaKey("severity", .choice(AlertSeverity.allCases.map(\.rawValue)), .required, "The `severity` label of the alert."),
            SchemaKey(
                "short", .duration, .required,
                "The short window, which confirms that the burn is still going on. It must be shorter than `long`."),
            SchemaKey(
                "long", .duration, .required,
                "The long window, which measures the burn. It must be shorter than the SLO window."),
            SchemaKey(
                "budgetPercent", .number(range: "0 < x ≤ 100"), .required,
                "The share of the error budget that must be spent within `long` for the alert to fire.")
        ])

    public static let kubernetesPlatform = SchemaTable(
        "platform.kubernetes", path: "spec.kubernetes",
        [
            SchemaKey("namespace", .name, .required, "The namespace of every generated resource (the monitoring namespace)."),
            SchemaKey(
                "labels", .stringMap, default: .value("{}"),
                "Labels on every generated resource: the labels the platform's Prometheus selects rules and monitors on (`ruleSelector`, `serviceMonitorSelector`, `podMonitorSelector`, `scrapeConfigSelector`). kube-prometheus-stack selects on `release: <Helm release name>`, such as `release: kube-prometheus-stack`. Keys and values follow Kubernetes label syntax."
            ),
            SchemaKey(
                "alertmanagerConfigs", .bool, default: .value("true"),
                "Write an `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) per team with a route: the team's routes, receivers and inhibition as in `alertmanager.yml`. Receiver secrets must then be files under `/etc/alertmanager/secrets/<secret>/<key>` (where the operator mounts the Secrets listed in `Alertmanager.spec.secrets`): the resource references the key `<key>` of the Secret `<secret>`. See [Kubernetes](kubernetes.md) on `alertmanagerConfigMatcherStrategy`."
            ),
            SchemaKey(
                "dashboards", .mapping("platform.kubernetes.dashboards"),
                "How the dashboards reach Grafana (below): ConfigMaps for the Grafana sidecar (the default), grafana-operator resources, or none."),
            SchemaKey(
                "prometheus", .bool, default: .value("false"),
                "`true` when oac owns the `Prometheus` resources too: one per region (`shards:` and `replicas:` from the region, the operator does the hashmod), selecting the region's rules (`oac.dev/evaluator: <region>`) and monitors (`region.oac.dev/<region>: \"true\"`), with external label `region` and the shard's retention; on a federated platform also the global Prometheus, selecting the SLO rules (`oac.dev/evaluator: global`) and a federation `ScrapeConfig` per region that reaches each shard's pod ([federation](kubernetes.md#the-global-prometheuss-federation)); with `global.mode: thanos` a `ThanosRuler` selecting them instead ([ThanosRuler](kubernetes.md#thanosruler)). A single Prometheus when the platform has no `global`. In every layout also the self-monitoring jobs `prometheus` (each Prometheus's own pods) and `alertmanager` as `ScrapeConfig`s, selected where the plain files scrape them ([self-monitoring](kubernetes.md#self-monitoring-the-prometheus-and-alertmanager-jobs))."
            ),
            SchemaKey(
                "selectors", .mapping("platform.kubernetes.selectors"),
                "What each consumer of the tree selects on (below). The `key=value` terms of a consumer's selector become labels of that consumer's resources only; `oac check` reports a term no generated resource can satisfy and a namespace the consumer does not read."
            )
        ])

    public static let kubernetesDashboards = SchemaTable(
        "platform.kubernetes.dashboards", path: "spec.kubernetes.dashboards",
        [
            SchemaKey(
                "mode", .choice(KubernetesDashboards.Mode.allCases.map(\.rawValue)), default: .value("sidecar"),
                "`sidecar`: a ConfigMap per dashboard, labelled for the Grafana sidecar (`grafana_dashboard: \"1\"` unless `selectors.dashboards` says otherwise) with its team's folder in an annotation. `operator`: a grafana-operator `GrafanaFolder` per folder and a `GrafanaDashboard` per dashboard (grafana.integreatly.org/v1beta1). `none`: no dashboard resources. A dashboard over 1 MiB, the most a ConfigMap or a resource can hold, is an error."
            ),
            SchemaKey(
                "folderAnnotation", .string, default: .value("grafana_folder"),
                "The annotation that names a dashboard ConfigMap's Grafana folder: the sidecar's `folderAnnotation` (kube-prometheus-stack: `grafana.sidecar.dashboards.folderAnnotation`, with `provider.foldersFromFilesStructure: true`)."
            ),
            SchemaKey(
                "instanceSelector", .string, .requiredWhen("when `mode` is `operator`"),
                "The grafana-operator `instanceSelector`: the labels of the `Grafana` resources that load the dashboards, `key=value,…`, such as `dashboards=grafana`."
            )
        ])

    public static let kubernetesSelectors = SchemaTable(
        "platform.kubernetes.selectors", path: "spec.kubernetes.selectors",
        [
            SchemaKey(
                "rules", .mapping("platform.kubernetes.selector"),
                "The `ruleSelector` and `ruleNamespaceSelector` of the Prometheus (and ThanosRuler) that load the `PrometheusRule`s. kube-prometheus-stack: `release=<release>` unless `ruleSelectorNilUsesHelmValues: false`."
            ),
            SchemaKey(
                "monitors", .mapping("platform.kubernetes.selector"),
                "The `serviceMonitorSelector`, `podMonitorSelector` and `scrapeConfigSelector` (and their namespace selectors) of the Prometheus that scrapes. kube-prometheus-stack: `release=<release>` unless `*SelectorNilUsesHelmValues: false`."
            ),
            SchemaKey(
                "alertmanagerConfigs", .mapping("platform.kubernetes.selector"),
                "The `alertmanagerConfigSelector` and `alertmanagerConfigNamespaceSelector` of the Alertmanager that loads the `AlertmanagerConfig`s."),
            SchemaKey(
                "dashboards", .mapping("platform.kubernetes.selector"),
                "What Grafana loads dashboards from: the sidecar's label (kube-prometheus-stack: `grafana_dashboard=1`) or the grafana-operator's.")
        ])

    public static let kubernetesSelector = SchemaTable(
        "platform.kubernetes.selector", path: "spec.kubernetes.selectors.rules",
        [
            SchemaKey(
                "labels", .string, default: .text("everything"),
                "The consumer's label selector, `key=value,key!=value,key,!key` (set-based `in (…)` is not read). `key=value` terms are added to the consumer's resources; a term that `spec.kubernetes.labels` contradicts, that names a label oac sets itself (`oac.dev/…`, `app.kubernetes.io/managed-by` other than `oac`), or that asks for a label no resource carries is an error."
            ),
            SchemaKey(
                "namespaces", .list(.name), default: .text("every namespace"),
                "The namespaces the consumer reads resources from (its namespace selector's `matchNames`; for the Prometheus Operator, an unset namespace selector means only the consumer's own namespace). `spec.kubernetes.namespace` must be one of them."
            )
        ])

    public static let grafana = SchemaTable(
        "platform.grafana", path: "spec.grafana",
        [
            SchemaKey("url", .url, "The base URL of the Grafana that hosts the generated dashboards. It is used to build links to them.")
        ])
}
