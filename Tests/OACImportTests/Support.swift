import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACImport
import Testing

/// Fixture paths and the import → catalog → compile round the importer tests share.
enum ImportSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(relative), encoding: .utf8)
    }

    /// A Sloth import of fixture files, with locations relative to the fixtures folder.
    static func sloth(_ files: [String]) throws -> (ImportedCatalog, Diagnostics) {
        var importer = SlothImporter()
        for f in files { importer.importFile(path: f, contents: try text(f)) }
        importer.catalog.sort()
        return (importer.catalog, importer.diagnostics)
    }

    static func openslo(_ files: [String]) throws -> (ImportedCatalog, Diagnostics) {
        var importer = OpenSLOImporter()
        for f in files { importer.importFile(path: f, contents: try text(f)) }
        importer.finish()
        return (importer.catalog, importer.diagnostics)
    }

    /// The catalog text with a minimal platform, loaded and checked by the compiler.
    static func compile(_ catalog: ImportedCatalog) -> Compiler.Result {
        let text = CatalogWriter(catalog, options: .init(platform: true)).text()
        return Compiler.compile([SourceFile(path: "imported.yaml", contents: text)])
    }

    /// `file:line:column: message` lines, for readable expectations.
    static func lines(_ d: Diagnostics) -> [String] {
        d.sorted.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.severity.rawValue) \($0.ruleID): \($0.message)" }
    }
}
