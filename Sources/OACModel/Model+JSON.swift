import Foundation
import OACPromQL
import OACSupport

// How the resolved model writes itself as model.json: the one declaration of each model type's JSON form
// (the types declare no `Encodable`), straight into bytes. Fields in UTF-8 key order; optional fields left out
// when nil. Enums with associated values write an object with the case name as its only key, holding the
// labelled values (`_0` for an unlabelled one): the shape synthesized `Encodable` gave them when model.json
// was first written that way. The goldens (Tests/OACCLITests/Golden) hold the exact text.

extension JSONWriter {
    /// `{"name" : {…}}`: one case of an enum with associated values.
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
            // Absent without drills: catalogs without them keep their model.json byte for byte.
            $0.field("drills", drills.isEmpty ? nil : drills)
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
            $0.field("kubernetes", kubernetes)
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
            $0.field("prometheusURL", prometheusURL)
            $0.field("replicaLabel", replicaLabel)
            $0.field("ruleAddress", ruleAddress)
            $0.field("rulerReplicas", rulerReplicas)
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
            // Left out at their defaults (UTC; monday–friday 09:00–17:00), so catalogs that do not use them
            // keep their model.json.
            $0.field("timeZone", timeZone == Team.defaultTimeZone ? nil : timeZone)
            $0.field("workingHours", workingHours == .standard ? nil : workingHours)
        }
    }
}

extension WorkingHours: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("days", days.map(\.rawValue))
            $0.field("end", Self.clock(end))
            $0.field("start", Self.clock(start))
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
        case .opsgenie(let apiKeyFile):
            json.enumCase("opsgenie") { $0.field("apiKeyFile", apiKeyFile) }
        case .msteams(let webhookURLFile):
            json.enumCase("msteams") { $0.field("webhookURLFile", webhookURLFile) }
        case .telegram(let botTokenFile, let chatID):
            json.enumCase("telegram") {
                $0.field("botTokenFile", botTokenFile)
                $0.field("chatID", String(chatID))
            }
        case .discord(let webhookURLFile):
            json.enumCase("discord") { $0.field("webhookURLFile", webhookURLFile) }
        case .webex(let roomID, let botTokenFile):
            json.enumCase("webex") {
                $0.field("botTokenFile", botTokenFile)
                $0.field("roomID", roomID)
            }
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

// MARK: - Units

/// A Decimal written exactly.
extension ExactDecimal: JSONWritable {
    public func write(to json: inout JSONWriter) { json.decimal(value) }
}

/// Its Prometheus text (`5m`, `30d`).
extension PromDuration: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}

/// The number of bytes.
extension ByteSize: JSONWritable {
    public func write(to json: inout JSONWriter) { json.int(bytes) }
}

/// `major.minor`.
extension PrometheusVersion: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}
