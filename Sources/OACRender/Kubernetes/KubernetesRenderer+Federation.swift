import Foundation
import OACModel
import OACOutput
import OACSupport

/// The global Prometheus's federation on Kubernetes: per region a `ScrapeConfig` (monitoring.coreos.com/v1alpha1)
/// that is the plain `oac-federate-<region>` job of `prometheus/global/prometheus.yml` — the same job name,
/// `/federate`, `honorLabels`, `match[]` selectors (`Conventions.federateMatches`) and scrape interval — with
/// the region's shards reached as the operator names their pods:
/// `prometheus-oac-<region>[-shard-<n>]-0.prometheus-operated.<namespace>.svc:9090`.
///
/// A federation runs one server per shard (the compiler refuses `replicas` above 1 outside Thanos and Mimir
/// modes, as both replicas' events would be counted), so replica 0 is the shard. The operator's Prometheus
/// carries the same external labels on every shard of a region (`region`, and its own `prometheus`,
/// `prometheus_replica`), where the plain shards carry `region` and `shard`: each target is labelled with its
/// `region` and `shard`, and the operator's two labels are dropped, so the global server holds the very series
/// a plain federation gives it. The global Prometheus selects these on `oac.dev/scraper: global`, which no
/// region's Prometheus selects.
extension KubernetesRenderer {
    static func federationScrapeConfigs(_ k8s: KubernetesSettings, _ model: Model, _ topology: Topology) -> [OutputFile] {
        var files: [OutputFile] = []
        for region in model.platform.regions {
            let shards = topology.shards.filter { $0.region == region.name }
            guard !shards.isEmpty else { continue }
            let name = Conventions.federateJob(region.name)
            let prometheus = Conventions.kubernetesRegionPrometheus(region.name)
            var y = YAMLBuilder()
            y.line(0, "apiVersion: monitoring.coreos.com/v1alpha1")
            y.line(0, "kind: ScrapeConfig")
            metadata(&y, k8s, name: name, consumer: .monitors, extra: [(Conventions.scraperLabel, Conventions.globalEvaluator)])
            y.line(0, "spec:")
            y.field(2, "jobName", name)
            // The plain job's settings: it takes the global scrape interval and Prometheus' default timeout.
            y.raw(2, "scrapeInterval", model.platform.prometheus.scrapeInterval.description)
            y.raw(2, "honorLabels", "true")
            y.field(2, "metricsPath", "/federate")
            y.line(2, "params:")
            y.line(4, "match[]:")
            for match in Conventions.federateMatches { y.scalar(6, "- ", match) }
            y.line(2, "staticConfigs:")
            for shard in shards.sorted(by: { $0.index < $1.index }) {
                let address = Conventions.prometheusOperatorAddress(prometheus, shard: shard.index, replica: 0, namespace: k8s.namespace)
                y.line(4, "- targets:")
                y.scalar(8, "- ", address)
                y.map(6, "labels", [(Conventions.regionLabel, region.name), (Conventions.shardLabel, String(shard.index))])
            }
            y.line(2, "metricRelabelings:")
            y.line(4, "- action: labeldrop")
            y.field(6, "regex", Conventions.prometheusOperatorExternalLabels.joined(separator: "|"))
            files.append(OutputFile(path: "\(Conventions.kubernetesFolder)/prometheus/federation/\(region.name).yaml", contents: y.text))
        }
        return files
    }
}
