import Foundation
import OACModel
import Testing

/// `String.replacing(_:)` (Sources/OACModel/TextReplacement.swift): the one-pass escaping every renderer uses.
@Suite("Text replacement")
struct TextReplacementTests {
    /// A table like the renderers': a YAML double-quoted escape, where `\` must not be escaped twice.
    static let table: KeyValuePairs<Unicode.Scalar, String> = ["\\": "\\\\", "\"": "\\\"", "\n": "\\n"]

    @Test(
        "each character is replaced once, as replacingOccurrences would in table order",
        arguments: ["", "plain", #"a "quoted" \ back"#, "two\nlines\n", "é ü 日本 \"x\"", #"\\\""#])
    func sameAsReplacingOccurrences(text: String) {
        var expected = text
        for (character, replacement) in Self.table {
            expected = expected.replacingOccurrences(of: String(Character(character)), with: replacement)
        }
        #expect(text.replacing(Self.table) == expected)
    }

    @Test("a backslash and a quote become two escapes, not four")
    func escapesOnce() {
        #expect(#"\""#.replacing(Self.table) == #"\\\""#)
    }
}
