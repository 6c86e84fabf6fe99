import ArgumentParser
import OACCompiler

/// `oac compile CATALOG --out DIR`: check the catalog and write every output, atomically.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Check the catalog and write every generated file under --out (nothing is written on errors).")

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @Option(name: .long, help: "The output folder; replaced atomically on success.")
    var out: String

    @OptionGroup var diagnostics: DiagnosticOptions

    func run() throws {
        let (files, readDiagnostics) = CatalogReader.read(catalog)
        var result = Compiler.compile(files)
        result.diagnostics.append(contentsOf: readDiagnostics)
        diagnostics.report(result.diagnostics, toStandardError: true)
        guard !result.diagnostics.hasErrors else { throw ExitCode(1) }
        do {
            try OutputWriter(destination: out).write(result.outputs)
        } catch {
            Terminal.standardError("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
