import OACModel

/// `kind: Service`: targets, metrics, logs and SLOs.
extension Schema {
    public static let service = SchemaTable(
        "service", path: "spec",
        [
            SchemaKey("description", .string, "Shown in dashboards, alert descriptions and reports."),
            SchemaKey(
                "owner", .name, .required, type: "Team name",
                "The team that gets the alerts and whose Loki tenant holds the logs."),
            SchemaKey(
                "tier", .name, .required, type: "retention tier name",
                "One of the Platform's `retentionTiers`. It sets the retention and the criticality shown in reports."),
            SchemaKey(
                "type", .choice(ServiceType.allCases.map(\.rawValue)), default: .value(ServiceType.api.rawValue),
                "Chooses the dashboard panels and type-specific defaults."),
            SchemaKey(
                "regions", .list(.name), default: .text("all regions"), type: "list of region names",
                "The regions the service runs in. Each one must be a Platform region. Leave it out when the Platform has no regions."),
            SchemaKey(
                "job", .string, default: .text("the service name"),
                "The Prometheus `job` label of the service's targets. Every SLI selector must match on it."),
            SchemaKey(
                "runbook", .url, shown: "optional (recommended)",
                "Becomes the `runbook_url` annotation of every alert of the service. Without it the annotation holds the service dashboard link (when `spec.grafana.url` is set), and `oac lint` reports the missing runbook."
            ),
            SchemaKey(
                "targets", .mapping("service.targets"),
                "How Prometheus finds the instances. See [below](#targets). Without it no scrape job is generated (the service is scraped some other way)."),
            SchemaKey(
                "scrape", .mapping("service.scrape"),
                "How the targets are scraped: path, scheme, interval, TLS, authentication. See [below](#scrape)."),
            SchemaKey(
                "instances", .integer(min: 1, max: 1_000_000), default: .text("the number of `static` targets, otherwise 1"),
                "Instances **per region**. Used only for the series and cost [estimate](#estimates-series-shards-and-cost) and for `shards: auto`."),
            SchemaKey(
                "metrics", .list(.mapping("service.metric")), default: .value("[]"),
                "The instrumentation catalog: every metric the service exposes. See [below](#metrics)."),
            SchemaKey("logs", .list(.mapping("service.log")), default: .value("[]"), "The service's Loki streams. See [below](#logs)."),
            SchemaKey("slos", .list(.mapping("slo")), default: .value("[]"), "See [SLOs](#slos)."),
            SchemaKey(
                "errorBudgetPolicy", .mapping("budgetPolicy"), default: .text("the tier's, else the platform's"),
                "The service's error-budget policy, key by key over its tier's and the platform's ([error-budget policy](error-budget-policy.md))."),
            SchemaKey(
                "maintenanceWindows", .list(.mapping("service.maintenanceWindow")), default: .value("[]"),
                "Planned work: alerts muted in Alertmanager and events left out of the budget ([below](#maintenance-windows-and-corrections))."),
            SchemaKey(
                "corrections", .list(.mapping("service.correction")), default: .value("[]"),
                "Intervals whose events do not count against the budget, written after the fact.")
        ])

    public static let targets = SchemaTable(
        "service.targets", path: "spec.targets", form: .exactlyOne,
        [
            SchemaKey(
                "static", .either(.list(.hostPort), .regionMap(.list(.hostPort))), .oneOf("targets"),
                type: "list of `host:port`, or mapping region → list of `host:port`",
                "Fixed addresses (`static_configs`). A list is scraped by every region of the service, so it is for a service of one region; a service in several regions gives each region its own addresses (`{us-east: [...], eu-west: [...]}`), and without `spec.regions` runs in the regions the mapping names. See [targets per region](#targets-per-region)."
            ),
            SchemaKey(
                "file", .path, .oneOf("targets"),
                "A `file_sd` JSON or YAML file that the Prometheus server reads: the name ends in `.json`, `.yml` or `.yaml` (upper case too), and a `*` may stand only in its last path element (`/etc/prometheus/targets/api-*.json`). `{region}` in the path is each region's name (`/etc/prometheus/targets/api-{region}.json`): each region reads its own file, which a service in several regions needs."
            ),
            SchemaKey(
                "kubernetes", .mapping("service.kubernetes"), .oneOf("targets"),
                "Kubernetes discovery (`kubernetes_sd`, role `pod`, `endpoints` or `service`), below.")
        ])

