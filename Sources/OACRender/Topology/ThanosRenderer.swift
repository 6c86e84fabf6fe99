import Foundation
import OACModel
import OACOutput

/// Thanos settings when `global.mode: thanos`: shards keep their prometheus.yml (a sidecar beside each uploads
/// its blocks and serves its recent data), a Thanos ruler evaluates the SLO rules against the querier and sends
/// alerts to the catalog's Alertmanagers, a store gateway serves the bucket, the querier fans out to all of
/// them and deduplicates replicas, and the compactor enforces retention (one per tier bucket, or one for a
/// shared bucket).
///
/// Every file is one flag per line, so `thanos $(cat file)` works: the shell splits words without removing
/// quotes, so `--label=name="value"` reaches Thanos with the quotes its label parser wants. Every flag a
/// component cannot work without is written (docs/topology.md#thanos-globalmode-thanos); the object-store
/// configurations are secrets and only their paths appear.
public enum ThanosRenderer {
    public static func render(_ model: Model, topology: Topology, ruleFiles: [String]) -> [OutputFile] {
        let t = model.platform.global?.thanos ?? ThanosSettings()
        var files: [OutputFile] = []
        func file(_ name: String, _ flags: [String]) {
            files.append(OutputFile(path: "\(Conventions.thanosFolder)/\(name).args", contents: flags.joined(separator: "\n") + "\n"))
        }
        let used = Set(model.services.map(\.tier))
        let tiers = model.platform.retentionTiers.filter { used.contains($0.name) }
        for tier in tiers {
            let bucket = t.tierObjstoreConfigFile.replacingOccurrences(of: ThanosSettings.tierPlaceholder, with: tier.name)
            file(
                "compact-\(tier.name)",
                [
                    "compact", "--wait", "--objstore.config-file=\(bucket)",
                    "--data-dir=\(t.dataDir)/compact-\(tier.name)"
                ] + ThanosRetention(tier).flags)
        }
        if let shared = ThanosRetention.longest(tiers.map(ThanosRetention.init)) {
            file(
                "compact",
                [
                    "compact", "--wait", "--objstore.config-file=\(t.objstoreConfigFile)",
                    "--data-dir=\(t.dataDir)/compact"
                ] + shared.flags)
        }
        file("query", query(model, topology: topology, t))
        if t.rulerReplicas > 1 {
            for replica in 0..<t.rulerReplicas { file("rule-\(replica)", rule(model, ruleFiles: ruleFiles, t, replica: replica)) }
        } else {
            file("rule", rule(model, ruleFiles: ruleFiles, t, replica: nil))
        }
        // Sidecars upload 2h blocks, so each shard's Prometheus runs with
        // --storage.tsdb.min-block-duration=2h --storage.tsdb.max-block-duration=2h (docs/topology.md).
        file(
            "sidecar",
            [
                "sidecar", "--prometheus.url=\(t.prometheusURL)", "--tsdb.path=/prometheus",
                "--objstore.config-file=\(t.objstoreConfigFile)", "--grpc-address=0.0.0.0:\(t.sidecarPort)"
            ])
        file(
            "store",
            [
                "store", "--objstore.config-file=\(t.objstoreConfigFile)", "--data-dir=\(t.dataDir)/store",
                "--grpc-address=0.0.0.0:\(port(t.storeAddress))"
            ])
        return files
    }

    /// The ruler: evaluates the global rules through the querier (`global.address`), keeps its blocks in the
    /// bucket, labels its series (and tells a replica apart, whose label alerts drop so that Alertmanager
    /// deduplicates the pair's notifications) and sends alerts to every Alertmanager of the catalog.
    /// With several rulers (`rulerReplicas`), ruler n keeps its data in `<dataDir>/rule-<n>` and labels its series
    /// `replica="<n>"`: the querier deduplicates the pair's records, Alertmanager their alerts.
    static func rule(_ model: Model, ruleFiles: [String], _ t: ThanosSettings, replica: Int?) -> [String] {
        let dataDir = replica.map { "\(t.dataDir)/rule-\($0)" } ?? "\(t.dataDir)/rule"
        var rule = [
            "rule", "--data-dir=\(dataDir)", "--eval-interval=\(model.platform.prometheus.evaluationInterval)",
            "--objstore.config-file=\(t.objstoreConfigFile)", "--grpc-address=0.0.0.0:\(port(t.ruleAddress))"
        ]
        if let query = model.platform.global?.address { rule.append("--query=\(query)") }
        rule += model.platform.alerting.alertmanagers.map { "--alertmanagers.url=http://\($0)" }
        rule.append("--label=\(Conventions.thanosRulerLabel)=\"\(model.platform.name)\"")
        rule.append("--label=\(t.replicaLabel)=\"\(replica ?? 0)\"")
        rule.append("--alert.label-drop=\(t.replicaLabel)")
        // Paths relative to the output folder: run the ruler from there (or mount it as its working folder).
        rule += ruleFiles.map { "--rule-file=\(Conventions.globalFolder)/\($0)" }
        return rule
    }

    /// The querier: one endpoint per shard's sidecar (the shard's host, the sidecar port), the store gateway and
    /// the ruler; it deduplicates on the replica label.
    static func query(_ model: Model, topology: Topology, _ t: ThanosSettings) -> [String] {
        var query = ["query"]
        for shard in topology.shards {
            guard let address = shard.address else { continue }
            let replicas = model.platform.regions.first { $0.name == shard.region }?.replicas ?? 1
            for replica in Region.replicaAddresses(address, replicas: replicas) {
                query.append("--endpoint=\(host(replica)):\(t.sidecarPort)")
            }
        }
        query.append("--endpoint=\(t.storeAddress)")
        query += Region.replicaAddresses(t.ruleAddress, replicas: t.rulerReplicas).map { "--endpoint=\($0)" }
        query.append("--query.replica-label=\(t.replicaLabel)")
        return query
    }

    /// `host` of `host:port` (the catalog checks addresses have a port).
    static func host(_ address: String) -> Substring {
        address.lastIndex(of: ":").map { address[..<$0] } ?? address[...]
    }

    static func port(_ address: String) -> Substring {
        address.lastIndex(of: ":").map { address[address.index(after: $0)...] } ?? "10901"
    }
}
