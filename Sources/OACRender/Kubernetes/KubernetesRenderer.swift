import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// The `kubernetes/` tree when the Platform sets `spec.kubernetes`: Prometheus Operator resources a GitOps
/// repository applies as they are (`kubectl apply -k kubernetes/`, Argo CD, Flux).
/// - `PrometheusRule` per service holding exactly the rule groups of the plain rule files: one resource on a
///   single Prometheus; on a sharded platform one SLI resource per region (label `oac.dev/evaluator: <region>`)
///   and one SLO resource (`oac.dev/evaluator: global`), so each Prometheus selects what it must evaluate;
/// - the self-monitoring rules;
/// - `PodMonitor` (role pod), `ServiceMonitor` (role endpoints) or `ScrapeConfig` (static, file, role service)
///   per service with targets, from its scrape settings; the job label is the service's `job`;
/// - `AlertmanagerConfig` per team with a route (KubernetesRenderer+Alertmanager.swift);
/// - the dashboards as sidecar ConfigMaps or grafana-operator resources (KubernetesRenderer+Grafana.swift);
/// - with `spec.kubernetes.prometheus`, the `Prometheus` resources (KubernetesRenderer+Prometheus.swift) and the
///   ScrapeConfigs of the self-monitoring jobs `prometheus` and `alertmanager` (KubernetesRenderer+SelfScrape.swift);
/// - `kustomization.yaml` listing them all.
/// Every resource carries `spec.kubernetes.labels` (the selectors of the platform's Prometheus).
public enum KubernetesRenderer: Renderer {
    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        [RenderJob { render(input.model, estimate: input.estimate.value) }]
    }

    public static func render(_ model: Model, estimate: CostEstimate) -> [OutputFile] {
        guard let k8s = model.platform.kubernetes else { return [] }
        let topology = Topology.plan(model, estimate: estimate)
        var files: [OutputFile] = []
        for service in model.services {
            let rules = SLORules(model: model, service: service)
            if !service.slos.isEmpty {
                if topology.isSingle {
                    files.append(rule(k8s, name: service.name, evaluator: nil, groups: [rules.sliGroup()] + rules.sloGroups()))
                } else {
                    for region in service.regions {
                        files.append(rule(k8s, name: "\(service.name)-sli-\(region)", evaluator: region, groups: [rules.sliGroup()]))
                    }
                    files.append(rule(k8s, name: "\(service.name)-slo", evaluator: Conventions.globalEvaluator, groups: rules.sloGroups()))
                }
            }
            if service.targets.isPerRegion && !topology.isSingle {
                // Each region's Prometheus selects the resource holding that region's targets only.
                for region in service.regions {
                    var scraped = service
                    scraped.targets = service.targets.scraped(in: region)
                    let labels = [(Conventions.regionMonitorLabel(region), "true")]
                    if let monitor = monitor(k8s, scraped, labels: labels, name: Conventions.regionMonitorName(service: service.name, region: region)) {
                        files.append(monitor)
                    }
                }
            } else {
                var scraped = service
                scraped.targets = service.targets.scraped(in: topology.isSingle ? topology.shards.first?.region : nil)
                let regionLabels = topology.isSingle ? [] : service.regions.map { (Conventions.regionMonitorLabel($0), "true") }
                if let monitor = monitor(k8s, scraped, labels: regionLabels, name: service.name) { files.append(monitor) }
            }
        }
        files.append(
            rule(
                k8s, name: "oac-self-monitoring", evaluator: topology.isSingle ? nil : Conventions.globalEvaluator,
                groups: [SelfMonitoringRules.group(model)]))
        files += alertmanagerConfigs(k8s, model)
        files += dashboardResources(k8s, model)
        files += prometheusResources(k8s, model, topology)
        files += selfScrapeConfigs(k8s, model, topology)
        files.sort { $0.path < $1.path }
        var y = YAMLBuilder()
        y.line(0, "apiVersion: kustomize.config.k8s.io/v1beta1")
        y.line(0, "kind: Kustomization")
        y.line(0, "resources:")
        for f in files { y.scalar(2, "- ", String(f.path.dropFirst(Conventions.kubernetesFolder.count + 1))) }
        files.append(OutputFile(path: Conventions.kustomizationFile, contents: y.text))
        return files
    }

    // MARK: - Metadata

    /// `metadata` of a resource `consumer` reads: the platform's labels, that consumer's selector labels,
    /// `app.kubernetes.io/managed-by: oac` and `extra`.
    static func metadata(
        _ y: inout YAMLBuilder, _ k8s: KubernetesSettings, name: String, consumer: KubernetesConsumer?,
        extra: [(String, String)] = [], annotations: [(String, String)] = []
    ) {
        y.line(0, "metadata:")
        y.field(2, "name", name)
        y.field(2, "namespace", k8s.namespace)
        if !annotations.isEmpty { y.map(2, "annotations", annotations) }
        var labels = consumer.map(k8s.labels(for:)) ?? k8s.labels
        labels[Conventions.managedByLabel] = Conventions.managedByValue
        for (k, v) in extra { labels[k] = v }
        y.map(2, "labels", labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    // MARK: - Rules

    static func rule(_ k8s: KubernetesSettings, name: String, evaluator: String?, groups: [RuleGroup]) -> OutputFile {
        var y = YAMLBuilder()
        y.line(0, "apiVersion: monitoring.coreos.com/v1")
        y.line(0, "kind: PrometheusRule")
        metadata(&y, k8s, name: name, consumer: .rules, extra: evaluator.map { [(Conventions.evaluatorLabel, $0)] } ?? [])
        y.line(0, "spec:")
        // The plain rule file's groups, two spaces deeper: the same text Prometheus loads from the rule files.
        let text = String(decoding: RuleFileRenderer.renderUTF8(groups), as: UTF8.self)
        var started = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !started { started = line == "groups:" }
            guard started else { continue }
            if line.isEmpty { y.append("\n") } else { y.line(2, String(line)) }
        }
        return OutputFile(path: "\(Conventions.kubernetesFolder)/rules/\(name).yaml", contents: trimmed(y.text))
    }

    /// One newline at the end.
    static func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix("\n\n") { s.removeLast() }
        return s
    }

    /// The body of a Kubernetes label selector at indent 4 (`matchLabels`, `matchExpressions`; `matchLabels: {}`
    /// when it selects everything), under a key the caller wrote at indent 2.
    static func labelSelector(_ y: inout YAMLBuilder, _ sel: KubernetesLabelSelector) {
        if sel.matchLabels.isEmpty && sel.expressions.isEmpty { y.line(4, "matchLabels: {}") }
        if !sel.matchLabels.isEmpty {
            y.line(4, "matchLabels:")
            for (key, value) in sel.matchLabels { y.pair(6, key, value) }
        }
        if !sel.expressions.isEmpty {
            y.line(4, "matchExpressions:")
            for e in sel.expressions {
                y.scalar(6, "- key: ", e.key)
                y.line(8, "operator: \(e.op)")
                if !e.values.isEmpty {
                    y.line(8, "values:")
                    for v in e.values { y.scalar(10, "- ", v) }
                }
            }
        }
    }
}
