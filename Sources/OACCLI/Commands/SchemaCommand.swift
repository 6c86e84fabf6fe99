import ArgumentParser
import OACCatalog

/// `oac schema`: the catalog language's key tables (Sources/OACCatalog/Schema), for docs/catalog.md.
/// A maintainer's command, hidden from `oac --help`.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the catalog schema's key tables, or regenerate the tables of docs/catalog.md.",
        discussion: """
            `oac schema` prints every table. `oac schema --docs docs/catalog.md` prints that page with the tables between
            its `<!-- oac:schema ID -->` and `<!-- /oac:schema -->` markers regenerated; `--write` rewrites the page.
            """,
        shouldDisplay: false)

    @Option(name: .long, help: ArgumentHelp("The Markdown page whose marked tables to regenerate.", valueName: "file.md"))
    var docs: String?

    @Flag(name: .long, help: "Rewrite the page given with --docs instead of printing it.")
    var write = false

    func validate() throws {
        if write, docs == nil { throw ValidationError("--write needs --docs FILE") }
    }

    func run() throws {
        guard let docs else {
            Terminal.standardOutput(CatalogReference.all())
            return
        }
        let text = try ReportInputs.readText(docs)
        let filled: String
        do {
            filled = try CatalogReference.fill(text)
        } catch {
            Terminal.standardError("error: \(docs): \(error.description)\n")
            throw ExitCode(1)
        }
        if write {
            try FileIO.write(filled, to: docs)
        } else {
            Terminal.standardOutput(filled)
        }
    }
}
