import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACOutput
import enum OACPromQL.Expr

/// The translator's entry point: load → check → translate into the model. Rendering the model is
/// `OACPipeline`'s `Pipeline.compile`. Pure: files in, a model and diagnostics out.
public enum Compiler {
    public struct Result: Sendable {
        public var diagnostics: Diagnostics
        public var catalog: Catalog
        public var model: Model?
        /// Generated files, sorted by path: filled by `Pipeline.compile`; empty here and when there are errors.
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
}
