import Foundation
import OACSupport
import Testing
import Yams

@testable import OACRender

/// `YAMLText` decides plain or quoted on bytes (and `YAMLBuilder` writes bytes): these tests hold both to the
/// plain definition of the rules, written here on Unicode scalars and lowercased strings, on hostile text and
/// on many seeded short strings made of the characters where the decisions change.
@Suite("YAML text")
struct YAMLTextTests {
    // MARK: - Reference

    static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""]

    /// Plain when made only of letters, digits, `_ - . / @`, not starting with `-`, `.` or `@` (reserved: a plain
    /// scalar cannot start with it), not `0x…`/`0o…`, not a
    /// YAML 1.1 boolean or null in any case, and not something Swift reads as a number.
    static func referencePlain(_ s: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./@".unicodeScalars)
        guard !s.isEmpty, s.unicodeScalars.allSatisfy(allowed.contains) else { return false }
        if s.hasPrefix("-") || s.hasPrefix(".") || s.hasPrefix("@") || s.hasPrefix("0x") || s.hasPrefix("0o") { return false }
        if reservedWords.contains(s.lowercased()) { return false }
        return Double(s) == nil && Int(s) == nil
    }

    static func needsDoubleQuotes(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u == "\u{FEFF}"
            || u == "\u{2028}" || u == "\u{2029}"
    }

    static func reference(_ s: String) -> String {
        if referencePlain(s) { return s }
        if s.unicodeScalars.contains(where: needsDoubleQuotes) { return YAMLText.doubleQuoted(s) }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    // MARK: - Corpus

    static let hostile: [String] = [
        "", " ", "a", "A", "-", ".", "_", "@", "/", "~", "'", "\"", "''", "it's", "a'b'c", "checkout-api", "page",
        "5m", "1h", "2d4h", "30d", "0", "00", "007", "1e5", "1E5", "1e", "1.5", "1.2.3", "1_000", "0x1F", "0X1F",
        "0o17", "0b101", "1e-5", "-1", ".5", "5.", "inf", "Inf", "-inf", "infinity", "Infinity", "nan", "NaN",
        "snan", "sNaN", "nano", "info", "true", "True", "TRUE", "false", "yes", "No", "ON", "off", "null", "Null",
        "y", "Y", "n", "N", "yes!", "nulls", "truex", "a b", "a: b", "#x", "x#", "&a", "*a", "!a", "%a", "a,b",
        "[a]", "{a}", "a\nb", "a\tb", "a\rb", "\u{0}", "\u{7F}", "é", "naïve", "×", "a × b", "日本", "🙂",
        "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "a\u{85}b", "\u{FEFF}x", "x\u{2028}y", "x\u{2029}", "\u{2027}",
        "\u{FEFE}", "'é'", "é'", "{{ $labels.x }}", "@oncall", "team@example.com", "sum(rate(x{code=~\"5..\"}[5m]))",
        "The error ratio over the last 1h and 5m is above 6.72% (13.44 × the 0.5% budget)",
        String(repeating: "a", count: 15), String(repeating: "a", count: 16), String(repeating: "9", count: 40)
    ]

    /// Seeded short strings over the characters where the decisions turn.
    static let generated: [String] = {
        let alphabet: [String] = [
            "0", "1", "9", "x", "X", "o", "e", "E", ".", "-", "+", "_", "a", "f", "i", "n",
            "N", "s", "t", "y", "l", "u", "@", "'", " ", ":", "é", "×", "\u{85}", "\u{2028}",
            "\u{FEFF}", "\n", "🙂"
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<20_000).map { _ in
            let length = next() % 9
            return (0..<length).map { _ in alphabet[next() % alphabet.count] }.joined()
        }
    }()

    // MARK: - Tests

    @Test("string(_:) follows the reference on hostile and generated text")
    func stringMatchesReference() {
        for s in Self.hostile + Self.generated {
            #expect(YAMLText.string(s) == Self.reference(s), "\(s.debugDescription)")
        }
    }

    @Test("the byte writer and the String writer write the same scalar")
    func bytesMatchString() {
        for s in Self.hostile + Self.generated {
            var bytes: [UInt8] = []
            YAMLText.append(s, to: &bytes)
            var text = ""
            YAMLText.append(s, to: &text)
            #expect(String(decoding: bytes, as: UTF8.self) == text, "\(s.debugDescription)")
            #expect(text == YAMLText.string(s), "\(s.debugDescription)")
        }
    }

    @Test("a written scalar reads back as the same string")
    func roundTrip() throws {
        var y = YAMLBuilder(header: nil)
        // Yams' reader drops a U+FEFF at the start of a scalar's text (written escaped, `"\uFEFF…"`): those
        // are left to the reference comparison.
        let values = (Self.hostile + Self.generated.prefix(2000)).filter { !$0.hasPrefix("\u{FEFF}") }
        for (i, s) in values.enumerated() { y.pair(0, "k\(i)", s) }
        let loaded = try #require(try Yams.load(yaml: y.text, Resolver.basic) as? [String: String])
        for (i, s) in values.enumerated() {
            #expect(loaded["k\(i)"] == s, "\(s.debugDescription)")
        }
    }

    @Test("the builder writes indentation, keys and maps as text")
    func builder() {
        var y = YAMLBuilder()
        y.line(0, "groups:")
        y.scalar(2, "- name: ", "a:b")
        y.raw(4, "interval", "2m")
        y.field(4, "expr", "x > 1")
        y.map(4, "labels", [("b", "2"), ("a", "yes")])
        y.pair(40, "deep", "v")
        y.append([UInt8]("tail\n".utf8))
        #expect(
            y.text == GeneratedHeader.yaml + """
                groups:
                  - name: 'a:b'
                    interval: 2m
                    expr: 'x > 1'
                    labels:
                      a: 'yes'
                      b: '2'
                \(String(repeating: " ", count: 40))deep: v
                tail

                """)
    }
}
