import Foundation
import OACPromQL

/// How Prometheus scrapes a service's targets (`spec.scrape` and the Kubernetes keys of `spec.targets.kubernetes`):
/// rendered in `prometheus.yml` and in the Prometheus Operator's ServiceMonitor/PodMonitor alike.
public struct ScrapeSettings: Sendable, Hashable {
    /// nil = `/metrics`.
    public var metricsPath: String?
    /// nil = `http`.
    public var scheme: ScrapeScheme?
    /// nil = the platform's `scrapeInterval`.
    public var interval: PromDuration?
    /// nil = Prometheus's (10s, or the interval when shorter).
    public var timeout: PromDuration?
    public var honorLabels: Bool
    public var tls: ScrapeTLS?
    public var auth: ScrapeAuth?
    /// Only for Kubernetes targets.
    public var kubernetes: KubernetesScrape?

    public init(
        metricsPath: String? = nil, scheme: ScrapeScheme? = nil, interval: PromDuration? = nil,
        timeout: PromDuration? = nil, honorLabels: Bool = false, tls: ScrapeTLS? = nil, auth: ScrapeAuth? = nil,
        kubernetes: KubernetesScrape? = nil
    ) {
        // The defaults written out build the same model as leaving them out (nil), so output cannot depend on it.
        self.metricsPath = metricsPath == "/metrics" ? nil : metricsPath
        self.scheme = scheme == .http ? nil : scheme
        self.interval = interval
        self.timeout = timeout
        self.honorLabels = honorLabels
        self.tls = tls
        self.auth = auth
        self.kubernetes = kubernetes
    }

    /// Every secret the settings reference, for checks that need them all.
    public var secrets: [SecretReference] {
        [tls?.ca, tls?.cert, tls?.key, auth?.secret].compactMap { $0 }
    }
}

public enum ScrapeScheme: String, Sendable, Hashable, CaseIterable {
    case http, https
}

/// A secret oac never sees: a file on the Prometheus host, or a key of a Kubernetes Secret.
public enum SecretReference: Sendable, Hashable {
    case file(String)
    case secret(name: String, key: String)

    /// The path Prometheus reads: a Secret is read where the Prometheus Operator mounts the Secrets listed in
    /// `Prometheus.spec.secrets` (`/etc/prometheus/secrets/<name>/<key>`).
    public var path: String {
        switch self {
        case .file(let p): p
        case .secret(let name, let key): Conventions.mountedSecretPath(name: name, key: key)
        }
    }
}

public struct ScrapeTLS: Sendable, Hashable {
    public var ca: SecretReference?
    public var cert: SecretReference?
    public var key: SecretReference?
    public var serverName: String?
    /// Only ever true when the catalog says so (`oac lint` warns).
    public var insecureSkipVerify: Bool

    public init(
        ca: SecretReference?, cert: SecretReference?, key: SecretReference?, serverName: String?,
        insecureSkipVerify: Bool
    ) {
        self.ca = ca
        self.cert = cert
        self.key = key
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
    }
}

public enum ScrapeAuth: Sendable, Hashable {
    case bearerToken(SecretReference)
    case basicAuth(username: String, password: SecretReference)
    case oauth2(clientID: String, clientSecret: SecretReference, tokenURL: String, scopes: [String])

    public var secret: SecretReference {
        switch self {
        case .bearerToken(let s): s
        case .basicAuth(_, let s): s
        case .oauth2(_, let s, _, _): s
        }
    }
}

/// The Kubernetes service-discovery role.
public enum KubernetesRole: String, Sendable, Hashable, CaseIterable {
    case pod, endpoints, service
}

/// Kubernetes metadata that can become a target label.
public enum KubernetesTargetLabel: String, Sendable, Hashable, CaseIterable {
    case namespace, pod, container, node, service

    /// The discovery label it comes from.
    public var metaLabel: String {
        switch self {
        case .namespace: "__meta_kubernetes_namespace"
        case .pod: "__meta_kubernetes_pod_name"
        case .container: "__meta_kubernetes_pod_container_name"
        case .node: "__meta_kubernetes_pod_node_name"
        case .service: "__meta_kubernetes_service_name"
        }
    }

