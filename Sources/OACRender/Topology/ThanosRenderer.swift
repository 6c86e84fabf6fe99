import Foundation
import OACModel
import OACOutput

/// Thanos settings when `global.mode: thanos`: shards keep their prometheus.yml (a sidecar uploads their
/// blocks), a Thanos ruler evaluates the SLO rules against the querier, and the compactor enforces retention.
public enum ThanosRenderer {
    public static func render(_ model: Model, topology: Topology, ruleFiles: [String]) -> [OutputFile] {
        var files: [OutputFile] = []
        let used = Set(model.services.map(\.tier))
        let tiers = model.platform.retentionTiers.filter { used.contains($0.name) }
        // One flag per line, so `thanos compact $(cat file)` works; explanations live in docs/topology.md.
        for tier in tiers {
            files.append(OutputFile(path: "\(Conventions.thanosFolder)/compact-\(tier.name).args",
                                    contents: (["compact", "--wait"] + ThanosRetention(tier).flags).joined(separator: "\n") + "\n"))
        }
        if let shared = ThanosRetention.longest(tiers.map(ThanosRetention.init)) {
            files.append(OutputFile(path: "\(Conventions.thanosFolder)/compact.args",
                                    contents: (["compact", "--wait"] + shared.flags).joined(separator: "\n") + "\n"))
        }
        var rule = ["rule", "--eval-interval=\(model.platform.prometheus.evaluationInterval)"]
        if let query = model.platform.global?.address { rule.append("--query=\(query)") }
        // Paths relative to the output folder: run the ruler from there (or mount it as its working folder).
        rule += ruleFiles.map { "--rule-file=\(Conventions.globalFolder)/\($0)" }
        files.append(OutputFile(path: "\(Conventions.thanosFolder)/rule.args", contents: rule.joined(separator: "\n") + "\n"))
        // Sidecars upload 2h blocks, so each shard's Prometheus runs with
        // --storage.tsdb.min-block-duration=2h --storage.tsdb.max-block-duration=2h (docs/topology.md).
        let sidecar = ["sidecar", "--prometheus.url=http://localhost:9090", "--tsdb.path=/prometheus",
                       "--objstore.config-file=/etc/thanos/objstore.yml"]
        files.append(OutputFile(path: "\(Conventions.thanosFolder)/sidecar.args", contents: sidecar.joined(separator: "\n") + "\n"))
        return files
    }
}
