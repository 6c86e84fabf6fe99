import Foundation
import OACModel
import OACOutput
import OACSupport

/// The dashboards of `grafana/` as Kubernetes resources: a ConfigMap per dashboard for the Grafana sidecar
/// (labelled for it, the team's folder in an annotation), or grafana-operator `GrafanaFolder`s and
/// `GrafanaDashboard`s. The compiler refuses a dashboard over the 1 MiB a ConfigMap holds (`oversized`).
extension KubernetesRenderer {
    /// Every dashboard with the Grafana folder it goes to and the resource name it gets.
    static func dashboardEntries(_ model: Model) -> [(folder: String, name: String, key: String, json: String)] {
        GrafanaRenderer.dashboards(model).map { entry in
            let parts = entry.path.split(separator: "/").map(String.init)  // grafana/<folder>/<stem>.json
            let folder = parts[1]
            let file = parts[2]
            let stem = String(file.dropLast(".json".count))
            // Team and service names hold no dot, so `<folder>.<stem>` names one dashboard only.
            return (
                folder, "oac-dashboard.\(folder).\(stem)", file,
                OutputFile(path: entry.path, json: entry.dashboard).contents
            )
        }
    }

    /// The bytes a dashboard's ConfigMap data holds (its key and JSON), to compare with the 1 MiB limit.
    public static func oversizedDashboards(_ model: Model) -> [(path: String, bytes: Int)] {
        guard let k8s = model.platform.kubernetes, k8s.dashboards.mode != .none else { return [] }
        return dashboardEntries(model).compactMap { e in
            let bytes = e.key.utf8.count + e.json.utf8.count
            return bytes > Conventions.configMapLimitBytes ? ("\(Conventions.grafanaFolder)/\(e.folder)/\(e.key)", bytes) : nil
        }
    }

    static func dashboardResources(_ k8s: KubernetesSettings, _ model: Model) -> [OutputFile] {
        let entries = dashboardEntries(model)
        var files: [OutputFile] = []
        switch k8s.dashboards.mode {
        case .none:
            return []
        case .sidecar:
            for e in entries {
                var y = YAMLBuilder()
                y.line(0, "apiVersion: v1")
                y.line(0, "kind: ConfigMap")
                metadata(&y, k8s, name: e.name, consumer: .dashboards, annotations: [(k8s.dashboards.folderAnnotation, e.folder)])
                y.line(0, "data:")
                jsonBlock(&y, 2, e.key, e.json)
                files.append(OutputFile(path: "\(Conventions.kubernetesFolder)/dashboards/\(e.folder).\(e.key.dropLast(5)).yaml", contents: y.text))
            }
        case .operator:
            for folder in Set(entries.map(\.folder)).sorted() {
                var y = YAMLBuilder()
                y.line(0, "apiVersion: grafana.integreatly.org/v1beta1")
                y.line(0, "kind: GrafanaFolder")
                metadata(&y, k8s, name: "oac-folder.\(folder)", consumer: .dashboards)
                y.line(0, "spec:")
                instanceSelector(&y, k8s)
                y.field(2, "title", folder)
                files.append(OutputFile(path: "\(Conventions.kubernetesFolder)/dashboards/folder-\(folder).yaml", contents: y.text))
            }
            for e in entries {
                var y = YAMLBuilder()
                y.line(0, "apiVersion: grafana.integreatly.org/v1beta1")
                y.line(0, "kind: GrafanaDashboard")
                metadata(&y, k8s, name: e.name, consumer: .dashboards)
                y.line(0, "spec:")
                instanceSelector(&y, k8s)
                y.field(2, "folderRef", "oac-folder.\(e.folder)")
                jsonBlock(&y, 2, "json", e.json)
                files.append(OutputFile(path: "\(Conventions.kubernetesFolder)/dashboards/\(e.folder).\(e.key.dropLast(5)).yaml", contents: y.text))
            }
        }
        return files
    }

    static func instanceSelector(_ y: inout YAMLBuilder, _ k8s: KubernetesSettings) {
        let sel = k8s.dashboards.instanceSelector ?? KubernetesLabelSelector(parsing: "")!
        y.line(2, "instanceSelector:")
        labelSelector(&y, sel)
    }

    /// JSON as a literal block (`|`) when every character is one a YAML 1.1 and 1.2 reader keeps as it is
    /// (printable, no NEL, line or paragraph separator, BOM), so that the file stays readable; otherwise a
    /// double-quoted scalar, which YAML cannot read as anything but the exact text.
    static func jsonBlock(_ y: inout YAMLBuilder, _ indent: Int, _ key: String, _ json: String) {
        let plain =
            json.first == "{"
            && json.unicodeScalars.allSatisfy { c in
                switch c.value {
                case 0x0A, 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: true
                default: false
                }
            }
        guard plain else {
            y.field(indent, key, json)
            return
        }
        y.line(indent, "\(YAMLText.string(key)): |")
        for line in json.split(separator: "\n", omittingEmptySubsequences: false).dropLast(json.hasSuffix("\n") ? 1 : 0) {
            if line.isEmpty { y.append("\n") } else { y.line(indent + 2, String(line)) }
        }
    }
}
