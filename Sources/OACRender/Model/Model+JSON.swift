import Foundation
import OACModel

// How the resolved model writes itself as model.json: the same text as its `Encodable` form through
// JSONEncoder (`JSONWriterTests` compares both), straight into bytes. Fields in UTF-8 key order; optional
// fields left out when nil. Enums with associated values write what synthesized `Encodable` writes: an
// object with the case name as its only key, holding the labelled values (`_0` for an unlabelled one).

extension JSONWriter {
    /// `{"name" : {…}}`: one case of an enum with associated values, as synthesized `Encodable` writes it.
    @inline(__always)
    mutating func enumCase(_ name: StaticString, _ values: (inout JSONWriter) -> Void) {
        object {
            $0.key(name)
            $0.object(values)
        }
    }
}

extension Model: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("incidents", incidents)
            $0.field("platform", platform)
            $0.field("services", services)
            $0.field("teams", teams)
        }
    }
}

// MARK: - Platform

extension Platform: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alerting", alerting)
            $0.field("global", global)
            $0.field("grafana", grafana)
            $0.field("name", name)
            $0.field("pricing", pricing)
            $0.field("prometheus", prometheus)
            $0.field("regions", regions)
            $0.field("retentionTiers", retentionTiers)
        }
    }
}

extension PrometheusSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("evaluationInterval", evaluationInterval)
            $0.field("retention", retention)
            $0.field("scrapeInterval", scrapeInterval)
            $0.field("seriesPerShard", seriesPerShard)
            $0.field("version", version)
        }
    }
}

extension Region: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("address", address)
            $0.field("name", name)
            $0.field("replicas", replicas)
            $0.field("shards", shards)
        }
    }
}

/// As `ShardCount` encodes: the number, or `"auto"`.
extension ShardCount: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .fixed(let n): json.int(n)
        case .auto: json.string("auto")
        }
    }
}

extension GlobalMode: JSONWritable {}

extension GlobalSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("address", address)
            $0.field("mimir", mimir)
            $0.field("mode", mode)
            $0.field("retention", retention)
            $0.field("thanos", thanos)
        }
    }
}

extension ThanosSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("dataDir", dataDir)
            $0.field("objstoreConfigFile", objstoreConfigFile)
            $0.field("replicaLabel", replicaLabel)
            $0.field("ruleAddress", ruleAddress)
            $0.field("sidecarPort", sidecarPort)
            $0.field("storeAddress", storeAddress)
            $0.field("tierObjstoreConfigFile", tierObjstoreConfigFile)
        }
    }
}

extension MimirSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("basicAuth", basicAuth)
            $0.field("bearerTokenFile", bearerTokenFile)
            $0.field("oauth2", oauth2)
            $0.field("tls", tls)
        }
    }
}

extension MimirSettings.BasicAuth: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("passwordFile", passwordFile)
            $0.field("username", username)
        }
    }
}

extension MimirSettings.OAuth2: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("clientID", clientID)
            $0.field("clientSecretFile", clientSecretFile)
            $0.field("tokenURL", tokenURL)
        }
    }
}

extension MimirSettings.TLS: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("caFile", caFile)
            $0.field("certFile", certFile)
            $0.field("keyFile", keyFile)
            $0.field("serverName", serverName)
        }
    }
}

extension RetentionTier: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("description", description)
            $0.field("downsampled1h", downsampled1h)
            $0.field("downsampled5m", downsampled5m)
            $0.field("local", local)
            $0.field("logs", logs)
            $0.field("name", name)
            $0.field("raw", raw)
        }
    }
}

extension Pricing: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("currency", currency)
            $0.field("perGBLogsIngested", perGBLogsIngested)
            $0.field("perGBLogsStoredMonth", perGBLogsStoredMonth)
            $0.field("perThousandSeriesMonth", perThousandSeriesMonth)
        }
    }
}

extension AlertingSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alertmanagerVersion", alertmanagerVersion)
            $0.field("alertmanagers", alertmanagers)
            $0.field("burnRateTableName", burnRateTableName)
            $0.field("burnRateWindows", burnRateWindows)
            $0.field("minEventsPerHour", minEventsPerHour)
            $0.field("owner", owner)
            $0.field("smtp", smtp)
        }
    }
}

extension SMTPSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("authPasswordFile", authPasswordFile)
            $0.field("authUsername", authUsername)
            $0.field("from", from)
            $0.field("requireTLS", requireTLS)
            $0.field("smarthost", smarthost)
        }
    }
}

extension GrafanaSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { $0.field("url", url) }
    }
}

// MARK: - Burn rates

extension AlertSeverity: JSONWritable {}

extension BurnRateWindowSpec: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("budgetPercent", budgetPercent)
            $0.field("long", long)
            $0.field("severity", severity)
            $0.field("short", short)
        }
    }
}

extension BurnRateAlert: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("budgetPercent", budgetPercent)
            $0.field("factor", factor)
            $0.field("long", long)
            $0.field("severity", severity)
            $0.field("short", short)
        }
    }
}

