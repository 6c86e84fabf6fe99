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
        // `withUTF8` reaches the bytes of small (≤ 15 byte) strings too, where `utf8.withContiguousStorage…`
        // gives up and the bytes would be copied into an array.
        var text = s
        let plain = text.withUTF8 { isPlainSafe(s, bytes: $0) }
        if plain { out += s } else { appendQuoted(s, to: &out) }
    }

    /// Appends the UTF-8 bytes of `string(s)` to `out`: one look at the bytes decides, and ASCII text goes in
    /// with one copy.
    public static func append(_ s: String, to out: inout [UInt8]) {
        var text = s
        text.withUTF8 { bytes in
            if isPlainSafe(s, bytes: bytes) {
                out.append(contentsOf: bytes)
                return
            }
            var quotes = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b >= 0x20 && b < 0x7F {
                    // Printable ASCII, the usual case.
                    if b == UInt8(ascii: "'") { quotes += 1 }
                    i += 1
                    continue
                }
                // Control characters, C1 controls (U+0080–U+009F: C2 80–C2 9F), the BOM (EF BB BF) and the line
                // and paragraph separators (E2 80 A8/A9) need double quotes: the String path writes them.
                let special: Bool
                switch b {
                case 0..<0x20, 0x7F: special = true
                case 0xC2: special = i + 1 < n && bytes[i + 1] < 0xA0
                case 0xE2: special = i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
                case 0xEF: special = i + 2 < n && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF
                default: special = false
                }
                if special {
                    var quoted = ""
                    appendQuoted(s, to: &quoted)
                    out.append(contentsOf: quoted.utf8)
                    return
                }
                if b == UInt8(ascii: "'") { quotes += 1 }
                i += 1
            }
            out.append(UInt8(ascii: "'"))
            if quotes == 0 {
                out.append(contentsOf: bytes)
            } else {
                for b in bytes {
                    out.append(b)
                    if b == UInt8(ascii: "'") { out.append(b) }
                }
            }
            out.append(UInt8(ascii: "'"))
        }
    }

    /// The quoted form of a scalar that is not plain-safe: single quotes, or double quotes with escapes when it
    /// holds a control character (or a character YAML does not allow printed).
    static func appendQuoted(_ s: String, to out: inout String) {
        // ASCII text (the usual case) is scanned as bytes; anything else as Unicode scalars.
        var text = s
        let scan: (quotes: Int, control: Bool)? = text.withUTF8 { bytes in
            var quotes = 0
            for b in bytes {
                if b >= 0x80 { return nil }
                if b < 0x20 || b == 0x7F { return (0, true) }
                if b == UInt8(ascii: "'") { quotes += 1 }
            }
            return (quotes, false)
        }
        var quotes = 0
        if let scan {
            if scan.control {
                out += doubleQuoted(s)
                return
            }
            quotes = scan.quotes
        } else {
            for u in s.unicodeScalars {
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u == "\u{FEFF}"
                    || u == "\u{2028}" || u == "\u{2029}"
                {
                    out += doubleQuoted(s)
                    return
                }
                if u == "'" { quotes += 1 }
            }
        }
        if quotes == 0 {
            out.reserveCapacity(out.utf8.count + s.utf8.count + 2)
            out += "'"
            out += s
        } else {
            out += "'"
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
                    || u == "\u{2028}" || u == "\u{2029}"
                {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""]
    static let reservedBytes: [[UInt8]] = reserved.map { Array($0.utf8) }

    static func isPlainSafe(_ s: String) -> Bool {
        var text = s
        return text.withUTF8 { isPlainSafe(s, bytes: $0) }
    }

    /// The bytes a plain scalar may hold anywhere (conservative: letters, digits and a few punctuation marks
    /// that are never indicators mid-scalar), as bit sets of the ASCII codes 0–63 and 64–127.
    static let plainLow: UInt64 = ((1 << 13) - 1) << 45  // - . / 0-9
    static let plainHigh: UInt64 = 1 | (((1 << 26) - 1) << 1) | (1 << 31) | (((1 << 26) - 1) << 33)  // @ A-Z _ a-z

    @inline(__always)
    static func isPlainByte(_ b: UInt8) -> Bool {
        if b < 64 { return (plainLow >> UInt64(b)) & 1 != 0 }
        if b < 128 { return (plainHigh >> UInt64(b - 64)) & 1 != 0 }
        return false
    }

    static func isPlainSafe(_ s: String, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !isPlainByte(b) { return false }
        guard let first = bytes.first else { return false }
        // `@` is reserved: YAML does not let a plain scalar start with it (`k: @x` does not parse).
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || first == UInt8(ascii: "@") { return false }
        // `0x…`, `0o…` (the text is ASCII here, so bytes are characters).
        if first == UInt8(ascii: "0"), bytes.count >= 2, bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o") {
            return false
        }
        if bytes.count <= 5, isReserved(bytes) { return false }
        // Only text starting with a digit, or spelling inf/infinity/nan/snan (at most 8 letters), can read as a
        // number (signs and dots are out above).
        if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            // Past a leading digit, a number holds only digits, `.`, an exponent and its sign, unless it is hex
            // (`0X…`; `0x…` is out above): anything else (`5m`, `1h`, `2d4h`) cannot parse, so skip parsing.
            let hex = bytes.count >= 2 && bytes[1] == UInt8(ascii: "X")
            if hex || bytes.allSatisfy(isDecimalByte), Double(s) != nil || Int(s) != nil { return false }
        } else if bytes.count <= 8 {
            switch first {
            case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "s"),
                UInt8(ascii: "S"):
                if Double(s) != nil || Int(s) != nil { return false }
            default:
                break
            }
        }
        return true
    }

    @inline(__always)
    static func isDecimalByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
            || b == UInt8(ascii: "E") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
    }

    /// Each reserved word of at most 5 letters packed into an integer, one byte per letter.
    static let reservedKeys: [UInt64] = reservedBytes.filter { !$0.isEmpty && $0.count <= 5 }.map { packed($0) }

    static func packed<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var key: UInt64 = 0
        for b in bytes { key = key << 8 | UInt64(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b) }
        return key
    }

    /// Whether ASCII text (at most 5 bytes, not empty), lowercased, is a word YAML 1.1 reads as a boolean or null.
    static func isReserved(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        return reservedKeys.contains(packed(bytes))
    }
}
