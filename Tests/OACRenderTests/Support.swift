import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACTestSupport
import Testing

/// Builds models from catalog text, and reads fixtures.
enum RenderTestSupport {
    /// The resolved model of a one-file catalog; records the diagnostics and fails when there are errors.
    static func model(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Model {
        try CatalogBuilder.model(yaml, sourceLocation: sourceLocation)
    }

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The two-region federation catalog whose figures the estimate tests compute by hand.
    static let handCatalog = HandCatalog.text
}
