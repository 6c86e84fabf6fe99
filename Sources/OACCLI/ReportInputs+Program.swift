import ArgumentParser
import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACLint
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

    /// The lint rules' findings per team (`oac lint` on the catalog), for the technical-debt trend.
    static func lintFindings(_ model: Model, _ result: Compiler.Result, _ files: [SourceFile]) -> [String: [String: Int]] {
        let report = Linter.lint(
            catalog: result.catalog, model: model, sources: files, compilerDiagnostics: result.diagnostics,
            parsedQueries: result.parsedQueries)
        return LintDebt.byTeam(report, model: model)
    }
}
