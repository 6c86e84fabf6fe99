import ArgumentParser
import OACCompiler

/// `oac check CATALOG`: diagnostics only, nothing written.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the catalog and print its diagnostics; writes nothing.")

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @OptionGroup var diagnostics: DiagnosticOptions

    func run() throws {
        let (files, readDiagnostics, _) = CatalogReader.read(catalog)
        var result = Compiler.check(files, reportEmpty: readDiagnostics.isEmpty)
        result.diagnostics.append(contentsOf: readDiagnostics)
        ProcessLifetime.keep((files, result))
        diagnostics.report(result.diagnostics, toStandardError: false)
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