    /// Whether the role's targets have it.
    public func available(in role: KubernetesRole) -> Bool {
        switch (self, role) {
        case (.namespace, _): true
        case (.pod, .service), (.container, .service), (.node, .service): false
        case (.service, .pod): false
        default: true
        }
    }

    public static func defaults(for role: KubernetesRole) -> [KubernetesTargetLabel] {
        role == .service ? [.namespace] : [.namespace, .pod, .container]
    }
}

/// A port by number or by name (the container port or Service port name).
public enum ScrapePort: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case name(String)

    public var description: String {
        switch self {
        case .number(let n): String(n)
        case .name(let s): s
        }
    }
}

public struct KubernetesScrape: Sendable, Hashable {
    public var role: KubernetesRole
    public var port: ScrapePort?
    /// Metadata kept as target labels, in this order.
    public var targetLabels: [KubernetesTargetLabel]
    /// Pod label keys copied as target labels (named as Prometheus sanitises them).
    public var podLabels: [String]

    public init(
        role: KubernetesRole = .pod, port: ScrapePort? = nil, targetLabels: [KubernetesTargetLabel]? = nil,
        podLabels: [String] = []
    ) {
        self.role = role
        self.port = port
        self.targetLabels = targetLabels ?? KubernetesTargetLabel.defaults(for: role)
        self.podLabels = podLabels
    }

    /// `app.kubernetes.io/name` → `app_kubernetes_io_name`, as Prometheus names `__meta_kubernetes_pod_label_*`.
    public static func sanitized(_ labelKey: String) -> String {
        String(labelKey.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}

/// `spec.kubernetes` of the Platform: oac writes a `kubernetes/` tree of Prometheus Operator resources.
public struct KubernetesSettings: Sendable, Hashable {
    /// The namespace of every generated resource.
    public var namespace: String
    /// Labels on every generated resource: what the platform's Prometheus `ruleSelector`,
    /// `serviceMonitorSelector`, `podMonitorSelector` and `scrapeConfigSelector` select on.
    public var labels: [String: String]
    /// What each consumer (a Prometheus, ThanosRuler, Alertmanager, Grafana) selects on, as declared.
    public var selectors: [KubernetesConsumer: KubernetesConsumerSelector] = [:]
    /// Write an `AlertmanagerConfig` per team with a route.
    public var alertmanagerConfigs = true
    /// How the dashboards reach Grafana.
    public var dashboards = KubernetesDashboards()
    /// Write the `Prometheus` resources themselves (one per region with `shards:`, and the global one).
    public var prometheus = false

    public init(namespace: String, labels: [String: String]) {
        self.namespace = namespace
        self.labels = labels
    }

    /// The labels a resource read by `consumer` carries: `labels`, then the `key=value` terms of that
    /// consumer's selector (the decoder refuses a term that contradicts `labels`).
    public func labels(for consumer: KubernetesConsumer) -> [String: String] {
        var out = labels
        if consumer == .dashboards, selectors[.dashboards] == nil, dashboards.mode == .sidecar {
            out[Conventions.grafanaSidecarLabel] = Conventions.grafanaSidecarLabelValue
        }
        for (k, v) in selectors[consumer]?.selector.matchLabels ?? [] { out[k] = v }
        return out
    }
}

/// `spec.kubernetes.dashboards`: dashboard ConfigMaps for the Grafana sidecar, grafana-operator resources, or none.
public struct KubernetesDashboards: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable { case sidecar, `operator`, none }
    public var mode: Mode = .sidecar
    /// The annotation naming a ConfigMap's Grafana folder (the sidecar's `folderAnnotation`).
    public var folderAnnotation = "grafana_folder"
    /// The grafana-operator `instanceSelector` (operator mode).
    public var instanceSelector: KubernetesLabelSelector?

    public init() {}
}

/// The programs that select generated resources, each on its own labels and namespaces.
public enum KubernetesConsumer: String, Sendable, Hashable, CaseIterable {
    /// `PrometheusRule`: a Prometheus' or ThanosRuler's `ruleSelector` / `ruleNamespaceSelector`.
    case rules
    /// `ServiceMonitor`, `PodMonitor`, `ScrapeConfig`: a Prometheus' `serviceMonitorSelector`,
    /// `podMonitorSelector`, `scrapeConfigSelector` and their namespace selectors.
    case monitors
    /// `AlertmanagerConfig`: an Alertmanager's `alertmanagerConfigSelector` / `alertmanagerConfigNamespaceSelector`.
    case alertmanagerConfigs
    /// Dashboard ConfigMaps (Grafana sidecar) or `GrafanaDashboard`/`GrafanaFolder` resources.
    case dashboards
}

/// A consumer's selector as the catalog declares it: a label selector, and the namespaces it reads (nil = all).
public struct KubernetesConsumerSelector: Sendable, Hashable {
    public var selector: KubernetesLabelSelector
    public var namespaces: [String]?

