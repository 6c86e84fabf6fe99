import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// The scrape resources: PodMonitor (role pod), ServiceMonitor (role endpoints), ScrapeConfig (static, file,
/// role service). The operator shards them itself (`Prometheus.spec.shards`), so no hashmod is written here.
extension KubernetesRenderer {
    /// The scrape resource `name` of `service` (whose targets are those of the Prometheus that selects it).
    static func monitor(_ k8s: KubernetesSettings, _ service: Service, labels: [(String, String)], name: String) -> OutputFile? {
        var y = YAMLBuilder()
        let s = service.scrape
        switch service.targets {
        case .none, .staticByRegion:  // the caller gives one region's targets
            return nil
        case .kubernetes(let namespace, let selector):
            let k = s.kubernetes ?? KubernetesScrape()
            if k.role == .service {
                scrapeConfigHead(&y, k8s, service, name: name, labels: labels)
                y.line(2, "kubernetesSDConfigs:")
                y.line(4, "- role: Service")
                if let namespace {
                    y.line(6, "namespaces:")
                    y.line(8, "names:")
                    y.scalar(10, "- ", namespace)
                }
                if let selector {
                    y.line(6, "selectors:")
                    y.line(8, "- role: Service")
                    y.field(10, "label", selector)
                }
                scrapeConfigSettings(&y, s, indent: 2)
                let rel = relabelings(k, role: .service)
                writeRelabelings(&y, rel, indent: 2)
                break
            }
            let pod = k.role == .pod
            y.line(0, "apiVersion: monitoring.coreos.com/v1")
            y.line(0, pod ? "kind: PodMonitor" : "kind: ServiceMonitor")
            metadata(&y, k8s, name: name, consumer: .monitors, extra: labels)
            y.line(0, "spec:")
            if let namespace {
                y.line(2, "namespaceSelector:")
                y.line(4, "matchNames:")
                y.scalar(6, "- ", namespace)
            }
            y.line(2, "selector:")
            let sel = selector.flatMap(KubernetesLabelSelector.init(parsing:)) ?? KubernetesLabelSelector(parsing: "")!
            labelSelector(&y, sel)
            if !k.podLabels.isEmpty {
                y.line(2, "podTargetLabels:")
                for l in k.podLabels { y.scalar(4, "- ", l) }
            }
            y.line(2, pod ? "podMetricsEndpoints:" : "endpoints:")
            var first = true
            func field(_ key: String, _ value: String, raw: Bool = false) {
                let prefix = first ? "- " : "  "
                first = false
                if raw { y.raw(4, prefix + key, value) } else { y.field(4, prefix + key, value) }
            }
            switch k.port {
            case .name(let n)?: field("port", n)
            case .number(let n)?: field(pod ? "portNumber" : "targetPort", String(n), raw: true)
            case nil: break
            }
            field("path", s.metricsPath ?? "/metrics")
            endpointSettings(&y, s, indent: 6)
            writeRelabelings(
                &y,
                [[("targetLabel", "job"), ("replacement", YAMLText.string(service.job))]]
                    + relabelings(k, role: k.role).filter { !operatorSets($0, role: k.role) }, indent: 6)
            return OutputFile(path: "\(Conventions.kubernetesFolder)/monitors/\(name).yaml", contents: y.text)
        case .static(let targets):
            scrapeConfigHead(&y, k8s, service, name: name, labels: labels)
            y.line(2, "staticConfigs:")
            y.line(4, "- targets:")
            for t in targets { y.scalar(8, "- ", t) }
            scrapeConfigSettings(&y, s, indent: 2)
        case .file(let path):
            scrapeConfigHead(&y, k8s, service, name: name, labels: labels)
            y.line(2, "fileSDConfigs:")
            y.line(4, "- files:")
            y.scalar(8, "- ", path)
            scrapeConfigSettings(&y, s, indent: 2)
        }
        return OutputFile(path: "\(Conventions.kubernetesFolder)/monitors/\(name).yaml", contents: y.text)
    }

    static func scrapeConfigHead(_ y: inout YAMLBuilder, _ k8s: KubernetesSettings, _ service: Service, name: String, labels: [(String, String)]) {
        y.line(0, "apiVersion: monitoring.coreos.com/v1alpha1")
        y.line(0, "kind: ScrapeConfig")
        metadata(&y, k8s, name: name, consumer: .monitors, extra: labels)
        y.line(0, "spec:")
        y.field(2, "jobName", service.job)
    }

