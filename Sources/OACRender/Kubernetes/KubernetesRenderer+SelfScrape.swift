import Foundation
import OACModel
import OACOutput
import OACSupport

/// The self-monitoring scrapes on Kubernetes, with `spec.kubernetes.prometheus`: the operator's Prometheus does not
/// scrape itself, so without these the self-monitoring alerts (`OACPrometheusDown` on `up{job="prometheus"}`, the
/// rule-evaluation, slow-group and cardinality alerts on the servers' own metrics, and the Alertmanager alert)
/// could never fire. Each is a `ScrapeConfig` (monitoring.coreos.com/v1alpha1) that is a job of the plain
/// `prometheus.yml` of the server that evaluates the self-monitoring rules:
/// - the `prometheus` job (`jobName`: the operator names the scrape job `scrapeConfig/<namespace>/<name>` and
///   sets the `job` label to `jobName` by a relabeling, so several resources may share it), one resource per
///   `Prometheus` resource `<p>`, `oac.prometheus.<p>`: for a region, static targets on every pod of its shards
///   (labelled `region` and `shard` as the federation labels them); the global's or the single one's own pods;
/// - the `alertmanager` job (`oac.alertmanager.all`): `spec.alerting.alertmanagers`.
///
/// Static targets, not service discovery: a shard whose pod is gone stays a target with `up` 0, where a
/// discovered target would vanish and `up{job="prometheus"} == 0` would never hold. The names hold two dots,
/// which no service's scrape resource (`<service>`, `<service>.<region>`) can.
///
/// Who selects them is the plain layout's: on a federation the global Prometheus (label `oac.dev/scraper:
/// global`, which no region selects, so no shard scrapes itself as well); on a single Prometheus the `oac`
/// Prometheus (it selects every scrape resource); with Thanos or Mimir each region's Prometheus selects its own
/// (`region.oac.dev/<region>`; the operator's hashmod gives every pod to one shard of the region) and the first
/// region's scrapes the Alertmanagers, as the first shard does outside Kubernetes.
extension KubernetesRenderer {
    static func selfScrapeConfigs(_ k8s: KubernetesSettings, _ model: Model, _ topology: Topology) -> [OutputFile] {
        guard k8s.prometheus else { return [] }
        let federated = Topology.isFederated(model.platform)
        var files: [OutputFile] = []
        func selection(region: String?) -> [(String, String)] {
            if topology.isSingle { return [] }
            if federated { return [(Conventions.scraperLabel, Conventions.globalEvaluator)] }
            return region.map { [(Conventions.regionMonitorLabel($0), "true")] } ?? []
        }
        func pods(_ prometheus: String, shard: Int, replicas: Int) -> [String] {
            (0..<max(1, replicas)).map {
                Conventions.prometheusOperatorAddress(prometheus, shard: shard, replica: $0, namespace: k8s.namespace)
            }
        }
        if topology.isSingle {
            let replicas = model.platform.regions.first?.replicas ?? 1
            let targets = pods(Conventions.kubernetesSinglePrometheus, shard: 0, replicas: replicas)
            files.append(
                scrapeConfig(
                    k8s, model, job: Conventions.selfScrapeJob, scope: Conventions.kubernetesSinglePrometheus, selection: [],
                    groups: [(targets, [])]))
        } else {
            for region in model.platform.regions {
                let shards = topology.shards.filter { $0.region == region.name }.sorted { $0.index < $1.index }
                guard !shards.isEmpty else { continue }
                let prometheus = Conventions.kubernetesRegionPrometheus(region.name)
                let groups = shards.map { shard in
                    (
                        pods(prometheus, shard: shard.index, replicas: region.replicas),
                        [(Conventions.regionLabel, region.name), (Conventions.shardLabel, String(shard.index))]
                    )
                }
                files.append(
                    scrapeConfig(k8s, model, job: Conventions.selfScrapeJob, scope: prometheus, selection: selection(region: region.name), groups: groups))
            }
            if federated {
                let targets = pods(Conventions.kubernetesGlobalPrometheus, shard: 0, replicas: 1)
                files.append(
                    scrapeConfig(
                        k8s, model, job: Conventions.selfScrapeJob, scope: Conventions.kubernetesGlobalPrometheus, selection: selection(region: nil),
                        groups: [(targets, [])]))
            }
        }
        // The Alertmanagers' own metrics, once, where the plain layout scrapes them.
        var seen = Set<String>()
        let alertmanagers = model.platform.alerting.alertmanagers.filter { seen.insert($0).inserted }
        let firstRegion = topology.shards.first?.region
        if !alertmanagers.isEmpty && (topology.isSingle || federated || firstRegion != nil) {
            files.append(
                scrapeConfig(
                    k8s, model, job: Conventions.alertmanagerScrapeJob, scope: Conventions.kubernetesAlertmanagersScope,
                    selection: selection(region: firstRegion), groups: [(alertmanagers, [])]))
        }
        return files
    }

    /// `kubernetes/prometheus/self/<job>.<scope>.yaml`: ScrapeConfig `oac.<job>.<scope>`, the plain job `job` on
    /// static targets at the platform's scrape interval.
    static func scrapeConfig(
        _ k8s: KubernetesSettings, _ model: Model, job: String, scope: String, selection: [(String, String)],
        groups: [(targets: [String], labels: [(String, String)])]
    ) -> OutputFile {
        let name = Conventions.kubernetesSelfScrapeName(job: job, scope: scope)
        var y = YAMLBuilder()
        y.line(0, "apiVersion: monitoring.coreos.com/v1alpha1")
        y.line(0, "kind: ScrapeConfig")
        metadata(&y, k8s, name: name, consumer: .monitors, extra: selection)
        y.line(0, "spec:")
        y.field(2, "jobName", job)
        y.raw(2, "scrapeInterval", model.platform.prometheus.scrapeInterval.description)
        y.line(2, "staticConfigs:")
        for group in groups {
            y.line(4, "- targets:")
            for target in group.targets { y.scalar(8, "- ", target) }
            if !group.labels.isEmpty { y.map(6, "labels", group.labels) }
        }
        return OutputFile(path: "\(Conventions.kubernetesFolder)/prometheus/self/\(job).\(scope).yaml", contents: y.text)
    }
}
