import ArgumentParser
import Foundation
import OACDiagnostics
import OACModel
import OACReport

/// `oac snapshot CATALOG --prometheus URL --quarter Q -o FILE`: freeze a quarter's data into a versioned JSON file.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Read a quarter's daily SLO event counts and alert firings from Prometheus into a versioned JSON snapshot.",
        discussion: "`oac report --snapshot FILE` renders from it offline; `--previous FILE` uses it for the trend.")

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @Option(name: .long, help: "The quarter, e.g. 2026-Q3 (UTC).")
    var quarter: String

    @OptionGroup var source: PrometheusOptions

    @Option(name: [.short, .customLong("output")], help: "The snapshot file to write.")
    var output: String

    @OptionGroup var diagnostics: DiagnosticOptions

    func validate() throws {
        if output.isEmpty { throw ValidationError("-o is empty (an unset variable?); give the snapshot file") }
        guard Quarter(parsing: quarter) != nil else { throw ValidationError("--quarter must look like 2026-Q3, not `\(quarter)`") }
        guard source.prometheus != nil else { throw ValidationError("--prometheus URL is required") }
        try source.validate()
    }

    func run() throws {
        let loaded = try ReportInputs.loadChecked(catalog, diagnostics: diagnostics)
        let model = loaded.model
        var data = try source.fetch(Quarter(parsing: quarter)!, model: model)
        // The debt trend: next quarter's report compares its lint findings per team with these.
        data.lintFindings = ReportInputs.lintFindings(model, loaded.result, loaded.files)
        let known = Set(model.allSLOs.map { "\($0.service.name)/\($0.slo.name)" })
        var problems = Diagnostics()
        for s in data.slos where !known.contains("\(s.service)/\(s.slo)") {
            problems.warning(
                "Prometheus has SLO \(s.service)/\(s.slo), which the catalog does not define; it is kept in the snapshot",
                rule: ReportCheck.snapshotMismatch, at: nil)
        }
        diagnostics.report(problems, toStandardError: true)
        do {
            try FileIO.replace(output, with: data.encoded())
        } catch {
            Terminal.standardError("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