// MARK: - Teams

extension Team: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("description", description)
            $0.field("lokiTenant", lokiTenant)
            $0.field("name", name)
            $0.field("page", page)
            $0.field("ticket", ticket)
        }
    }
}

extension Receiver: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .pagerduty(let routingKeyFile):
            json.enumCase("pagerduty") { $0.field("routingKeyFile", routingKeyFile) }
        case .slack(let channel, let apiURLFile):
            json.enumCase("slack") {
                $0.field("apiURLFile", apiURLFile)
                $0.field("channel", channel)
            }
        case .email(let to):
            json.enumCase("email") { $0.field("to", to) }
        case .webhook(let url, let urlFile, let bearerTokenFile):
            json.enumCase("webhook") {
                $0.field("bearerTokenFile", bearerTokenFile)
                $0.field("url", url)
                $0.field("urlFile", urlFile)
            }
        }
    }
}

// MARK: - Services

extension ServiceType: JSONWritable {}

extension Service: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("description", description)
            $0.field("instances", instances)
            $0.field("job", job)
            $0.field("logs", logs)
            $0.field("metrics", metrics)
            $0.field("name", name)
            $0.field("owner", owner)
            $0.field("regions", regions)
            $0.field("runbook", runbook)
            $0.field("slos", slos)
            $0.field("targets", targets)
            $0.field("tier", tier)
            $0.field("type", type)
        }
    }
}

extension Targets: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .none: json.enumCase("none") { _ in }
        case .static(let targets): json.enumCase("static") { $0.field("_0", targets) }
        case .file(let path): json.enumCase("file") { $0.field("_0", path) }
        case .kubernetes(let namespace, let selector):
            json.enumCase("kubernetes") {
                $0.field("namespace", namespace)
                $0.field("selector", selector)
            }
        }
    }
}

extension MetricType: JSONWritable {}

extension MetricSpec: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("buckets", buckets)
            $0.field("help", help)
            $0.field("labels", labels)
            $0.field("name", name)
            $0.field("quantiles", quantiles)
            $0.field("type", type)
        }
    }
}

extension LabelCardinality: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("name", name)
            $0.field("values", values)
        }
    }
}

extension LogStream: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("retention", retention)
            $0.field("selector", selector)
            $0.field("volumePerDay", volumePerDay)
        }
    }
}

// MARK: - SLOs

extension SLO: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alerting", alerting)
            $0.field("burnRates", burnRates)
            $0.field("calendar", calendar)
            $0.field("description", description)
            $0.field("name", name)
            $0.field("objective", objective)
            $0.field("sli", sli)
            $0.field("window", window)
        }
    }
}

extension CalendarPeriod: JSONWritable {}

extension SLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .events(let e): json.enumCase("events") { $0.field("_0", e) }
        case .eventQueries(let q): json.enumCase("eventQueries") { $0.field("_0", q) }
        case .latency(let l): json.enumCase("latency") { $0.field("_0", l) }
        case .threshold(let t): json.enumCase("threshold") { $0.field("_0", t) }
        }
    }
}

extension EventsSLI.Counting: JSONWritable {}

extension EventsSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("counting", counting)
            $0.field("selector", selector)
            $0.field("total", total)
        }
    }
}

extension EventQueriesSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("counting", counting)
            $0.field("query", query)
            $0.field("total", total)
        }
    }
}

extension LatencySLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("histogram", histogram)
            $0.field("threshold", threshold)
        }
    }
}

extension ComparisonOp: JSONWritable {}

extension ThresholdSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("op", op)
            $0.field("query", query)
            $0.field("value", value)
        }
    }
}

extension SLOAlerting: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("annotations", annotations)
            $0.field("labels", labels)
            $0.field("minEventsPerHour", minEventsPerHour)
            $0.field("page", page)
            $0.field("ticket", ticket)
        }
    }
}

extension KeyValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("key", key)
            $0.field("value", value)
        }
    }
}

extension LabelSelector: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("matchers", matchers)
            $0.field("metric", metric)
        }
    }
}

extension LabelSelector.Op: JSONWritable {}

extension LabelSelector.Matcher: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("name", name)
            $0.field("op", op)
            $0.field("value", value)
        }
    }
}

// MARK: - Incidents

extension IncidentSeverity: JSONWritable {}

extension Incident: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("acknowledged", acknowledged)
            $0.field("actionItems", actionItems)
            $0.field("detected", detected)
            $0.field("id", id)
            $0.field("mitigated", mitigated)
            $0.field("postmortem", postmortem)
            $0.field("resolved", resolved)
            $0.field("services", services)
            $0.field("severity", severity)
            $0.field("started", started)
            $0.field("summary", summary)
            $0.field("title", title)
        }
    }
}

extension Postmortem.Status: JSONWritable {}

extension Postmortem: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("status", status)
            $0.field("url", url)
        }
    }
}

extension ActionItem: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("due", due)
            $0.field("owner", owner)
            $0.field("priority", priority)
            $0.field("status", status)
            $0.field("title", title)
        }
    }
}
