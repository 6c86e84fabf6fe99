import ArgumentParser
import OACCompiler
import OACDiagnostics
import OACLint
import OACModel

extension LintFormat: ExpressibleByArgument {}

/// `oac lint CATALOG [--base OLD]`: the compiler's checks plus the lint rules, for pull requests.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint the catalog: the compiler's checks plus rules on cardinality, SLOs, ownership, retention, secrets and PromQL.",
        discussion: """
            Exit codes: 0 no errors (with --strict: no errors or warnings), 1 findings that fail the run, 2 usage error.
            Configure rules in the Platform (spec.lint: {rule-id: off|note|warning|error}) or silence one line with
            `# oac:ignore rule-id`. `oac lint --list` prints the rules, `oac explain ID` one rule's docs.
            """)

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String?

    @Option(name: .long, help: "The catalog before the change: report only new findings, and the cost and cardinality diff.")
    var base: String?

    @Option(name: .long, help: "Output format: text, json, sarif, github, junit or markdown.")
    var format: LintFormat = .text

    @Flag(name: .long, help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Flag(name: .long, help: "Print the rules instead of linting (text, json or markdown; markdown is docs/lint.md).")
    var list = false

    @Flag(name: .long, help: "Never color the output (NO_COLOR does the same).")
    var noColor = false

    @Flag(name: .long, help: "Print no summary line on success.")
    var quiet = false

    func validate() throws {
        if list {
            guard catalog == nil, base == nil else { throw ValidationError("--list takes no catalog") }
            guard [.text, .json, .markdown].contains(format) else {
                throw ValidationError("--list prints text, json or markdown")
            }
        } else if catalog == nil {
            throw ValidationError("missing the catalog to lint (or --list)")
        }
    }

    func run() throws {
        if list {
            Terminal.standardOutput(Self.listing(format))
            return
        }
        if let base {
            let (baseReport, baseModel) = Self.lint(base)
            var (report, model) = Self.lint(catalog ?? "", base: baseModel)
            report.findings = Linter.newFindings(report.findings, base: baseReport.findings)
            report.compareCost(base: baseModel, head: model)
            try emit(report)
        } else {
            try emit(Self.lint(catalog ?? "").0)
        }
    }

    func emit(_ report: LintReport) throws {
        let color = format == .text && !noColor && Terminal.colorAllowed(fileDescriptor: 1)
        Terminal.standardOutput(format.render(report, color: color))
        if report.fails(strict: strict) { throw ExitCode(1) }
        // The summary goes to standard error: machine formats on standard output stay as they are.
        if !quiet {
            let found = LintFormat.summary(report)
            Terminal.standardError("oac lint: ok, \(found.isEmpty ? "no findings" : found)\n")
        }
    }

    /// `base`: the model of the catalog before the change, for the rules about the change.
    static func lint(_ path: String, base: Model? = nil) -> (LintReport, Model?) {
        let (files, readDiagnostics, _) = CatalogReader.read(path)
        var result = Compiler.check(files)
        result.diagnostics.append(contentsOf: readDiagnostics)
        let report = Linter.lint(
            catalog: result.catalog, model: result.model, sources: files,
            compilerDiagnostics: result.diagnostics, parsedQueries: result.parsedQueries, base: base)
        ProcessLifetime.keep((files, result))
        return (report, result.model)
    }

    static func listing(_ format: LintFormat) -> String {
        switch format {
        case .markdown: return RuleDocs.markdown()
        case .json: return RuleDocs.json()
        default: return RuleDocs.list()
        }
    }
}