    /// The labels the operator already sets on a PodMonitor's or ServiceMonitor's targets (namespace, pod,
    /// container; service for a ServiceMonitor) are not written again.
    static func operatorSets(_ rule: [(String, String)], role: KubernetesRole) -> Bool {
        guard let target = rule.first(where: { $0.0 == "targetLabel" })?.1 else { return false }
        var set = ["namespace", "pod", "container"]
        if role == .endpoints { set.append("service") }
        return set.contains(target) && !rule.contains { $0.0 == "sourceLabels" && $0.1.contains("pod_label") }
    }

    /// The Kubernetes metadata kept as target labels (and, for a ScrapeConfig, the port), as operator relabelings.
    static func relabelings(_ k: KubernetesScrape, role: KubernetesRole) -> [[(String, String)]] {
        var out: [[(String, String)]] = []
        if role == .service, let port = k.port {
            let keep = PrometheusConfigRenderer.portKeep(port, role: .service)
            out.append([("sourceLabels", keep[0].1), ("regex", keep[1].1), ("action", "keep")])
        }
        for l in k.targetLabels { out.append([("sourceLabels", "[\(l.metaLabel)]"), ("targetLabel", l.rawValue)]) }
        if role == .service {
            for p in k.podLabels {
                let n = KubernetesScrape.sanitized(p)
                out.append([("sourceLabels", "[__meta_kubernetes_pod_label_\(n)]"), ("targetLabel", n)])
            }
        }
        return out
    }

    static func writeRelabelings(_ y: inout YAMLBuilder, _ rules: [[(String, String)]], indent: Int) {
        guard !rules.isEmpty else { return }
        y.line(indent - 2, "  relabelings:")
        for rule in rules {
            for (i, (k, v)) in rule.enumerated() { y.line(indent + 2, "\(i == 0 ? "- " : "  ")\(k): \(v)") }
        }
    }

    /// interval, scrapeTimeout, scheme, honorLabels, TLS and bearer token of a monitor's endpoint.
    static func endpointSettings(_ y: inout YAMLBuilder, _ s: ScrapeSettings, indent: Int) {
        if let i = s.interval { y.raw(indent, "interval", i.description) }
        if let t = s.timeout { y.raw(indent, "scrapeTimeout", t.description) }
        if let sc = s.scheme { y.raw(indent, "scheme", sc.rawValue) }
        if s.honorLabels { y.raw(indent, "honorLabels", "true") }
        secretSettings(&y, s, indent: indent)
    }

    static func scrapeConfigSettings(_ y: inout YAMLBuilder, _ s: ScrapeSettings, indent: Int) {
        if let p = s.metricsPath { y.field(indent, "metricsPath", p) }
        if let i = s.interval { y.raw(indent, "scrapeInterval", i.description) }
        if let t = s.timeout { y.raw(indent, "scrapeTimeout", t.description) }
        if let sc = s.scheme { y.raw(indent, "scheme", sc.rawValue.uppercased()) }
        if s.honorLabels { y.raw(indent, "honorLabels", "true") }
        secretSettings(&y, s, indent: indent)
    }

    /// TLS and bearer token as Secret key selectors (the compiler refuses file references with `spec.kubernetes`).
    static func secretSettings(_ y: inout YAMLBuilder, _ s: ScrapeSettings, indent: Int) {
        func selector(_ key: String, _ ref: SecretReference, at i: Int, wrapped: Bool) {
            guard case .secret(let name, let k) = ref else { return }
            y.line(i, "\(key):")
            if wrapped {
                y.line(i + 2, "secret:")
                y.field(i + 4, "name", name)
                y.field(i + 4, "key", k)
            } else {
                y.field(i + 2, "name", name)
                y.field(i + 2, "key", k)
            }
        }
        if let tls = s.tls {
            y.line(indent, "tlsConfig:")
            if let ca = tls.ca { selector("ca", ca, at: indent + 2, wrapped: true) }
            if let c = tls.cert { selector("cert", c, at: indent + 2, wrapped: true) }
            if let k = tls.key { selector("keySecret", k, at: indent + 2, wrapped: false) }
            if let n = tls.serverName { y.field(indent + 2, "serverName", n) }
            y.raw(indent + 2, "insecureSkipVerify", tls.insecureSkipVerify ? "true" : "false")
        }
        if case .bearerToken(let ref)? = s.auth {
            y.line(indent, "authorization:")
            y.line(indent + 2, "type: Bearer")
            selector("credentials", ref, at: indent + 2, wrapped: false)
        }
    }
}
