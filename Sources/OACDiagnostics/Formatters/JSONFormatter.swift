import Foundation

/// A JSON document `{"diagnostics": [...], "errors": n, "warnings": n}` for scripts.
public struct JSONFormatter: Sendable {
    public init() {}

    struct Document: Encodable {
        var diagnostics: [Entry]
        var errors: Int
        var warnings: Int
    }

    struct Entry: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var rule: String
        var message: String
        var hint: String?
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        let doc = Document(
            diagnostics: diagnostics.map {
                Entry(
                    file: $0.location?.file, line: $0.location?.line, column: $0.location?.column,
                    severity: $0.severity.rawValue, rule: $0.ruleID, message: $0.message, hint: $0.hint)
            },
            errors: diagnostics.count { $0.severity == .error },
            warnings: diagnostics.count { $0.severity == .warning })
        return encodeJSON(doc)
    }
}

/// Stable, pretty, sorted-key JSON with a trailing newline.
func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
    return s + "\n"
}