    public init(selector: KubernetesLabelSelector, namespaces: [String]?) {
        self.selector = selector
        self.namespaces = namespaces
    }

    /// The selector's text, `key=value,key!=value,key,!key`.
    public var text: String {
        (selector.matchLabels.map { "\($0.0)=\($0.1)" }
            + selector.expressions.map { e in
                switch e.op {
                case "NotIn": "\(e.key)!=\(e.values.first ?? "")"
                case "DoesNotExist": "!\(e.key)"
                default: e.key
                }
            }).joined(separator: ",")
    }

    /// Whether a resource with `labels` is selected: every term holds.
    public func matches(_ labels: [String: String]) -> Bool { failing(labels).isEmpty }

    /// The terms a resource with `labels` fails, as written.
    public func failing(_ labels: [String: String]) -> [String] {
        var out: [String] = []
        for (k, v) in selector.matchLabels where labels[k] != v { out.append("\(k)=\(v)") }
        for e in selector.expressions {
            switch e.op {
            case "NotIn": if let v = labels[e.key], e.values.contains(v) { out.append("\(e.key)!=\(e.values.first ?? "")") }
            case "DoesNotExist": if labels[e.key] != nil { out.append("!\(e.key)") }
            default: if labels[e.key] == nil { out.append(e.key) }
            }
        }
        return out
    }
}

/// A Kubernetes equality/existence label selector (`app=x,tier!=cache,canary,!legacy`) as a LabelSelector
/// object's `matchLabels` and `matchExpressions`. Set-based forms (`in (…)`) are not read: nil.
public struct KubernetesLabelSelector: Sendable, Hashable {
    public struct Expression: Sendable, Hashable {
        public var key: String
        /// `NotIn`, `Exists` or `DoesNotExist`.
        public var op: String
        public var values: [String]
    }

    public var matchLabels: [(String, String)] = []
    public var expressions: [Expression] = []

    public static func == (l: Self, r: Self) -> Bool {
        l.matchLabels.map { "\($0.0)=\($0.1)" } == r.matchLabels.map { "\($0.0)=\($0.1)" } && l.expressions == r.expressions
    }

    public func hash(into h: inout Hasher) {
        for (k, v) in matchLabels {
            h.combine(k)
            h.combine(v)
        }
        h.combine(expressions)
    }

    public init?(parsing text: String) {
        guard !text.contains("("), !text.contains(where: \.isNewline) else { return nil }
        for raw in text.split(separator: ",") {
            let term = raw.trimmingCharacters(in: .whitespaces)
            guard !term.isEmpty else { return nil }
            if let r = term.range(of: "!=") {
                expressions.append(
                    Expression(
                        key: term[..<r.lowerBound].trimmingCharacters(in: .whitespaces), op: "NotIn",
                        values: [term[r.upperBound...].trimmingCharacters(in: .whitespaces)]))
            } else if let r = term.range(of: "==") ?? term.range(of: "=") {
                matchLabels.append((term[..<r.lowerBound].trimmingCharacters(in: .whitespaces), term[r.upperBound...].trimmingCharacters(in: .whitespaces)))
            } else if term.hasPrefix("!") {
                expressions.append(Expression(key: String(term.dropFirst()).trimmingCharacters(in: .whitespaces), op: "DoesNotExist", values: []))
            } else if !term.contains(" ") {
                expressions.append(Expression(key: term, op: "Exists", values: []))
            } else {
                return nil
            }
        }
    }
}
