import Foundation
import OACModel
import OACOutput
import OACSupport

/// With `spec.kubernetes.prometheus` and `global.mode: thanos`, the `ThanosRuler` (monitoring.coreos.com/v1) that
/// evaluates the SLO rules, as `thanos/rule.args` does outside Kubernetes: it selects exactly the
/// `oac.dev/evaluator: global` PrometheusRules, queries the querier (`global.address`), sends alerts to every
/// Alertmanager of the catalog, keeps its blocks in the bucket (a Secret key reference, never the config) and
/// labels its series `thanos_ruler: <platform>`. The replica label is the operator's own `thanos_ruler_replica`
/// (the pod's name; dropped from alerts), not `spec.global.thanos.replicaLabel`: one value for every pod would make
/// the replicas indistinguishable (docs/kubernetes.md#thanosruler).
extension KubernetesRenderer {
    static func thanosRuler(_ k8s: KubernetesSettings, _ model: Model) -> OutputFile {
        let t = model.platform.global?.thanos ?? ThanosSettings()
        let bucket = Conventions.thanosObjstoreSecret(file: t.objstoreConfigFile)
        var y = YAMLBuilder()
        y.line(0, "apiVersion: monitoring.coreos.com/v1")
        y.line(0, "kind: ThanosRuler")
        metadata(&y, k8s, name: Conventions.thanosRulerResource, consumer: nil)
        y.line(0, "spec:")
        y.raw(2, "replicas", String(t.rulerReplicas))
        y.raw(2, "evaluationInterval", model.platform.prometheus.evaluationInterval.description)
        if let query = model.platform.global?.address {
            y.line(2, "queryEndpoints:")
            y.scalar(4, "- ", query)
        }
        let alertmanagers = model.platform.alerting.alertmanagers
        if !alertmanagers.isEmpty {
            y.line(2, "alertmanagersUrl:")
            for a in alertmanagers { y.scalar(4, "- ", "http://\(a)") }
        }
        y.line(2, "objectStorageConfig:")
        y.field(4, "name", bucket.name)
        y.field(4, "key", bucket.key)
        y.map(2, "labels", [(Conventions.thanosRulerLabel, model.platform.name)])
        selector(&y, "ruleSelector", k8s.labels(for: .rules), extra: [(Conventions.evaluatorLabel, Conventions.globalEvaluator)])
        namespaceSelector(&y, "ruleNamespaceSelector", k8s)
        return OutputFile(path: "\(Conventions.kubernetesFolder)/prometheus/\(Conventions.thanosRulerResource).yaml", contents: y.text)
    }
}
