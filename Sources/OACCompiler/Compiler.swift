import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACOutput

import enum OACPromQL.Expr

/// The translator's entry point: load → check → translate into the model. Rendering the model is
/// `OACPipeline`'s `Pipeline.compile`. Pure: files in, a model and diagnostics out.
public enum Compiler {
    public struct Result: Sendable {
        public var diagnostics: Diagnostics
        public var catalog: Catalog
        public var model: Model?
        /// Generated files, sorted by path: filled by `Pipeline.compile`; empty here and when there are errors.
        public var outputs: [OutputFile]
        /// Threshold queries the checks parsed, by text (for lint's rules, which read them again).
        public var parsedQueries: [String: Expr] = [:]
    }

    /// Loads and checks the catalog and builds the model (no rendering).
    public static func check(_ files: [SourceFile], reportEmpty: Bool = true) -> Result {
        let (catalog, loadDiagnostics) = CatalogLoader.load(files)
        var diagnostics = loadDiagnostics
        if files.isEmpty {
            if reportEmpty {
                diagnostics.error(
                    "no catalog files (*.yaml, *.yml) found", rule: CheckID.emptyCatalog, at: nil,
                    hint: "point oac at a catalog file or a folder that holds *.yaml files")
            }
            return Result(diagnostics: diagnostics, catalog: catalog, model: nil, outputs: [])
        }
        let (model, buildDiagnostics, parsedQueries) = ModelBuilder.buildParsing(catalog)
        diagnostics.append(contentsOf: buildDiagnostics)
        if let model, !diagnostics.hasErrors {
            diagnostics.append(contentsOf: ModelBuilder.checkTopology(catalog, model: model))
        }
        return Result(
            diagnostics: oneFindingPerCause(diagnostics), catalog: catalog,
            model: diagnostics.hasErrors ? nil : model, outputs: [], parsedQueries: parsedQueries)
    }

    /// Checks whose finding is a consequence of another check's at the same place: there the cause stands
    /// alone. `line`: anywhere on the line; `position`: at the same line and column.
    static let consequences: [(check: String, causes: Set<String>, samePosition: Bool)] = [
        // A file whose first document could not be read (not UTF-8, not YAML, not a mapping, no kind or apiVersion, keys
        // oac does not know) may be the Platform: "no Platform document" at its first line says nothing new.
        (
            CheckID.platformCount,
            [
                CheckID.readError, CheckID.yamlSyntax, CheckID.wrongType, CheckID.missingField, CheckID.apiVersion,
                CheckID.unknownKey, CheckID.unknownKind
            ], false
        ),
        // A key oac does not know standing where a required one is missing (a `<<` merge, a misspelling): the
        // unknown key is the cause, the missing field its consequence.
        (CheckID.missingField, [CheckID.unknownKey], true),
        (CheckID.apiVersion, [CheckID.unknownKey], true)
    ]

    /// Drops each finding whose cause (see `consequences`) was reported at the same place.
    static func oneFindingPerCause(_ diagnostics: Diagnostics) -> Diagnostics {
        var byLine: [String: Set<String>] = [:]
        var byPosition: [String: Set<String>] = [:]
        for d in diagnostics.items {
            guard let loc = d.location else { continue }
            byLine["\(loc.file):\(loc.line)", default: []].insert(d.ruleID)
            byPosition["\(loc.file):\(loc.line):\(loc.column)", default: []].insert(d.ruleID)
        }
        return Diagnostics(
            diagnostics.items.filter { d in
                guard let loc = d.location else { return true }
                for rule in consequences where rule.check == d.ruleID {
                    let there = rule.samePosition ? byPosition["\(loc.file):\(loc.line):\(loc.column)"] : byLine["\(loc.file):\(loc.line)"]
                    if let there, !there.isDisjoint(with: rule.causes) { return false }
                }
                return true
            })
    }
}
