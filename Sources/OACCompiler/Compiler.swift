import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import enum OACPromQL.Expr
import OACRender

/// The pipeline driver: load → check → translate → render. Pure: files in, files out; the CLI does the disk.
public enum Compiler {
    public struct Result: Sendable {
        public var diagnostics: Diagnostics
        public var catalog: Catalog
        public var model: Model?
        /// Generated files, sorted by path; empty when there are errors.
        public var outputs: [OutputFile]
        /// Threshold queries the checks parsed, by text (for lint's rules, which read them again).
        public var parsedQueries: [String: Expr] = [:]
    }

    /// Loads and checks the catalog and builds the model (no rendering).
    public static func check(_ files: [SourceFile], reportEmpty: Bool = true) -> Result {
        let (catalog, loadDiagnostics) = CatalogLoader.load(files)
        var diagnostics = loadDiagnostics
        if files.isEmpty {
            if reportEmpty { diagnostics.error("no catalog files (*.yaml, *.yml) found", rule: CheckID.emptyCatalog, at: nil,
                              hint: "point oac at a catalog file or a folder that holds *.yaml files") }
            return Result(diagnostics: diagnostics, catalog: catalog, model: nil, outputs: [])
        }
        let (model, buildDiagnostics, parsedQueries) = ModelBuilder.buildParsing(catalog)
        diagnostics.append(contentsOf: buildDiagnostics)
        if let model, !diagnostics.hasErrors {
            diagnostics.append(contentsOf: ModelBuilder.checkTopology(catalog, model: model))
        }
        return Result(diagnostics: diagnostics, catalog: catalog, model: diagnostics.hasErrors ? nil : model, outputs: [],
                      parsedQueries: parsedQueries)
    }

    /// Everything `oac compile` writes.
    public static func compile(_ files: [SourceFile], reportEmpty: Bool = true) -> Result {
        var result = check(files, reportEmpty: reportEmpty)
        guard let model = result.model else { return result }
        result.outputs = render(model).sorted { $0.path < $1.path }
        return result
    }

    /// The renderers, in order. Each returns files; none writes.
    public static func render(_ model: Model) -> [OutputFile] {
        RenderJob.runAll(jobs(model))
    }

    /// The renderers as independent jobs (per service where the output is per service), to run in parallel.
    /// The large single files come first so that no core is left with one of them at the end. The cost
    /// estimate (and the shard plan that needs it) is worked out by the first job that needs it — the cost
    /// files, first in line — while the other cores already render what does not depend on it.
    public static func jobs(_ model: Model) -> [RenderJob] {
        let estimate = Once { CostEstimate.estimate(model) }
        return [
            RenderJob { CostRenderer.render(estimate.value) },
            RenderJob { [ModelJSONRenderer.render(model)] },
            RenderJob { [AlertmanagerRenderer.render(model), LokiOverridesRenderer.render(model)] },
        ] + GrafanaRenderer.jobs(model) + TopologyRenderer.jobs(model, estimate: estimate)
    }
}
