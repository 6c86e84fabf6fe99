import Foundation
import OACDiagnostics
import OACModel

/// `spec.kubernetes`: the namespace and labels of the `kubernetes/` tree, and what each consumer selects on.
extension DocumentDecoder {
    func kubernetes(_ kf: NodeReader.Fields) -> KubernetesSettings? {
        guard let ns = reader.string(kf, "namespace") else { return nil }
        var ok = Self.isKubernetesName(ns.value) && !ns.value.contains(".")
        if !ok {
            reader.diagnostics.error(
                "`spec.kubernetes.namespace` `\(ns.value)` is not a Kubernetes namespace name", rule: CheckID.invalidName,
                at: ns.location, hint: "at most 63 lower-case letters, digits and `-`")
        }
        var labels: [String: String] = [:]
        for (k, v) in reader.stringMap(kf, "labels") {
            if !Self.isLabelKey(k.value) {
                reader.diagnostics.error(
                    "`\(k.value)` is not a Kubernetes label key", rule: CheckID.invalidName, at: k.location,
                    hint: "such as release or app.kubernetes.io/part-of")
                ok = false
            }
            if !Self.isLabelValue(v.value) {
                reader.diagnostics.error(
                    "`\(v.value)` is not a Kubernetes label value", rule: CheckID.invalidValue, at: v.location,
                    hint: "at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit")
                ok = false
            }
            labels[k.value] = v.value
        }
        var settings = KubernetesSettings(namespace: ns.value, labels: labels)
        if let b = reader.bool(kf, "alertmanagerConfigs") { settings.alertmanagerConfigs = b }
        if let b = reader.bool(kf, "prometheus") { settings.prometheus = b }
        if let dn = reader.value(kf, "dashboards"),
            let df = reader.fields(dn, path: "spec.kubernetes.dashboards", table: Schema.kubernetesDashboards)
        {
            if let d = dashboards(df) { settings.dashboards = d } else { ok = false }
        }
        if let sn = reader.value(kf, "selectors"),
            let sf = reader.fields(sn, path: "spec.kubernetes.selectors", table: Schema.kubernetesSelectors)
        {
            for consumer in KubernetesConsumer.allCases {
                guard let cn = reader.value(sf, consumer.rawValue) else { continue }
                let path = "spec.kubernetes.selectors.\(consumer.rawValue)"
                guard let cf = reader.fields(cn, path: path, table: Schema.kubernetesSelector) else {
                    ok = false
                    continue
                }
                if let selected = consumerSelector(cf, path: path, consumer: consumer, namespace: ns, labels: labels) {
                    settings.selectors[consumer] = selected
                } else {
                    ok = false
                }
            }
        }
        return ok ? settings : nil
    }

    /// `spec.kubernetes.dashboards`: the mode, the folder annotation (a label-key-shaped name) and, for the
    /// grafana-operator, its instance selector.
    func dashboards(_ df: NodeReader.Fields) -> KubernetesDashboards? {
        var d = KubernetesDashboards()
        var ok = true
        if let m = reader.string(df, "mode") {
            if let mode = KubernetesDashboards.Mode(rawValue: m.value) {
                d.mode = mode
            } else {
                invalidChoice(m, path: "spec.kubernetes.dashboards.mode", choices: KubernetesDashboards.Mode.allCases.map(\.rawValue))
                ok = false
            }
        }
        if let a = reader.string(df, "folderAnnotation") {
            if Self.isLabelKey(a.value) {
                d.folderAnnotation = a.value
            } else {
                reader.diagnostics.error(
                    "`spec.kubernetes.dashboards.folderAnnotation` `\(a.value)` is not a Kubernetes annotation key",
                    rule: CheckID.invalidName, at: a.location, hint: "such as grafana_folder")
                ok = false
            }
        }
        if let s = reader.string(df, "instanceSelector") {
            if let parsed = KubernetesLabelSelector(parsing: s.value), !parsed.matchLabels.isEmpty || !parsed.expressions.isEmpty {
                if checkSelectorSyntax(parsed, text: s, path: "spec.kubernetes.dashboards.instanceSelector") { d.instanceSelector = parsed } else { ok = false }
            } else {
                reader.diagnostics.error(
                    "`spec.kubernetes.dashboards.instanceSelector` `\(s.value)` is not a label selector oac can read",
                    rule: CheckID.invalidValue, at: s.location, hint: "write it as `key=value,key!=value,key,!key`, such as dashboards=grafana")
                ok = false
            }
        } else if d.mode == .operator {
            reader.diagnostics.error(
                "`spec.kubernetes.dashboards.instanceSelector` is required when `mode` is `operator`", rule: CheckID.missingField,
                at: df.location, hint: "the labels of the Grafana resources that load the dashboards, such as dashboards=grafana")
            ok = false
        }
        return ok ? d : nil
    }

