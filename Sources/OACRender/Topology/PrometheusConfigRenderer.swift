import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// Writes `prometheus.yml` for each server of the topology: a shard (scrape jobs of its region with hashmod
/// sharding, SLI rules), the global server (federation of the SLI aggregates, SLO rules, monitoring of the
/// shards) or the single Prometheus (everything). Only keys the platform's oldest Prometheus accepts.
public struct PrometheusConfigRenderer {
    public let model: Model
    public let topology: Topology
    /// Services by name: every shard looks its services up (a linear search each would be quadratic).
    let servicesByName: [String: Service]

    public init(model: Model, topology: Topology) {
        self.model = model
        self.topology = topology
        servicesByName = Dictionary(model.services.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// `remote_write.headers` exists since Prometheus 2.25.
    static let remoteWriteHeadersSince = PrometheusVersion(major: 2, minor: 25)
    /// Listen address assumed when the catalog gives none.
    static let defaultSelfAddress = "localhost:9090"

    // MARK: - Servers

    public func shard(_ shard: Topology.Shard, ruleFiles: [String]) -> String {
        var y = YAMLBuilder()
        retentionComment(
            &y, shard.retention,
            why: model.platform.prometheus.retention == nil
                ? "the longest local retention of the tiers scraped here" : "spec.prometheus.retention")
        global(&y, external: externalLabels(shard))
        // Only a server that evaluates alerting rules (the single Prometheus) talks to Alertmanager.
        if topology.isSingle { alerting(&y) }
        ruleFileList(&y, ruleFiles)
        if case .global(.mimir) = topology.layout { remoteWrite(&y) }
        y.line(0, "scrape_configs:")
        // An HA pair's members scrape each other too: both keep the pair's `up`, whichever survives.
        selfScrape(&y, targets: shard.address.map { Region.replicaAddresses($0, replicas: replicas(shard)) } ?? [Self.defaultSelfAddress])
        // With Thanos or Mimir the rulers read what the shards hold: the first shard scrapes the Alertmanagers.
        if topology.isSingle || (!Topology.isFederated(model.platform) && shard == topology.shards.first) { alertmanagerScrape(&y) }
        for service in services(shard) { scrapeJob(&y, service, shard: shard) }
        return y.text
    }

    /// The global Prometheus of a federation platform.
    public func global(ruleFiles: [String]) -> String {
        var y = YAMLBuilder()
        retentionComment(&y, topology.globalRetention, why: "the SLO history; only aggregates live here")
        global(&y, external: [])
        alerting(&y)
        ruleFileList(&y, ruleFiles)
        y.line(0, "scrape_configs:")
        // The global server watches every shard's own metrics: a silent shard must page (self-monitoring rules).
        selfScrape(&y, targets: [topology.globalAddress ?? Self.defaultSelfAddress] + topology.shards.compactMap(\.address))
        alertmanagerScrape(&y)
        for region in model.platform.regions {
            let addresses = topology.shards.filter { $0.region == region.name }.compactMap(\.address)
            guard !addresses.isEmpty else { continue }
            y.line(2, "- job_name: \(YAMLText.string(Conventions.federateJob(region.name)))")
            // Shards' external labels (region, shard) arrive on every series and must be kept as they are.
            y.line(4, "honor_labels: true")
            y.line(4, "metrics_path: /federate")
            y.line(4, "params:")
            y.line(6, "match[]:")
            for match in Conventions.federateMatches { y.line(8, "- \(YAMLText.string(match))") }
            staticTargets(&y, addresses)
        }
        return y.text
    }

    // MARK: - Sections

    func retentionComment(_ y: inout YAMLBuilder, _ retention: PromDuration, why: String) {
        y.line(0, "# Start with --storage.tsdb.retention.time=\(retention) (\(why)).")
    }

    func global(_ y: inout YAMLBuilder, external: [(String, String)]) {
        let p = model.platform.prometheus
        y.line(0, "global:")
        y.raw(2, "scrape_interval", p.scrapeInterval.description)
        y.raw(2, "evaluation_interval", p.evaluationInterval.description)
        y.map(2, "external_labels", external)
    }

    func externalLabels(_ shard: Topology.Shard) -> [(String, String)] {
        guard let region = shard.region else { return [] }
        if topology.isSingle { return [(Conventions.regionLabel, region)] }
        var labels = [(Conventions.regionLabel, region), (Conventions.shardLabel, String(shard.index))]
        // Both members of an HA pair load this file; each expands ${REPLICA} from its environment
        // (--enable-feature=expand-external-labels), so the Thanos querier can tell them apart and deduplicate.
        // Mimir's HA tracker keeps one member of each pair (`cluster`) and drops the member label (`__replica__`).
        if replicas(shard) > 1, case .global(.mimir) = topology.layout {
            labels.append((Conventions.mimirClusterLabel, "\(region)-\(shard.index)"))
            labels.append((Conventions.mimirReplicaLabel, Conventions.replicaEnvironmentReference))
            labels.sort { $0.0 < $1.0 }
        } else if replicas(shard) > 1, let label = model.platform.global?.thanos.replicaLabel {
            labels.append((label, Conventions.replicaEnvironmentReference))
            labels.sort { $0.0 < $1.0 }
        }
        return labels
    }

    /// How many identical servers run this shard (its region's `replicas`).
    func replicas(_ shard: Topology.Shard) -> Int {
        model.platform.regions.first { $0.name == shard.region }?.replicas ?? 1
    }

    /// `alerting.alertmanagers` from `spec.alerting.alertmanagers`.
    func alerting(_ y: inout YAMLBuilder) {
        let targets = model.platform.alerting.alertmanagers
        guard !targets.isEmpty else { return }
        y.line(0, "alerting:")
        y.line(2, "alertmanagers:")
        y.line(4, "- static_configs:")
        y.line(8, "- targets:")
        for t in targets { y.line(12, "- \(YAMLText.string(t))") }
    }

    func ruleFileList(_ y: inout YAMLBuilder, _ files: [String]) {
        guard !files.isEmpty else { return }
        y.line(0, "rule_files:")
        for f in files { y.line(2, "- \(YAMLText.string(f))") }
    }

    /// One `remote_write` per Mimir tenant (`MimirTenancy`): the same endpoint and credentials, the tenant in
    /// `X-Scope-OrgID`, and `write_relabel_configs` that send each series to exactly one tenant. A Prometheus
    /// older than 2.25 cannot set the header: it writes everything once, to Mimir's default tenant.
    func remoteWrite(_ y: inout YAMLBuilder) {
        guard let address = model.platform.global?.address else { return }
        y.line(0, "remote_write:")
        let m = model.platform.global?.mimir ?? MimirSettings()
        let url = "\(m.tls == nil ? "http" : "https")://\(address)/api/v1/push"
        guard model.platform.prometheus.version >= Self.remoteWriteHeadersSince else {
            y.line(2, "- url: \(YAMLText.string(url))")
            remoteWriteAuth(&y, m)
            return
        }
        let tenancy = MimirTenancy(model)
        for tenant in tenancy.tenants {
            y.line(2, "- url: \(YAMLText.string(url))")
            // The name shows in Prometheus' remote-storage metrics (`remote_name`), one per tenant.
            y.line(4, "name: \(YAMLText.string(tenant.name))")
            y.line(4, "headers:")
            y.line(6, "X-Scope-OrgID: \(YAMLText.string(tenant.name))")
            if let filter = tenancy.writeFilter(tenant) {
                y.line(4, "write_relabel_configs:")
                y.line(6, "- source_labels: [\(Conventions.jobLabel), \(Conventions.serviceLabel)]")
                y.line(8, "regex: \(YAMLText.string(filter.regex))")
                y.line(8, "action: \(filter.action)")
            }
            remoteWriteAuth(&y, m)
        }
    }

    /// Credentials are files on the shard's host: the catalog never holds them.
    func remoteWriteAuth(_ y: inout YAMLBuilder, _ m: MimirSettings) {
        if let file = m.bearerTokenFile {
            y.line(4, "authorization:")
            y.line(6, "type: Bearer")
            y.line(6, "credentials_file: \(YAMLText.string(file))")
        }
        if let b = m.basicAuth {
            y.line(4, "basic_auth:")
            y.line(6, "username: \(YAMLText.string(b.username))")
            y.line(6, "password_file: \(YAMLText.string(b.passwordFile))")
        }
        if let o = m.oauth2 {
            y.line(4, "oauth2:")
            y.line(6, "client_id: \(YAMLText.string(o.clientID))")
            y.line(6, "client_secret_file: \(YAMLText.string(o.clientSecretFile))")
            y.line(6, "token_url: \(YAMLText.string(o.tokenURL))")
        }
        if let t = m.tls {
            let fields = [("ca_file", t.caFile), ("cert_file", t.certFile), ("key_file", t.keyFile), ("server_name", t.serverName)]
                .compactMap { k, v in v.map { (k, $0) } }
            if fields.isEmpty {
                y.line(4, "tls_config: {}")
            } else {
                y.line(4, "tls_config:")
                for (k, v) in fields { y.line(6, "\(k): \(YAMLText.string(v))") }
            }
        }
    }

    func selfScrape(_ y: inout YAMLBuilder, targets: [String]) {
        y.line(2, "- job_name: \(YAMLText.string(Conventions.selfScrapeJob))")
        staticTargets(&y, targets)
    }

    /// The Alertmanagers' `/metrics` (on their API port), for `OACAlertmanagerNotificationsFailing` and the
    /// platform dashboard; none when the catalog lists no Alertmanager.
    func alertmanagerScrape(_ y: inout YAMLBuilder) {
        let targets = model.platform.alerting.alertmanagers
        guard !targets.isEmpty else { return }
        y.line(2, "- job_name: \(YAMLText.string(Conventions.alertmanagerScrapeJob))")
        staticTargets(&y, targets)
    }

    func staticTargets(_ y: inout YAMLBuilder, _ targets: [String]) {
        y.line(4, "static_configs:")
        y.line(6, "- targets:")
        for t in targets { y.line(10, "- \(YAMLText.string(t))") }
    }

    func services(_ shard: Topology.Shard) -> [Service] {
        shard.services.compactMap { servicesByName[$0] }.sorted { $0.job < $1.job }
    }
}
