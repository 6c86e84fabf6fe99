/// XML (and HTML) escaping: the one function the report's SVG and HTML and the lint JUnit report use.
public enum XML {
    /// `s` as XML character data: the five predefined entities (`'` as `&#39;`, which HTML reads too), and
    /// the characters XML 1.0 cannot hold at all (C0 controls other than tab, newline and carriage return,
    /// U+FFFE, U+FFFF) left out. In an attribute value (`attribute: true`) tab, newline and carriage return
    /// are written as character references, since a parser turns them into spaces otherwise.
    public static func escape(_ s: String, attribute: Bool = false) -> String {
        // Most text (numbers, names, dates) has nothing to escape or drop: return it as it is. 0xEF leads the
        // encoding of U+FFFE and U+FFFF (and of other characters, which then take the slow path).
        if !s.utf8.contains(where: { b in
            b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "'") || (b < 0x20 && (attribute || (b != 0x09 && b != 0x0A && b != 0x0D))) || b == 0xEF
        }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r":
                if attribute { out += "&#\(scalar.value);" } else { out.unicodeScalars.append(scalar) }
            default:
                // C0 controls, U+FFFE/U+FFFF are not allowed in XML 1.0 documents.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
