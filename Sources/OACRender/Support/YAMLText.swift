import Foundation

/// YAML scalars written by hand: plain when unambiguous, otherwise quoted so that no catalog text can
/// change the document's structure (`: `, `#`, `&`, `*`, `!`, newlines, Unicode, …).
public enum YAMLText {
    /// A scalar for a string value. Never returns something YAML would read as another type.
    public static func string(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !($0.value >= 0x80 && $0.value < 0xA0)
            && $0 != "\u{FEFF}" && $0 != "\u{2028}" && $0 != "\u{2029}" }) {
            return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return doubleQuoted(s)
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
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if reserved.contains(s.lowercased()) { return false }
        if Double(s) != nil || Int(s) != nil { return false }
        if s.hasPrefix("0x") || s.hasPrefix("0o") || s.hasPrefix(".") { return false }
        if first == " " || last == " " || first == "-" || first == "?" || first == ":" { return false }
        // Conservative: letters, digits and a few punctuation marks that are never indicators mid-scalar.
        return s.unicodeScalars.allSatisfy { u in
            (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || "_-./@".unicodeScalars.contains(u)
        }
    }
}

/// Builds indented YAML text line by line.
struct YAMLBuilder {
    private(set) var text = ""

    init(header: String? = GeneratedHeader.yaml) {
        if let header { text = header }
    }

    mutating func line(_ indent: Int, _ content: String) {
        text += String(repeating: " ", count: indent) + content + "\n"
    }

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