    public static let kubernetes = SchemaTable(
        "service.kubernetes", path: "spec.targets.kubernetes",
        [
            SchemaKey("namespace", .string, .required, "The namespace of the pods."),
            SchemaKey(
                "selector", .string, type: "Kubernetes label selector",
                "Which pods (or Services, for the roles `endpoints` and `service`), such as `\"app=llm-gateway,component=server\"`. Without it, every one of the namespace."
            ),
            SchemaKey(
                "role", .choice(KubernetesRole.allCases.map(\.rawValue)), default: .value("pod"),
                "What is discovered: pods (`PodMonitor`), the endpoints of Services (`ServiceMonitor`), or Services themselves (through their cluster address, as a blackbox probe would)."
            ),
            SchemaKey(
                "port", .either(.integer(min: 1, max: 65535), .string), type: "port number, or port name",
                "The port to scrape: a container port (role `pod`) or Service port (`endpoints`, `service`), by name (`http-metrics`) or number. Without it, every declared port is a target."
            ),
            SchemaKey(
                "targetLabels", .list(.choice(KubernetesTargetLabel.allCases.map(\.rawValue))),
                default: .text("`[namespace, pod, container]`; `[namespace]` for role `service`"),
                "The Kubernetes metadata kept as target labels. `pod`, `container` and `node` need role `pod` or `endpoints`; `service` needs `endpoints` or `service`."
            ),
            SchemaKey(
                "podLabels", .list(.string), default: .value("[]"), type: "list of Kubernetes label keys",
                "Pod labels copied as target labels, named as Prometheus sanitises them (`app.kubernetes.io/name` → `app_kubernetes_io_name`). Needs role `pod` or `endpoints`."
            )
        ])

    public static let metric = SchemaTable(
        "service.metric", path: "spec.metrics[]",
        [
            SchemaKey(
                "name", .string, .required, type: "Prometheus metric name",
                "`[a-zA-Z_:][a-zA-Z0-9_:]*`, unique within the service. For histograms and summaries, give the base name without `_bucket`, `_sum` or `_count`."
            ),
            SchemaKey("type", .choice(MetricType.allCases.map(\.rawValue)), .required, "The metric's type, as in its `# TYPE` line."),
            SchemaKey("help", .string, "The HELP text. Used in dashboards."),
            SchemaKey(
                "labels", .countMap, default: .value("{}"),
                "Each label the metric carries, with the number of distinct values you expect it to have. This is the cardinality used by the estimate. Leave out `job` and `instance`, which Prometheus adds. Label names follow `[a-zA-Z_][a-zA-Z0-9_]*` and do not start with `__`. For histograms, leave out `le`."
            ),
            SchemaKey(
                "buckets", .list(.number()), .requiredWhen("for `histogram`, not allowed otherwise"), type: "list of numbers",
                "Upper bounds, strictly increasing, in the metric's base unit (seconds for `_seconds`). `+Inf` is implied."),
            SchemaKey(
                "quantiles", .list(.number()), default: .value("[]"), type: "list of numbers",
                "For a `summary`: the quantiles it exposes (`0.5`, `0.99`). The estimate counts one series per quantile, plus `_sum` and `_count`.")
        ])

    public static let log = SchemaTable(
        "service.log", path: "spec.logs[]",
        [
            SchemaKey("selector", .logSelector, .required, "For example `'{namespace=\"llm\", app=\"llm-gateway\"}'`. Quote it in YAML."),
            SchemaKey(
                "volumePerDay", .size, .required,
                "Expected ingest per day, **per region** the service runs in. Used for the cost estimate and for the tenant's ingestion limits."),
            SchemaKey(
                "retention", .duration, default: .text("the tier's `logs`"),
                "Retention for this stream. It is written as a `retention_stream` rule in the tenant's overrides.")
        ])

    // MARK: - SLOs

    public static let slo = SchemaTable(
        "slo", path: "spec.slos[]",
        [
            SchemaKey("name", .name, .required, "Unique within the service. It becomes the `slo` label."),
            SchemaKey("description", .string, "Used in alert descriptions, dashboards and the report."),
            SchemaKey(
                "objective", .number(range: "**0 < x < 100**"), .required,
                "The target in percent: `99.9` means 99.9 % good. The error budget is `100 − objective` percent of the events or time slices in the window."),
            SchemaKey(
                "window", .either(.duration, .choice(CalendarPeriod.allCases.map(\.rawValue))), default: .value("30d"),
                type: "duration, or \(CalendarPeriod.allCases.map { "`\($0.rawValue)`" }.joined(separator: " / "))",
                "A duration is a rolling compliance window (common values `7d`, `28d`, `30d`, at least `1h`). `week`, `month` or `quarter` is a [calendar window](#calendar-windows): the budget starts again at the start of each period."
            ),
            SchemaKey(
                "sli", .mapping("slo.sli"), .required,
                "Exactly one of [`events`](#sli-events), [`latency`](#sli-latency) or [`threshold`](#sli-threshold)."),
            SchemaKey("alerting", .mapping("slo.alerting"), "See [below](#slo-alerting).")
        ])

