import Foundation

/// YAML scalars written by hand: plain when unambiguous, otherwise quoted so that no catalog text can
/// change the document's structure (`: `, `#`, `&`, `*`, `!`, newlines, Unicode, …).
public enum YAMLText {
    /// A scalar for a string value. Never returns something YAML would read as another type.
    public static func string(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends `string(s)` to `out` (without building it on its own first).
    public static func append(_ s: String, to out: inout String) {
        if isPlainSafe(s) { out += s } else { appendQuoted(s, to: &out) }
    }

    /// The quoted form of a scalar that is not plain-safe: single quotes, or double quotes with escapes when it
    /// holds a control character (or a character YAML does not allow printed).
    static func appendQuoted(_ s: String, to out: inout String) {
        var quotes = 0
        var ascii = true
        for b in s.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b < 0x20 || b == 0x7F { out += doubleQuoted(s); return }
            if b == UInt8(ascii: "'") { quotes += 1 }
        }
        if !ascii {
            quotes = 0
            for u in s.unicodeScalars {
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u == "\u{FEFF}"
                    || u == "\u{2028}" || u == "\u{2029}" { out += doubleQuoted(s); return }
                if u == "'" { quotes += 1 }
            }
        }
        out += "'"
        if quotes == 0 {
            out += s
        } else {
            for c in s.unicodeScalars {
                out.unicodeScalars.append(c)
                if c == "'" { out.unicodeScalars.append(c) }
            }
        }
        out += "'"
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
        // `0x…`, `0o…` (the string is ASCII here, so bytes are characters).
        if first == UInt8(ascii: "0"), count >= 2 {
            let second = s.utf8[s.utf8.index(after: s.utf8.startIndex)]
            if second == UInt8(ascii: "x") || second == UInt8(ascii: "o") { return false }
        }
        if count <= 5, reserved.contains(s.lowercased()) { return false }
        // Only text starting with a digit, or spelling inf/nan, can read as a number (signs and dots are out above).
        let numeric = (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || "iInNsS".utf8.contains(first)
        if numeric, Double(s) != nil || Int(s) != nil { return false }
        return true
    }
}

/// Builds indented YAML text line by line, appending every piece to one buffer.
struct YAMLBuilder {
    private(set) var text = ""

    init(header: String? = GeneratedHeader.yaml) {
        if let header { text = header }
    }

    /// Reserves room for about `bytes` more bytes of text.
    mutating func reserve(_ bytes: Int) {
        text.reserveCapacity(text.utf8.count + bytes)
    }

    mutating func indent(_ indent: Int) {
        if indent < Self.indents.count {
            text += Self.indents[indent]
        } else {
            text += String(repeating: " ", count: indent)
        }
    }

    mutating func line(_ indent: Int, _ content: String) {
        self.indent(indent)
        text += content
        text += "\n"
    }

    private static let indents: [String] = (0...16).map { String(repeating: " ", count: $0) }

    /// `prefix` followed by `value` written as a YAML string (`- name: value`).
    mutating func scalar(_ indent: Int, _ prefix: String, _ value: String) {
        self.indent(indent)
        text += prefix
        YAMLText.append(value, to: &text)
        text += "\n"
    }

    /// `key: value` with both written as YAML strings.
    mutating func pair(_ indent: Int, _ key: String, _ value: String) {
        self.indent(indent)
        YAMLText.append(key, to: &text)
        text += ": "
        YAMLText.append(value, to: &text)
        text += "\n"
    }

    /// Text added as it is (whole lines, already indented and ending in a newline).
    mutating func append(_ lines: String) {
        text += lines
    }

    /// `key: value` with the value written as a YAML string.
    mutating func field(_ indent: Int, _ key: String, _ value: String) {
        self.indent(indent)
        text += key
        text += ": "
        YAMLText.append(value, to: &text)
        text += "\n"
    }

    /// `key: value` with a raw (already valid) YAML value.
    mutating func raw(_ indent: Int, _ key: String, _ value: String) {
        self.indent(indent)
        text += key
        text += ": "
        text += value
        text += "\n"
    }

    /// A mapping of string keys and values, keys sorted.
    mutating func map(_ indent: Int, _ key: String, _ pairs: [(String, String)]) {
        guard !pairs.isEmpty else { return }
        self.indent(indent)
        text += key
        text += ":\n"
        // Most callers pass pairs already sorted; the sort is stable, so sorted pairs stay as they are.
        var sorted = true
        for i in pairs.indices.dropFirst() where pairs[i].0 < pairs[i - 1].0 { sorted = false; break }
        for (k, v) in sorted ? pairs : pairs.sorted(by: { $0.0 < $1.0 }) {
            self.indent(indent + 2)
            YAMLText.append(k, to: &text)
            text += ": "
            YAMLText.append(v, to: &text)
            text += "\n"
        }
    }
}
