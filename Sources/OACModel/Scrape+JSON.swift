import Foundation
import OACSupport

// The scrape settings in model.json: their one JSON declaration (see Model+JSON.swift).

extension ScrapeScheme: JSONWritable {}
extension KubernetesRole: JSONWritable {}
extension KubernetesTargetLabel: JSONWritable {}

extension ScrapeSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("auth", auth)
            $0.field("honorLabels", honorLabels)
            $0.field("interval", interval)
            $0.field("kubernetes", kubernetes)
            $0.field("metricsPath", metricsPath)
            $0.field("scheme", scheme)
            $0.field("timeout", timeout)
            $0.field("tls", tls)
        }
    }
}

extension SecretReference: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .file(let path): json.enumCase("file") { $0.field("_0", path) }
        case .secret(let name, let key):
            json.enumCase("secret") {
                $0.field("key", key)
                $0.field("name", name)
            }
        }
    }
}

extension ScrapeTLS: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("ca", ca)
            $0.field("cert", cert)
            $0.field("insecureSkipVerify", insecureSkipVerify)
            $0.field("key", key)
            $0.field("serverName", serverName)
        }
    }
}

extension ScrapeAuth: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .bearerToken(let ref): json.enumCase("bearerToken") { $0.field("_0", ref) }
        case .basicAuth(let username, let password):
            json.enumCase("basicAuth") {
                $0.field("password", password)
                $0.field("username", username)
            }
        case .oauth2(let clientID, let clientSecret, let tokenURL, let scopes):
            json.enumCase("oauth2") {
                $0.field("clientID", clientID)
                $0.field("clientSecret", clientSecret)
                $0.field("scopes", scopes)
                $0.field("tokenURL", tokenURL)
            }
        }
    }
}

extension ScrapePort: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .number(let n): json.enumCase("number") { $0.field("_0", n) }
        case .name(let s): json.enumCase("name") { $0.field("_0", s) }
        }
    }
}

extension KubernetesScrape: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("podLabels", podLabels)
            $0.field("port", port)
            $0.field("role", role)
            $0.field("targetLabels", targetLabels)
        }
    }
}

extension KubernetesSettings: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alertmanagerConfigs", alertmanagerConfigs)
            $0.field("dashboards", dashboards)
            $0.field("labels", labels)
            $0.field("namespace", namespace)
            $0.field("prometheus", prometheus)
            $0.field("selectors", selectors.isEmpty ? nil : Dictionary(uniqueKeysWithValues: selectors.map { ($0.key.rawValue, $0.value) }))
        }
    }
}

extension KubernetesConsumerSelector: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("namespaces", namespaces)
            $0.field("selector", text)
        }
    }
}

extension KubernetesDashboards.Mode: JSONWritable {}

extension KubernetesDashboards: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("folderAnnotation", folderAnnotation)
            $0.field("instanceSelector", instanceSelector.map { KubernetesConsumerSelector(selector: $0, namespaces: nil).text })
            $0.field("mode", mode)
        }
    }
}
