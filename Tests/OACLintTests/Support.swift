import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACLint
import OACTestSupport

/// Lints in-memory catalogs the way `oac lint` does: compiler checks, then the rules.
enum LintHarness {
    static func lint(
        _ files: [SourceFile], registry: RuleRegistry = .standard,
        base: [SourceFile]? = nil
    ) -> (report: LintReport, compiler: Diagnostics) {
        let result = Compiler.check(files)
        let report = Linter.lint(
            catalog: result.catalog, model: result.model, sources: files,
            compilerDiagnostics: result.diagnostics, registry: registry,
            base: base.flatMap { Compiler.check($0).model })
        return (report, result.diagnostics)
    }

    /// A rule's example with the prelude documents it leaves out. `base`: the catalog before the change
    /// (`--base`); the rule examples use their passing snippet, which only rules about a change read.
    static func lintExample(_ snippet: String, base: String? = nil) -> (report: LintReport, compiler: Diagnostics) {
        lint(RuleExamples.files(for: snippet), base: base.map { RuleExamples.files(for: $0) })
    }

    /// Findings of one rule as `file:line:column`.
    static func places(_ report: LintReport, rule: String) -> [String] {
        report.diagnostics.filter { $0.ruleID == rule }.map { d in
            d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-"
        }
    }

    /// Every *.yaml below a folder of the repository, as the CLI reads it.
    static func catalog(_ relative: String) -> [SourceFile] { Repository.catalog(relative) }
}
