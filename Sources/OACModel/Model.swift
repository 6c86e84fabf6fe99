import Foundation
import OACPromQL

/// The resolved, format-free model every renderer consumes: defaults applied, references resolved,
/// sorted by name so output never depends on file order.
public struct Model: Sendable, Hashable {
    public var platform: Platform
    public var teams: [Team]
    public var services: [Service]
    public var incidents: [Incident]
    /// Chaos drills (`kind: Drill`), by date then name.
    public var drills: [Drill]

    public init(platform: Platform, teams: [Team], services: [Service], incidents: [Incident], drills: [Drill] = []) {
        self.platform = platform
        self.teams = teams
        self.services = services
        self.incidents = incidents
        self.drills = drills
    }

    public func team(named name: String) -> Team? { teams.first { $0.name == name } }
    public func tier(named name: String) -> RetentionTier? { platform.retentionTiers.first { $0.name == name } }
    public func service(named name: String) -> Service? { services.first { $0.name == name } }

    /// Every SLO with its service, in a stable order.
    public var allSLOs: [(service: Service, slo: SLO)] {
        services.flatMap { s in s.slos.map { (s, $0) } }
    }
}

// MARK: - Platform

public struct Platform: Sendable, Hashable {
    public var name: String
    public var prometheus: PrometheusSettings
    public var regions: [Region]
    public var global: GlobalSettings?
    public var retentionTiers: [RetentionTier]
    public var pricing: Pricing
    public var alerting: AlertingSettings
    public var grafana: GrafanaSettings
    /// nil = no `kubernetes/` tree.
    public var kubernetes: KubernetesSettings?

    public init(
        name: String, prometheus: PrometheusSettings, regions: [Region], global: GlobalSettings?,
        retentionTiers: [RetentionTier], pricing: Pricing, alerting: AlertingSettings,
        grafana: GrafanaSettings
    ) {
        self.name = name
        self.prometheus = prometheus
        self.regions = regions
        self.global = global
        self.retentionTiers = retentionTiers
        self.pricing = pricing
        self.alerting = alerting
        self.grafana = grafana
    }
}

public struct PrometheusSettings: Sendable, Hashable {
    /// The oldest Prometheus the output must load on, e.g. `2.42`.
    public var version: PrometheusVersion
    public var scrapeInterval: PromDuration
    public var evaluationInterval: PromDuration
    public var seriesPerShard: Int
    /// `--storage.tsdb.retention.time` of every shard (or the only Prometheus); nil = the longest `local`
    /// retention of the tiers it serves.
    public var retention: PromDuration?

    public init(
        version: PrometheusVersion, scrapeInterval: PromDuration, evaluationInterval: PromDuration,
        seriesPerShard: Int, retention: PromDuration? = nil
    ) {
        self.version = version
        self.scrapeInterval = scrapeInterval
        self.evaluationInterval = evaluationInterval
        self.seriesPerShard = seriesPerShard
        self.retention = retention
    }
}

/// `major.minor` of Prometheus; only the config keys this version accepts are written.
public struct PrometheusVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b >= 0,
            parts.count == 2 || Int(parts[2]) != nil
        else { return nil }
        major = a
        minor = b
    }

    public var description: String { "\(major).\(minor)" }
    public static func < (l: Self, r: Self) -> Bool { (l.major, l.minor) < (r.major, r.minor) }
}

public struct Region: Sendable, Hashable {
    public var name: String
    public var shards: ShardCount
    /// Address pattern of the region's Prometheus servers, `{shard}` replaced by 0…n-1.
    public var address: String?
    /// Identical Prometheus servers per shard (HA); `{replica}` in `address` is their number 0…n-1.
    public var replicas: Int

    public static let replicaPlaceholder = "{replica}"

    public init(name: String, shards: ShardCount, address: String?, replicas: Int = 1) {
        self.name = name
        self.shards = shards
        self.address = address
        self.replicas = replicas
    }

