import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// With `spec.kubernetes.prometheus`, the `Prometheus` resources (monitoring.coreos.com/v1): one per region with
/// the region's `shards` and `replicas` (the operator does the hashmod), selecting the region's SLI rules and
/// monitors; on a federated platform also the global Prometheus, selecting the SLO rules; on a single platform
/// one Prometheus selecting everything oac writes; in Thanos mode a `ThanosRuler` evaluates the SLO rules instead
/// of a global Prometheus (KubernetesRenderer+ThanosRuler.swift). The global federates every region through one
/// `ScrapeConfig` per region, the plain `oac-federate-<region>` job (KubernetesRenderer+Federation.swift).
extension KubernetesRenderer {
    static func prometheusResources(_ k8s: KubernetesSettings, _ model: Model, _ topology: Topology) -> [OutputFile] {
        guard k8s.prometheus else { return [] }
        let p = model.platform.prometheus
        var files: [OutputFile] = []
        func resource(
            name: String, shards: Int, replicas: Int, retention: PromDuration, region: String?,
            evaluator: String?, monitors: String?, federates: Bool = false, single: Bool = false
        ) {
            var y = YAMLBuilder()
            y.line(0, "apiVersion: monitoring.coreos.com/v1")
            y.line(0, "kind: Prometheus")
            metadata(&y, k8s, name: name, consumer: nil)
            y.line(0, "spec:")
            y.raw(2, "shards", String(shards))
            y.raw(2, "replicas", String(replicas))
            y.raw(2, "scrapeInterval", p.scrapeInterval.description)
            y.raw(2, "evaluationInterval", p.evaluationInterval.description)
            y.raw(2, "retention", retention.description)
            if let region { y.map(2, "externalLabels", [(Conventions.regionLabel, region)]) }
            selector(&y, "ruleSelector", k8s.labels(for: .rules), extra: evaluator.map { [(Conventions.evaluatorLabel, $0)] } ?? [])
            namespaceSelector(&y, "ruleNamespaceSelector", k8s)
            if let monitors {
                for kind in ["serviceMonitor", "podMonitor", "scrapeConfig"] {
                    selector(&y, "\(kind)Selector", k8s.labels(for: .monitors), extra: [(monitors, "true")])
                    namespaceSelector(&y, "\(kind)NamespaceSelector", k8s)
                }
            } else if federates {
                // The federation and self-monitoring ScrapeConfigs only (label `oac.dev/scraper: global`), which no
                // region selects.
                selector(&y, "scrapeConfigSelector", k8s.labels(for: .monitors), extra: [(Conventions.scraperLabel, Conventions.globalEvaluator)])
                namespaceSelector(&y, "scrapeConfigNamespaceSelector", k8s)
            } else if single {
                // Every scrape resource oac writes (they carry no region label on a single platform).
                for kind in ["serviceMonitor", "podMonitor", "scrapeConfig"] {
                    selector(&y, "\(kind)Selector", k8s.labels(for: .monitors), extra: [])
                    namespaceSelector(&y, "\(kind)NamespaceSelector", k8s)
                }
            }
            files.append(OutputFile(path: "\(Conventions.kubernetesFolder)/prometheus/\(name).yaml", contents: y.text))
        }
        if topology.isSingle {
            let shard = topology.shards.first
            resource(
                name: Conventions.kubernetesSinglePrometheus, shards: 1, replicas: model.platform.regions.first?.replicas ?? 1,
                retention: shard?.retention ?? topology.globalRetention, region: shard?.region, evaluator: nil, monitors: nil, single: true)
            return files
        }
        for region in model.platform.regions {
            let shards = topology.shards.filter { $0.region == region.name }
            guard let first = shards.first else { continue }
            resource(
                name: Conventions.kubernetesRegionPrometheus(region.name), shards: first.count, replicas: region.replicas, retention: first.retention,
                region: region.name, evaluator: region.name, monitors: Conventions.regionMonitorLabel(region.name))
        }
        if Topology.isFederated(model.platform) {
            resource(
                name: Conventions.kubernetesGlobalPrometheus, shards: 1, replicas: 1, retention: topology.globalRetention, region: nil,
                evaluator: Conventions.globalEvaluator, monitors: nil, federates: true)
            files += federationScrapeConfigs(k8s, model, topology)
        }
        if model.platform.global?.mode == .thanos { files.append(thanosRuler(k8s, model)) }
        return files
    }

    /// `matchLabels`: the consumer's labels, `app.kubernetes.io/managed-by: oac` and `extra`.
    static func selector(_ y: inout YAMLBuilder, _ key: String, _ labels: [String: String], extra: [(String, String)]) {
        var all = labels
        all[Conventions.managedByLabel] = Conventions.managedByValue
        for (k, v) in extra { all[k] = v }
        y.line(2, "\(key):")
        y.map(4, "matchLabels", all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The namespace oac writes to, by its `kubernetes.io/metadata.name` label.
    static func namespaceSelector(_ y: inout YAMLBuilder, _ key: String, _ k8s: KubernetesSettings) {
        y.line(2, "\(key):")
        y.map(4, "matchLabels", [("kubernetes.io/metadata.name", k8s.namespace)])
    }
}
