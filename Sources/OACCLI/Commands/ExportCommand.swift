import ArgumentParser
import OACCompiler
import OACImport

/// `oac export openslo CATALOG`: the catalog's services and SLOs as OpenSLO v1 documents.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the catalog in another SLO format.",
        subcommands: [OpenSLO.self])

    struct OpenSLO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openslo",
            abstract: "Write every service and SLO as OpenSLO v1 (stdout, or <service>.yaml under --out).")

        @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
        var catalog: String

        @Option(name: .long, help: "Write one <service>.yaml per service into this folder instead of stdout.")
        var out: String?

        @OptionGroup var diagnostics: DiagnosticOptions

        func validate() throws {
            if let out, let refusal = OutputFolder.refusal(out, inputs: [catalog]) { throw ValidationError(refusal) }
        }

        func run() throws {
            let (files, readDiagnostics, _) = CatalogReader.read(catalog)
            var result = Compiler.check(files)
            result.diagnostics.append(contentsOf: readDiagnostics)
            guard !result.diagnostics.hasErrors, let model = result.model else {
                diagnostics.report(result.diagnostics, toStandardError: true)
                throw ExitCode(1)
            }
            var exporter = OpenSLOExporter(model: model)
            let output = out == nil ? nil : exporter.files()
            let text = out == nil ? exporter.text() : ""
            result.diagnostics.append(contentsOf: exporter.diagnostics)
            diagnostics.report(result.diagnostics, toStandardError: true)
            guard let out, let output else {
                Terminal.standardOutput(text)
                return
            }
            do {
                try OutputWriter(destination: out, protecting: [catalog]).write(output)
            } catch {
                Terminal.standardError("error: \(error)\n")
                throw ExitCode(1)
            }
        }
    }
}