    /// `address` (a shard's, `{shard}` filled in) of each replica; one server is replica 0.
    public static func replicaAddresses(_ address: String, replicas: Int) -> [String] {
        guard replicas > 1 else { return [address.replacingOccurrences(of: replicaPlaceholder, with: "0")] }
        return (0..<replicas).map { address.replacingOccurrences(of: replicaPlaceholder, with: String($0)) }
    }
}

public enum ShardCount: Sendable, Hashable {
    case fixed(Int)
    case auto
}

public enum GlobalMode: String, Sendable, Hashable, CaseIterable {
    case federation, thanos, mimir
}

public struct GlobalSettings: Sendable, Hashable {
    public var mode: GlobalMode
    public var address: String?
    /// Retention of the global Prometheus (federation), which holds only aggregates; nil = the platform's.
    public var retention: PromDuration?
    /// Where the Thanos components find their bucket, data and each other (`spec.global.thanos`).
    public var thanos: ThanosSettings
    /// How shards authenticate their remote_write to Mimir (`spec.global.mimir`).
    public var mimir = MimirSettings()

    public init(mode: GlobalMode, address: String?, retention: PromDuration? = nil, thanos: ThanosSettings = ThanosSettings()) {
        self.mode = mode
        self.address = address
        self.retention = retention
        self.thanos = thanos
    }
}

/// `spec.global.mimir`: remote_write authentication and TLS; secrets are files, never values.
public struct MimirSettings: Sendable, Hashable {
    public struct BasicAuth: Sendable, Hashable {
        public var username: String
        public var passwordFile: String
        public init(username: String, passwordFile: String) {
            self.username = username
            self.passwordFile = passwordFile
        }
    }
    public struct OAuth2: Sendable, Hashable {
        public var clientID: String
        public var clientSecretFile: String
        public var tokenURL: String
        public init(clientID: String, clientSecretFile: String, tokenURL: String) {
            self.clientID = clientID
            self.clientSecretFile = clientSecretFile
            self.tokenURL = tokenURL
        }
    }
    public struct TLS: Sendable, Hashable {
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        public var serverName: String?
        public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.serverName = serverName
        }
    }
    public var bearerTokenFile: String?
    public var basicAuth: BasicAuth?
    public var oauth2: OAuth2?
    /// nil = plain HTTP.
    public var tls: TLS?
    public init() {}
}

/// `spec.global.thanos`: what the Thanos argument files need beyond the catalog's topology. Defaults are
/// documented in docs/catalog.md (Schema+Platform.swift); the object-store configs are secrets, so only
/// their paths are ever written.
public struct ThanosSettings: Sendable, Hashable {
    /// The bucket configuration shared by sidecars, ruler, store gateway and the shared compactor.
    public var objstoreConfigFile: String
    /// One tier's bucket configuration, for `compact-<tier>.args`; `{tier}` becomes the tier name.
    public var tierObjstoreConfigFile: String
    /// Each component keeps its local data in `<dataDir>/<component>`.
    public var dataDir: String
    /// The external label that tells HA replicas apart; the querier deduplicates on it.
    public var replicaLabel: String
    /// gRPC addresses (host:port) of the store gateway and the ruler, endpoints of the querier.
    public var storeAddress: String
    public var ruleAddress: String
    /// The port of each shard's sidecar gRPC endpoint (on the shard's host).
    public var sidecarPort: Int
    /// How each sidecar reaches the Prometheus beside it (`--prometheus.url`).
    public var prometheusURL = "http://localhost:9090"
    /// Identical rulers (HA); `{replica}` in `ruleAddress` is their number 0…n-1.
    public var rulerReplicas = 1

    public static let tierPlaceholder = "{tier}"

    public init(
        objstoreConfigFile: String = "/etc/thanos/objstore.yml",
        tierObjstoreConfigFile: String = "/etc/thanos/objstore-{tier}.yml",
        dataDir: String = "/var/thanos", replicaLabel: String = "replica",
        storeAddress: String = "thanos-store:10901", ruleAddress: String = "thanos-rule:10901",
        sidecarPort: Int = 10901
    ) {
        self.objstoreConfigFile = objstoreConfigFile
        self.tierObjstoreConfigFile = tierObjstoreConfigFile
        self.dataDir = dataDir
        self.replicaLabel = replicaLabel
        self.storeAddress = storeAddress
        self.ruleAddress = ruleAddress
        self.sidecarPort = sidecarPort
    }
}

