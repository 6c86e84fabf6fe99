import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// The scrape job of one service in `prometheus.yml`: its scrape settings (`spec.scrape`), its discovery, the
/// Kubernetes port and metadata relabelling, and the shard's hashmod share.
extension PrometheusConfigRenderer {
    /// `authorization` (with `credentials_file`) exists since Prometheus 2.26; older servers read `bearer_token_file`.
    static let authorizationSince = PrometheusVersion(major: 2, minor: 26)

    func scrapeJob(_ y: inout YAMLBuilder, _ service: Service, shard: Topology.Shard) {
        // This region's targets only: its own static addresses, its own file.
        let targets = service.targets.scraped(in: shard.region)
        if case .none = targets { return }  // nothing to scrape (e.g. pushed to a gateway scraped by another job)
        y.line(2, "- job_name: \(YAMLText.string(service.job))")
        scrapeSettings(&y, service.scrape)
        var relabel: [[(String, String)]] = []
        switch targets {
        case .none, .staticByRegion: return  // `scraped(in:)` gives one region's list
        case .static(let list):
            staticTargets(&y, list)
        case .file(let path):
            y.line(4, "file_sd_configs:")
            y.line(6, "- files:")
            y.line(10, "- \(YAMLText.string(path))")
        case .kubernetes(let namespace, let selector):
            let k = service.scrape.kubernetes ?? KubernetesScrape()
            y.line(4, "kubernetes_sd_configs:")
            y.line(6, "- role: \(k.role.rawValue)")
            if let namespace {
                y.line(8, "namespaces:")
                y.line(10, "names:")
                y.line(12, "- \(YAMLText.string(namespace))")
            }
            if let selector {
                y.line(8, "selectors:")
                // Endpoints are chosen by the labels of their Service, as a ServiceMonitor chooses them.
                y.line(10, "- role: \(k.role == .pod ? "pod" : "service")")
                y.line(12, "label: \(YAMLText.string(selector))")
            }
            if let port = k.port { relabel.append(Self.portKeep(port, role: k.role)) }
        }
        if shard.count > 1 {
            // Keep 1/N of the targets: the same md5-based split `Hashmod` predicts for static targets.
            relabel.append([
                ("source_labels", "[__address__]"), ("modulus", String(shard.count)),
                ("target_label", Conventions.shardHashLabel), ("action", "hashmod")
            ])
            relabel.append([
                ("source_labels", "[\(Conventions.shardHashLabel)]"), ("regex", YAMLText.string(String(shard.index))),
                ("action", "keep")
            ])
        }
        if case .kubernetes = service.targets {
            relabel += Self.kubernetesLabels(service.scrape.kubernetes ?? KubernetesScrape())
        }
        guard !relabel.isEmpty else { return }
        y.line(4, "relabel_configs:")
        for rule in relabel {
            for (i, (key, value)) in rule.enumerated() { y.line(i == 0 ? 6 : 8, "\(i == 0 ? "- " : "")\(key): \(value)") }
        }
    }

    /// Interval, timeout, path, scheme, honor_labels, authentication and TLS.
    func scrapeSettings(_ y: inout YAMLBuilder, _ s: ScrapeSettings) {
        if let i = s.interval { y.raw(4, "scrape_interval", i.description) }
        if let t = s.timeout { y.raw(4, "scrape_timeout", t.description) }
        if let p = s.metricsPath { y.field(4, "metrics_path", p) }
        if let sc = s.scheme { y.raw(4, "scheme", sc.rawValue) }
        if s.honorLabels { y.raw(4, "honor_labels", "true") }
        switch s.auth {
        case nil: break
        case .bearerToken(let ref):
            if model.platform.prometheus.version >= Self.authorizationSince {
                y.line(4, "authorization:")
                y.field(6, "credentials_file", ref.path)
            } else {
                y.field(4, "bearer_token_file", ref.path)
            }
        case .basicAuth(let user, let password):
            y.line(4, "basic_auth:")
            y.field(6, "username", user)
            y.field(6, "password_file", password.path)
        case .oauth2(let id, let secret, let url, let scopes):
            y.line(4, "oauth2:")
            y.field(6, "client_id", id)
            y.field(6, "client_secret_file", secret.path)
            y.field(6, "token_url", url)
            if !scopes.isEmpty {
                y.line(6, "scopes:")
                for sc in scopes { y.scalar(8, "- ", sc) }
            }
        }
        if let tls = s.tls {
            var fields: [(String, String)] = []
            if let ca = tls.ca { fields.append(("ca_file", ca.path)) }
            if let c = tls.cert { fields.append(("cert_file", c.path)) }
            if let k = tls.key { fields.append(("key_file", k.path)) }
            if let n = tls.serverName { fields.append(("server_name", n)) }
            if !fields.isEmpty || tls.insecureSkipVerify {
                y.line(4, "tls_config:")
                for (k, v) in fields { y.field(6, k, v) }
                if tls.insecureSkipVerify { y.raw(6, "insecure_skip_verify", "true") }
            }
        }
    }

    /// Keeps only the targets of the chosen port.
    static func portKeep(_ port: ScrapePort, role: KubernetesRole) -> [(String, String)] {
        let (label, regex): (String, String)
        switch (role, port) {
        case (.pod, .name(let n)): (label, regex) = ("__meta_kubernetes_pod_container_port_name", n)
        case (.pod, .number(let n)): (label, regex) = ("__meta_kubernetes_pod_container_port_number", String(n))
        case (.endpoints, .name(let n)): (label, regex) = ("__meta_kubernetes_endpoint_port_name", n)
        case (.endpoints, .number(let n)): (label, regex) = ("__address__", ".+:\(n)")
        case (.service, .name(let n)): (label, regex) = ("__meta_kubernetes_service_port_name", n)
        case (.service, .number(let n)): (label, regex) = ("__meta_kubernetes_service_port_number", String(n))
        }
        return [("source_labels", "[\(label)]"), ("regex", YAMLText.string(regex)), ("action", "keep")]
    }

    /// The Kubernetes metadata and pod labels kept as target labels.
    static func kubernetesLabels(_ k: KubernetesScrape) -> [[(String, String)]] {
        k.targetLabels.map { [("source_labels", "[\($0.metaLabel)]"), ("target_label", $0.rawValue)] }
            + k.podLabels.map {
                let name = KubernetesScrape.sanitized($0)
                return [("source_labels", "[__meta_kubernetes_pod_label_\(name)]"), ("target_label", name)]
            }
    }
}
