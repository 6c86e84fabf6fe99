import Foundation

/// YAML scalars written by hand: plain when unambiguous, otherwise quoted so that no catalog text can
/// change the document's structure (`: `, `#`, `&`, `*`, `!`, newlines, Unicode, …).
public enum YAMLText {
    /// A scalar for a string value. Never returns something YAML would read as another type.
    public static func string(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var quotes = 0
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u == "\u{FEFF}"
                || u == "\u{2028}" || u == "\u{2029}" { return doubleQuoted(s) }
            if u == "'" { quotes += 1 }
        }
        if quotes == 0 { return "'" + s + "'" }
        var out = "'"
        out.reserveCapacity(s.utf8.count + quotes + 2)
        for c in s.unicodeScalars {
            out.unicodeScalars.append(c)
            if c == "'" { out.unicodeScalars.append(c) }
        }
        return out + "'"
    }

    /// A double-quoted scalar with YAML escapes.
    public static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u == "\u{FEFF}"
                    || u == "\u{2028}" || u == "\u{2029}" {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""]

    static func isPlainSafe(_ s: String) -> Bool {
        // Conservative: letters, digits and a few punctuation marks that are never indicators mid-scalar.
        var count = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "/"), UInt8(ascii: "@"):
                count += 1
            default:
                return false
            }
        }
        guard let first = s.utf8.first else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") { return false }
        if s.hasPrefix("0x") || s.hasPrefix("0o") { return false }
        if count <= 5, reserved.contains(s.lowercased()) { return false }
        // Only text starting with a digit, or spelling inf/nan, can read as a number (signs and dots are out above).
        let numeric = (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || "iInNsS".utf8.contains(first)
        if numeric, Double(s) != nil || Int(s) != nil { return false }
        return true
    }
}

/// Builds indented YAML text line by line.
struct YAMLBuilder {
    private(set) var text = ""

    init(header: String? = GeneratedHeader.yaml) {
        if let header { text = header }
    }

    mutating func line(_ indent: Int, _ content: String) {
        text += Self.indents[indent < Self.indents.count ? indent : 0]
        if indent >= Self.indents.count { text += String(repeating: " ", count: indent) }
        text += content
        text += "\n"
    }

    private static let indents: [String] = (0...16).map { String(repeating: " ", count: $0) }

    /// `key: value` with the value written as a YAML string.
    mutating func field(_ indent: Int, _ key: String, _ value: String) {
        line(indent, "\(key): \(YAMLText.string(value))")
    }

    /// `key: value` with a raw (already valid) YAML value.
    mutating func raw(_ indent: Int, _ key: String, _ value: String) {
        line(indent, "\(key): \(value)")
    }

    /// A mapping of string keys and values, keys sorted.
    mutating func map(_ indent: Int, _ key: String, _ pairs: [(String, String)]) {
        guard !pairs.isEmpty else { return }
        line(indent, "\(key):")
        for (k, v) in pairs.sorted(by: { $0.0 < $1.0 }) { line(indent + 2, "\(YAMLText.string(k)): \(YAMLText.string(v))") }
    }
}