public struct RetentionTier: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// How long each Prometheus keeps raw data on its own disk.
    public var local: PromDuration
    /// Long-term raw, 5-minute and 1-hour downsampled retention (Thanos/Mimir); nil = not kept.
    public var raw: PromDuration?
    public var downsampled5m: PromDuration?
    public var downsampled1h: PromDuration?
    public var logs: PromDuration?

    public init(
        name: String, description: String?, local: PromDuration, raw: PromDuration?,
        downsampled5m: PromDuration?, downsampled1h: PromDuration?, logs: PromDuration?
    ) {
        self.name = name
        self.description = description
        self.local = local
        self.raw = raw
        self.downsampled5m = downsampled5m
        self.downsampled1h = downsampled1h
        self.logs = logs
    }

    /// The longest span over which metrics of this tier can be read at any resolution.
    public var longestMetrics: PromDuration {
        [local, raw, downsampled5m, downsampled1h].compactMap { $0 }.max() ?? local
    }
}

public struct Pricing: Sendable, Hashable {
    public var currency: String
    public var perThousandSeriesMonth: ExactDecimal
    public var perGBLogsIngested: ExactDecimal
    public var perGBLogsStoredMonth: ExactDecimal

    public init(
        currency: String, perThousandSeriesMonth: ExactDecimal, perGBLogsIngested: ExactDecimal,
        perGBLogsStoredMonth: ExactDecimal
    ) {
        self.currency = currency
        self.perThousandSeriesMonth = perThousandSeriesMonth
        self.perGBLogsIngested = perGBLogsIngested
        self.perGBLogsStoredMonth = perGBLogsStoredMonth
    }

    public static let defaults = Pricing(
        currency: "USD", perThousandSeriesMonth: ExactDecimal("6.50")!,
        perGBLogsIngested: ExactDecimal("0.50")!,
        perGBLogsStoredMonth: ExactDecimal("0.10")!)
}

public struct AlertingSettings: Sendable, Hashable {
    /// The burn-rate table as written (per 30d base); each SLO gets factors for its own window.
    public var burnRateWindows: [BurnRateWindowSpec]
    public var burnRateTableName: String?
    public var minEventsPerHour: ExactDecimal
    /// The team that owns the monitoring itself (self-monitoring alerts and unrouted alerts go there).
    public var owner: String?
    /// The oldest Alertmanager the generated config must load on.
    public var alertmanagerVersion: PrometheusVersion = PrometheusVersion(major: 0, minor: 25)
    /// Mail server settings for email receivers (Alertmanager `global.smtp_*`).
    public var smtp: SMTPSettings?
    /// Alertmanager addresses (`host:port`) the Prometheus servers that evaluate alerts send them to.
    public var alertmanagers: [String] = []

    public init(
        burnRateWindows: [BurnRateWindowSpec], burnRateTableName: String?, minEventsPerHour: ExactDecimal,
        owner: String? = nil
    ) {
        self.burnRateWindows = burnRateWindows
        self.burnRateTableName = burnRateTableName
        self.minEventsPerHour = minEventsPerHour
        self.owner = owner
    }
}

public struct SMTPSettings: Sendable, Hashable {
    public var smarthost: String
    public var from: String
    public var authUsername: String?
    public var authPasswordFile: String?
    public var requireTLS: Bool

    public init(smarthost: String, from: String, authUsername: String?, authPasswordFile: String?, requireTLS: Bool) {
        self.smarthost = smarthost
        self.from = from
        self.authUsername = authUsername
        self.authPasswordFile = authPasswordFile
        self.requireTLS = requireTLS
    }
}

public struct GrafanaSettings: Sendable, Hashable {
    /// Base URL of Grafana, for dashboard links in alert annotations; nil = no links.
    public var url: String?

    public init(url: String?) { self.url = url }
}
