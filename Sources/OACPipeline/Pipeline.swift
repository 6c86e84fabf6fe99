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
        var result = Compiler.check(files, reportEmpty: reportEmpty)
        guard let model = result.model else { return result }
        result.outputs = render(model).sorted { $0.path < $1.path }
        return result
    }

    /// The renderers, in the order their jobs start. The large single files come first so that no core is
    /// left with one of them at the end; the cost files (first in line) work out the estimate that the shard
    /// plan needs, while the other cores already render what does not depend on it.
    public static let renderers: [any Renderer.Type] = [
        CostRenderer.self, ModelJSONRenderer.self, AlertmanagerRenderer.self, AlertmanagerClusterRenderer.self, LokiOverridesRenderer.self,
        GrafanaRenderer.self, TopologyRenderer.self, KubernetesRenderer.self,
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
