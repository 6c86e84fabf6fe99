import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPipeline
import Testing

/// A catalog written inside a test: the standard prelude — one Platform and one Team — plus the documents the
/// test is about. Tests change only the prelude's parts they are about, so a reader sees what matters.
///
/// The standard prelude:
///
///     apiVersion: oac/v1
///     kind: Platform
///     metadata: {name: p}
///     spec:
///       prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
///       retentionTiers: [{name: std, metrics: {local: 15d, raw: 40d}, logs: 30d}]
///     ---
///     apiVersion: oac/v1
///     kind: Team
///     metadata: {name: t}
public struct CatalogBuilder: Sendable {
    public var platformName = "p"
    /// The value of the Platform's `prometheus:` key.
    public var prometheus = #"{version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}"#
    /// The value of the Platform's `retentionTiers:` key.
    public var retentionTiers = "[{name: std, metrics: {local: 15d, raw: 40d}, logs: 30d}]"
    /// Further lines of the Platform's `spec:` (e.g. `alerting: {...}`), written without indentation.
    public var platformSpec: [String] = []
    /// The Team documents' `metadata` name and `spec` body (nil: no spec).
    public var teams: [(name: String, spec: String?)] = [("t", nil)]
    /// The documents after the prelude, in order.
    public var documents: [String] = []

    public init() {}

    /// The Platform with `prometheus:` replaced (e.g. a longer retention).
    public func prometheus(_ value: String) -> Self {
        var c = self
        c.prometheus = value
        return c
    }

    /// The Platform with `retentionTiers:` replaced.
    public func retentionTiers(_ value: String) -> Self {
        var c = self
        c.retentionTiers = value
        return c
    }

    /// The Platform with more `spec:` lines (given unindented, one key per entry or a multi-line block).
    public func platform(_ spec: String) -> Self {
        var c = self
        c.platformSpec.append(spec)
        return c
    }

    /// Replaces the team list (`spec` unindented).
    public func teams(_ teams: [(name: String, spec: String?)]) -> Self {
        var c = self
        c.teams = teams
        return c
    }

    /// Appends a whole document (Service, IncidentLog, another Team …).
    public func adding(_ document: String) -> Self {
        var c = self
        c.documents.append(document)
        return c
    }

    /// Appends a Service owned by team `t` on tier `std` unless `spec` says otherwise; `spec` is the body of
    /// `spec:`, unindented.
    public func service(_ name: String, owner: String = "t", tier: String = "std", _ spec: String) -> Self {
        var body = ["owner: \(owner)", "tier: \(tier)"]
        body.append(spec)
        return adding("apiVersion: oac/v1\nkind: Service\nmetadata: {name: \(name)}\nspec:\n" + Self.indent(body.joined(separator: "\n")))
    }

    public var platformDocument: String {
        var spec = ["prometheus: \(prometheus)", "retentionTiers: \(retentionTiers)"]
        spec += platformSpec
        return "apiVersion: oac/v1\nkind: Platform\nmetadata: {name: \(platformName)}\nspec:\n" + Self.indent(spec.joined(separator: "\n"))
    }

    public var teamDocuments: [String] {
        teams.map { team in
            "apiVersion: oac/v1\nkind: Team\nmetadata: {name: \(team.name)}" + (team.spec.map { "\nspec:\n" + Self.indent($0) } ?? "")
        }
    }

    /// The catalog as one YAML file.
    public var text: String { ([platformDocument] + teamDocuments + documents).joined(separator: "\n---\n") + "\n" }

    public func files(path: String = "catalog.yaml") -> [SourceFile] { [SourceFile(path: path, contents: text)] }

    public func check() -> Compiler.Result { Compiler.check(files()) }

    public func compile() -> Compiler.Result { Pipeline.compile(files()) }

    /// The resolved model; the catalog's errors, if any, fail the test.
    public func model(sourceLocation: SourceLocation = #_sourceLocation) throws -> Model {
        let result = check()
        if result.diagnostics.hasErrors {
            Issue.record("catalog has errors: \(result.diagnostics.sorted)", sourceLocation: sourceLocation)
        }
        return try #require(result.model, sourceLocation: sourceLocation)
    }

    /// The generated files, path → text; the catalog's errors, if any, fail the test.
    public func outputs(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let result = compile()
        try #require(!result.diagnostics.hasErrors, "catalog has errors: \(result.diagnostics.sorted)", sourceLocation: sourceLocation)
        return Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.path, $0.contents) })
    }

    /// The resolved model of a whole one-file catalog written out by the test; its errors fail the test.
    public static func model(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Model {
        let result = Compiler.check([SourceFile(path: "catalog.yaml", contents: yaml)])
        if result.diagnostics.hasErrors {
            Issue.record("catalog has errors: \(result.diagnostics.sorted)", sourceLocation: sourceLocation)
        }
        return try #require(result.model, sourceLocation: sourceLocation)
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
