import ArgumentParser
import Foundation
import OACCompiler
import OACDiagnostics
import OACModel
import OACReport

/// `oac report CATALOG --quarter Q (--prometheus URL | --snapshot FILE) --out DIR`: the quarterly scorecard.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the quarterly executive scorecard (HTML, SVG, summary.json, summary.md) into --out.",
        discussion: """
            Data comes from a Prometheus-compatible API (--prometheus: Prometheus, Thanos Query, Mimir) or, offline, \
            from a snapshot written by `oac snapshot` (--snapshot). --previous adds last quarter's snapshot for the \
            trend; --incidents adds a PagerDuty incidents CSV export to the catalog's IncidentLog documents. See docs/report.md.

            Exit codes: 0 written, 1 errors (catalog, data, Prometheus unreachable; nothing written), 2 usage error.
            """)

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @Option(name: .long, help: "The quarter, e.g. 2026-Q3 (UTC).")
    var quarter: String

    @OptionGroup var source: PrometheusOptions

    @Option(name: .long, help: ArgumentHelp("Render offline from a snapshot file written by `oac snapshot`.", valueName: "file"))
    var snapshot: String?

    @Option(name: .long, help: ArgumentHelp("Last quarter's snapshot, for the trend.", valueName: "file"))
    var previous: String?

    @Option(name: .long, help: ArgumentHelp("A PagerDuty incidents CSV export to add to the catalog's incidents.", valueName: "file.csv"))
    var incidents: String?

    @Option(name: .long, help: ArgumentHelp("A folder of Mustache templates replacing templates/report (index.mustache, style.mustache).", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("The output folder; replaced atomically on success.", valueName: "dir"))
    var out: String

    @OptionGroup var diagnostics: DiagnosticOptions

    func validate() throws {
        guard Quarter(parsing: quarter) != nil else { throw ValidationError("--quarter must look like 2026-Q3, not `\(quarter)`") }
        if (source.prometheus == nil) == (snapshot == nil) {
            throw ValidationError("give exactly one of --prometheus URL and --snapshot FILE")
        }
        try source.validate()
        let read = [catalog] + [snapshot, previous, incidents, templates].compactMap { $0 }
        if let refusal = OutputFolder.refusal(out, inputs: read) { throw ValidationError(refusal) }
    }

    func run() throws {
        let quarter = Quarter(parsing: quarter)!
        var problems = Diagnostics()
        let loaded = try ReportInputs.loadChecked(catalog, diagnostics: diagnostics)
        let model = loaded.model

        let data: Snapshot
        if let snapshot {
            data = try ReportInputs.readSnapshot(snapshot, expecting: quarter, into: &problems)
        } else {
            data = try source.fetch(quarter, model: model)
        }
        let previousData = try previous.map { try ReportInputs.readSnapshot($0, expecting: quarter.previous, into: &problems) }
        var exported: [ReportIncident] = []
        if let incidents {
            let text = try ReportInputs.readText(incidents)
            let result = PagerDutyCSV.parse(text, path: incidents, model: model)
            exported = result.incidents
            problems.append(contentsOf: result.diagnostics)
        }
        let templateSet = try templates.map(ReportInputs.readTemplates) ?? .defaults

        var builder = ScorecardBuilder(model: model, alertRules: ReportInputs.alertRules(model))
        builder.criticalTiers = ReportInputs.criticalTiers(loaded.result.catalog)
        builder.lintFindings = ReportInputs.lintFindings(model, loaded.result, loaded.files)
        let card = builder.build(data: data, previous: previousData, incidents: ReportIncident.merge(catalog: model.incidents, exported: exported))
        for unknown in card.dataQuality.unknown {
            problems.warning(
                "the data has SLO \(unknown), which the catalog does not define; it is left out",
                rule: ReportCheck.snapshotMismatch, at: nil)
        }
        diagnostics.report(problems, toStandardError: true)
        guard !problems.hasErrors else { throw ExitCode(1) }
        do {
            let (files, warnings) = try ReportRenderer(templates: templateSet, oacVersion: OACVersion.current).renderChecked(card)
            if let templates {
                var found = Diagnostics()
                for w in warnings {
                    let file = templates + "/" + w.template + ".mustache"
                    found.warning(
                        w.message, rule: ReportCheck.templateUnknownKey,
                        at: SourceLocation(file: file, line: w.line, column: w.column),
                        hint: w.suggestion.map { "did you mean `\($0)`? docs/report.md lists the keys" } ?? "docs/report.md lists the keys")
                }
                diagnostics.report(found, toStandardError: true)
            }
            try OutputWriter(destination: out, protecting: [catalog] + [snapshot, previous, incidents, templates].compactMap { $0 }).write(files)
        } catch {
            Terminal.standardError("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