    public static let sli = SchemaTable(
        "slo.sli", path: "spec.slos[].sli", form: .exactlyOne,
        [
            SchemaKey("events", .mapping("slo.events"), .oneOf("sli"), "A ratio of bad (or good) events to all events."),
            SchemaKey("latency", .mapping("slo.latency"), .oneOf("sli"), "The share of requests within a latency threshold."),
            SchemaKey("threshold", .mapping("slo.threshold"), .oneOf("sli"), "The share of time slices in which a value holds a limit.")
        ])

    public static let events = SchemaTable(
        "slo.events", path: "spec.slos[].sli.events",
        [
            SchemaKey("good", .selector, .oneOf("good"), "The events that count as success."),
            SchemaKey("bad", .selector, .oneOf("good"), "The events that spend budget."),
            SchemaKey("total", .selector, .required, "All eligible events.")
        ])

    public static let eventQueries = SchemaTable(
        "slo.eventQueries", path: "spec.slos[].sli.events",
        [
            SchemaKey("goodQuery", .promql, .oneOf("goodQuery"), "Good events per second (or per slice) over `$window`."),
            SchemaKey("badQuery", .promql, .oneOf("goodQuery"), "Bad events, the same way."),
            SchemaKey("totalQuery", .promql, .required, "All events, the same way.")
        ])

    public static let latency = SchemaTable(
        "slo.latency", path: "spec.slos[].sli.latency",
        [
            SchemaKey("histogram", .selector, .required, "The base name of a declared `histogram` metric, with a `job` matcher."),
            SchemaKey(
                "threshold", .duration, .required, type: "duration, or seconds",
                "In seconds it must **equal one of the histogram's `buckets`**: `500ms` ↔ `0.5`, `2s` ↔ `2`, `250ms` ↔ `0.25`.")
        ])

    public static let threshold = SchemaTable(
        "slo.threshold", path: "spec.slos[].sli.threshold",
        [
            SchemaKey(
                "query", .promql, .required,
                "Any instant-vector expression. It should return a single series: aggregate with `min`, `max` or `sum` when the metric has labels. It should use the service's `job`."
            ),
            SchemaKey(
                "op", .choice(ComparisonOp.allCases.map(\.rawValue)), .required,
                type: ComparisonOp.allCases.map { "`\"\($0.rawValue)\"`" }.joined(separator: " \\| "), "Quote it in YAML."),
            SchemaKey("value", .number(), .required, "In the query's unit."),
            SchemaKey(
                "scope", .choice(ThresholdScope.allCases.map(\.rawValue)), type: ThresholdScope.allCases.map { "`\($0.rawValue)`" }.joined(separator: " \\| "),
                "Where the query is judged when shards split the targets: `fleet` (every target of every region), `region` (each region apart; every region must pass) or `instance` (each target apart). Default: `fleet` when the query aggregates across targets (an aggregation whose grouping drops `instance`), else `instance`. With shards, a `fleet` or `region` query is split into parts each shard records (sums, counts, min/max, `avg` as sum and count, buckets by `le`) and combined and compared on the global server; `quantile`, `topk`, `bottomk`, `stddev`, `stdvar` and `count_values` across targets cannot be combined and are an error. See [SLO rules](slo-rules.md#threshold-slis-on-shards)."
            )
        ])

    public static let sloAlerting = SchemaTable(
        "slo.alerting", path: "spec.slos[].alerting",
        [
            SchemaKey(
                "page", .bool, default: .value("true"),
                "`false` means the SLO never pages: only the `ticket` rows of the burn-rate table apply."),
            SchemaKey(
                "ticket", .bool, default: .value("true"),
                "`false` drops the `ticket` alerts. With `page: false` as well, the SLO is recorded and reported but never alerts."),
            SchemaKey(
                "labels", .stringMap, default: .value("{}"),
                "Extra labels on every alert of this SLO. They cannot replace the reserved labels `service`, `slo`, `team`, `tier` and `severity`."),
            SchemaKey(
                "annotations", .stringMap, default: .value("{}"),
                "Extra annotations on every alert of this SLO. Their names are label names (`[a-zA-Z_][a-zA-Z0-9_]*`), as Prometheus requires. They cannot replace `summary`, `description`, `runbook_url` or `dashboard` (an error). `{{` and `}}` in them reach the alert as written: they are not template code."
            ),
            SchemaKey("minEventsPerHour", .number(range: "≥ 0"), default: .text("the platform's"), "This SLO's low-traffic guard.")
        ])
}
