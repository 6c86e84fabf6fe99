import ArgumentParser
import OACCompiler
import OACPipeline

/// `oac check CATALOG`: diagnostics only, nothing written.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the catalog and print its diagnostics; writes nothing.")

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @OptionGroup var diagnostics: DiagnosticOptions

    @Flag(name: .long, help: "Print no summary line on success.")
    var quiet = false

    func run() throws {
        let (files, readDiagnostics, _) = CatalogReader.read(catalog)
        var result = Pipeline.check(files, reportEmpty: readDiagnostics.isEmpty)
        result.diagnostics.append(contentsOf: readDiagnostics)
        ProcessLifetime.keep((files, result))
        diagnostics.report(result.diagnostics, toStandardError: false)
        if result.diagnostics.hasErrors { throw ExitCode(1) }
        if !quiet, let model = result.model {
            let slos = model.services.reduce(0) { $0 + $1.slos.count }
            let warnings = result.diagnostics.items.count { $0.severity == .warning }
            Terminal.standardError(
                "oac check: ok, \(Self.count(model.services.count, "service")), \(Self.count(slos, "SLO")), \(Self.count(warnings, "warning"))\n")
        }
    }

    /// "1 service", "3 SLOs".
    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
