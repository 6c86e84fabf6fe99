import ArgumentParser
import Foundation
import OACCompiler
import OACModel
import OACRender
import OACSupport

/// `oac cost CATALOG`: the cardinality and cost estimate as a table (or JSON), nothing written.
struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Estimate active series, samples/s, log volume and monthly cost per service, team and region.")

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @Flag(name: .long, help: "Print cost/estimate.json instead of a table.")
    var json = false

    @OptionGroup var diagnostics: DiagnosticOptions

    func run() throws {
        let (files, readDiagnostics, _) = CatalogReader.read(catalog)
        var result = Compiler.check(files)
        result.diagnostics.append(contentsOf: readDiagnostics)
        diagnostics.report(result.diagnostics, toStandardError: true)
        guard !result.diagnostics.hasErrors, let model = result.model else { throw ExitCode(1) }
        let estimate = CostEstimate.estimate(model)
        print(json ? StableJSON.text(estimate) : CostTable.render(estimate), terminator: "")
    }
}