    /// A consumer's selector, checked against what the generated resources can carry: its `key=value` terms
    /// are added to them, so a term fails only when `labels` contradicts it, it names a label oac sets
    /// per resource, or it asks for (or against) a label that `labels` decides otherwise.
    func consumerSelector(
        _ cf: NodeReader.Fields, path: String, consumer: KubernetesConsumer,
        namespace: Located<String>, labels: [String: String]
    ) -> KubernetesConsumerSelector? {
        var ok = true
        var selector = KubernetesLabelSelector(parsing: "")!
        if let text = reader.string(cf, "labels") {
            if let parsed = KubernetesLabelSelector(parsing: text.value) {
                ok = checkSelectorSyntax(parsed, text: text, path: "\(path).labels")
                selector = parsed
                if ok { ok = checkCarried(parsed, text: text, path: "\(path).labels", consumer: consumer, labels: labels) }
            } else {
                reader.diagnostics.error(
                    "`\(path).labels` `\(text.value)` is not a label selector oac can read", rule: CheckID.invalidValue,
                    at: text.location, hint: "write it as `key=value,key!=value,key,!key`")
                ok = false
            }
        }
        var namespaces: [String]?
        if let list = reader.stringList(cf, "namespaces") {
            namespaces = list.map(\.value)
            if !list.contains(where: { $0.value == namespace.value }) {
                let at = reader.value(cf, "namespaces").map { reader.location($0) } ?? cf.location
                reader.diagnostics.error(
                    "the \(consumer.rawValue) consumer reads the namespaces \(list.map { "`\($0.value)`" }.joined(separator: ", ")), not `\(namespace.value)` where oac writes its resources (`spec.kubernetes.namespace`)",
                    rule: CheckID.invalidValue, at: at,
                    hint: "add `\(namespace.value)` to its namespace selector and here, or set `spec.kubernetes.namespace` to one of them")
                ok = false
            }
        }
        return ok ? KubernetesConsumerSelector(selector: selector, namespaces: namespaces) : nil
    }

    /// Keys and values of a Kubernetes label selector follow label syntax.
    func checkSelectorSyntax(_ s: KubernetesLabelSelector, text: Located<String>, path: String) -> Bool {
        var ok = true
        for key in s.matchLabels.map(\.0) + s.expressions.map(\.key) where !Self.isLabelKey(key) {
            reader.diagnostics.error(
                "`\(key)` in `\(path)` is not a Kubernetes label key", rule: CheckID.invalidName, at: text.location,
                hint: "such as app or app.kubernetes.io/name")
            ok = false
        }
        for value in s.matchLabels.map(\.1) + s.expressions.flatMap(\.values) where !Self.isLabelValue(value) {
            reader.diagnostics.error(
                "`\(value)` in `\(path)` is not a Kubernetes label value", rule: CheckID.invalidValue, at: text.location,
                hint: "at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit")
            ok = false
        }
        return ok
    }

    /// Every term of a consumer's selector holds on the resources oac writes for it.
    func checkCarried(
        _ s: KubernetesLabelSelector, text: Located<String>, path: String, consumer: KubernetesConsumer,
        labels: [String: String]
    ) -> Bool {
        var ok = true
        func fail(_ message: String, _ hint: String) {
            reader.diagnostics.error(
                "`\(path)`: \(message), so the \(consumer.rawValue) consumer would select none of the generated resources",
                rule: CheckID.invalidValue, at: text.location, hint: hint)
            ok = false
        }
        let own: (String) -> Bool = {
            $0.hasPrefix("oac.dev/") || $0.hasSuffix(".oac.dev") || $0.contains(".oac.dev/")
                || $0 == Conventions.managedByLabel
        }
        var carried = labels
        carried[Conventions.managedByLabel] = Conventions.managedByValue
        var seen: [String: String] = [:]
        for (k, v) in s.matchLabels {
            if own(k), !(k == Conventions.managedByLabel && v == Conventions.managedByValue) {
                fail("oac sets `\(k)` itself", "select on `spec.kubernetes.labels`, or on `\(k)` in the consumer's own selector only (see docs/kubernetes.md)")
            } else if let other = labels[k], other != v {
                fail("`\(k)=\(v)` contradicts `spec.kubernetes.labels` (`\(k): \(other)`)", "make them agree")
            } else if let other = seen[k], other != v {
                fail("`\(k)` cannot be both `\(other)` and `\(v)`", "keep one of the two terms")
            }
            seen[k] = v
            carried[k] = v
        }
        for e in s.expressions {
            switch e.op {
            case "NotIn":
                if let v = carried[e.key], e.values.contains(v) {
                    fail("`\(e.key)!=\(v)` excludes the resources, which carry `\(e.key): \(v)`", "remove the term, or change the label")
                }
            case "DoesNotExist":
                if carried[e.key] != nil {
                    fail("`!\(e.key)` excludes the resources, which carry `\(e.key)`", "remove the term, or the label")
                }
            default:
                if carried[e.key] == nil {
                    fail("`\(e.key)` asks for a label no generated resource carries", "add `\(e.key)` to `spec.kubernetes.labels`, or write `\(e.key)=<value>`")
                }
            }
        }
        return ok
    }
}
