import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACModel
import OACOutput
import OACRender

/// The pipeline driver: load → check → translate (`Compiler.check`) → render (every `Renderer`). Pure: files
/// in, files out; the CLI does the disk.
public enum Pipeline {
    /// Everything `oac compile` writes, sorted by path (none when there are errors).
    public static func compile(_ files: [SourceFile], reportEmpty: Bool = true) -> Compiler.Result {
        var result = check(files, reportEmpty: reportEmpty)
        guard let model = result.model else { return result }
        result.outputs = render(model).sorted { $0.path < $1.path }
        return result
    }

    /// `Compiler.check`, then the limits only a rendered file shows: a dashboard over the 1 MiB a Kubernetes
    /// ConfigMap or resource holds is an error at its service's (team's, platform's) name, and the model is dropped.
    public static func check(_ files: [SourceFile], reportEmpty: Bool = true) -> Compiler.Result {
        var result = Compiler.check(files, reportEmpty: reportEmpty)
        guard let model = result.model else { return result }
        let oversized = KubernetesRenderer.oversizedDashboards(model)
        guard !oversized.isEmpty else { return result }
        for (path, bytes) in oversized {
            let parts = path.split(separator: "/").map(String.init)
            let stem = String(parts.last!.dropLast(".json".count))
            let at =
                result.catalog.services.first { Conventions.serviceDashboardPath(team: $0.owner?.value ?? "", service: $0.name.value) == path }?.name.location
                ?? result.catalog.teams.first { parts.count > 1 && $0.name.value == parts[1] && stem == Conventions.teamDashboardFileStem }?.name.location
                ?? result.catalog.platforms.first?.name.location
            result.diagnostics.error(
                "the dashboard \(path) is \(bytes) bytes, more than the \(Conventions.configMapLimitBytes) bytes (1 MiB) a Kubernetes ConfigMap or resource holds",
                rule: CheckID.invalidValue, at: at,
                hint:
                    "split the service's SLOs over fewer panels or services, or set `spec.kubernetes.dashboards.mode: none` and provision the grafana/ folder from files"
            )
        }
        result.model = nil
        return result
    }

    /// The renderers, in the order their jobs start. The large single files come first so that no core is
    /// left with one of them at the end; the cost files (first in line) work out the estimate that the shard
    /// plan needs, while the other cores already render what does not depend on it.
    public static let renderers: [any Renderer.Type] = [
        CostRenderer.self, ModelJSONRenderer.self, AlertmanagerRenderer.self, AlertmanagerClusterRenderer.self, LokiOverridesRenderer.self,
        GrafanaRenderer.self, TopologyRenderer.self, KubernetesRenderer.self
    ]

    /// Every renderer's files. None writes.
    public static func render(_ model: Model) -> [OutputFile] {
        RenderJob.runAll(jobs(model))
    }

    /// Every renderer's jobs, to run in parallel; they share one `RenderInput` (so one cost estimate).
    public static func jobs(_ model: Model) -> [RenderJob] {
        let input = RenderInput(model)
        return renderers.flatMap { $0.jobs(input) }
    }
}
