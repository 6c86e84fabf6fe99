import ArgumentParser
import Foundation
import OACDiagnostics
import OACImport

/// `oac import sloth|openslo FILE…`: turn another tool's SLO specs into catalog YAML.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Sloth or OpenSLO specs as catalog YAML (stdout, or files under --out).",
        discussion: "What does not map is reported as a warning with its place in the spec; see docs/import.md.",
        subcommands: [Sloth.self, OpenSLO.self])

    /// Flags both formats share.
    struct Options: ParsableArguments {
        @Argument(help: "Spec files (YAML, one or more documents each).")
        var files: [String]

        @Option(name: .long, help: "Write <service>.yaml, teams.yaml (and platform.yaml) into this folder instead of stdout.")
        var out: String?

        @Option(name: .long, help: "Owner team of services whose spec names none (an existing team; default: a new team `imported`).")
        var owner: String = CatalogWriter.Options().owner

        @Option(name: .long, help: "Retention tier of services whose spec names none.")
        var tier: String = CatalogWriter.Options().tier

        @Flag(name: .long, help: "Also write a minimal Platform so the result compiles on its own.")
        var platform = false

        @OptionGroup var diagnostics: DiagnosticOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one spec file") }
            if let out, let refusal = OutputFolder.refusal(out, inputs: files) { throw ValidationError(refusal) }
        }

        /// Reads every file (reporting unreadable ones) and hands each to the importer.
        func read(_ each: (String, String) -> Void) -> Diagnostics {
            var d = Diagnostics()
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else {
                    d.error("cannot read \(path)", rule: CheckID.readError, at: nil)
                    continue
                }
                each(path, String(decoding: data, as: UTF8.self))
            }
            return d
        }

        func write(_ catalog: ImportedCatalog, diagnostics found: Diagnostics) throws {
            var found = found
            for s in catalog.services where s.owner == nil {
                found.warning(
                    "service `\(s.name)` names no owner; it is owned by `\(owner)`", rule: ImportCheck.notKept, at: nil,
                    hint: "pass --owner TEAM, or add an `owner` label to the spec")
            }
            diagnostics.report(found, toStandardError: true)
            guard !found.hasErrors else { throw ExitCode(1) }
            let writer = CatalogWriter(catalog, options: .init(owner: owner, tier: tier, platform: platform))
            guard let out else {
                Terminal.standardOutput(writer.text())
                return
            }
            do {
                try OutputWriter(destination: out, protecting: files).write(writer.files())
            } catch {
                Terminal.standardError("error: \(error)\n")
                throw ExitCode(1)
            }
        }
    }

    struct Sloth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Sloth prometheus/v1 specs, PrometheusServiceLevel resources and openslo/v1alpha SLOs.")

        @OptionGroup var options: Options

        func run() throws {
            var importer = SlothImporter()
            var found = options.read { importer.importFile(path: $0, contents: $1) }
            importer.catalog.sort()
            found.append(contentsOf: importer.diagnostics)
            try options.write(importer.catalog, diagnostics: found)
        }
    }

    struct OpenSLO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openslo",
            abstract: "Import OpenSLO v1 documents (references resolve across every file given).")

        @OptionGroup var options: Options

        func run() throws {
            var importer = OpenSLOImporter()
            var found = options.read { importer.importFile(path: $0, contents: $1) }
            importer.finish()
            found.append(contentsOf: importer.diagnostics)
            try options.write(importer.catalog, diagnostics: found)
        }
    }
}
