import ArgumentParser
import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACModel

/// What the report's reliability-program sections read from the catalog beyond the model.
extension ReportInputs {
    /// The catalog checked and compiled, with its files; exit 1 (diagnostics printed) when it has errors.
    static func loadChecked(_ catalog: String, diagnostics: DiagnosticOptions) throws -> (model: Model, result: Compiler.Result, files: [SourceFile]) {
        let (files, readDiagnostics, _) = CatalogReader.read(catalog)
        var result = Compiler.check(files)
        result.diagnostics.append(contentsOf: readDiagnostics)
        diagnostics.report(result.diagnostics, toStandardError: true)
        guard !result.diagnostics.hasErrors, let model = result.model else { throw ExitCode(1) }
        return (model, result, files)
    }

    /// Tiers whose services are critical: `criticality: critical`, or named `gold` without a criticality.
    static func criticalTiers(_ catalog: Catalog) -> Set<String> {
        Set((catalog.platforms.first?.retentionTiers ?? []).filter { $0.resolvedCriticality == .critical }.map(\.name.value))
    }
}
