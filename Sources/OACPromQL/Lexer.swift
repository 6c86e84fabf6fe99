/// Token kinds produced by the PromQL lexer.
enum TokenKind: Equatable, Sendable {
    /// Identifiers, metric identifiers (with `:`) and keywords (`sum`, `by`, `and`, `offset`, `inf`…).
    case identifier(String)
    case number(Double)
    case duration(PromDuration)
    case string(String)
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at
    /// `=` (label matching)
    case assign
    /// `!=`
    case notEqual
    /// `=~`
    case regexMatch
    /// `!~`
    case regexNoMatch
    /// `==`
    case equalEqual
    case less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, percent, caret
    case eof
}

struct Token: Sendable {
    var kind: TokenKind
    /// Scalar index of the first scalar.
    var start: Int
    /// Scalar index one past the last scalar.
    var end: Int
}

extension TokenKind {
    /// Human readable description for error messages (Prometheus style).
    var display: String {
        switch self {
        case .identifier(let s): return "identifier \"\(s)\""
        case .number: return "number"
        case .duration(let d): return "duration \"\(d)\""
        case .string(let s): return "string \(PromQL.quote(s))"
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .leftBrace: return "\"{\""
        case .rightBrace: return "\"}\""
        case .leftBracket: return "\"[\""
        case .rightBracket: return "\"]\""
        case .comma: return "\",\""
        case .colon: return "\":\""
        case .at: return "\"@\""
        case .assign: return "\"=\""
        case .notEqual: return "\"!=\""
        case .regexMatch: return "\"=~\""
        case .regexNoMatch: return "\"!~\""
        case .equalEqual: return "\"==\""
        case .less: return "\"<\""
        case .lessEqual: return "\"<=\""
        case .greater: return "\">\""
        case .greaterEqual: return "\">=\""
        case .plus: return "\"+\""
        case .minus: return "\"-\""
        case .star: return "\"*\""
        case .slash: return "\"/\""
        case .percent: return "\"%\""
        case .caret: return "\"^\""
        case .eof: return "end of input"
        }
    }
}

/// Turns a PromQL string into tokens. Comments and whitespace are skipped.
struct Lexer {
    let source: SourceText
    private var scalars: [Unicode.Scalar] { source.scalars }
    private var i = 0
    /// Open delimiters (`(`, `{`, `[`) used to decide whether `:` starts an identifier.
    private var openers: [Unicode.Scalar] = []

    init(source: SourceText) { self.source = source }

    static func tokenize(_ source: SourceText) throws(PromQLError) -> [Token] {
        var lexer = Lexer(source: source)
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let j = i + offset
        return j >= 0 && j < scalars.count ? scalars[j] : nil
    }

    static func isAlpha(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isAlnum(_ c: Unicode.Scalar) -> Bool { isAlpha(c) || isDigit(c) }
    static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F")
    }

    private var insideBrackets: Bool { openers.last == "[" }

    mutating func next() throws(PromQLError) -> Token {
        // Skip whitespace and comments.
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
            } else if c == "#" {
                while let d = peek(), d != "\n", d != "\r" { i += 1 }
            } else {
                break
            }
        }
        let start = i
        guard let c = peek() else { return Token(kind: .eof, start: i, end: i) }

        func simple(_ kind: TokenKind, _ length: Int) -> Token {
            i += length
            return Token(kind: kind, start: start, end: i)
        }

        switch c {
        case "(":
            openers.append(c)
            return simple(.leftParen, 1)
        case "{":
            openers.append(c)
            return simple(.leftBrace, 1)
        case "[":
            openers.append(c)
            return simple(.leftBracket, 1)
        case ")", "}", "]":
            if !openers.isEmpty { openers.removeLast() }
            return simple(c == ")" ? .rightParen : c == "}" ? .rightBrace : .rightBracket, 1)
        case ",": return simple(.comma, 1)
        case "@": return simple(.at, 1)
        case "+": return simple(.plus, 1)
        case "-": return simple(.minus, 1)
        case "*": return simple(.star, 1)
        case "/": return simple(.slash, 1)
        case "%": return simple(.percent, 1)
        case "^": return simple(.caret, 1)
        case "=":
            if peek(1) == "=" { return simple(.equalEqual, 2) }
            if peek(1) == "~" { return simple(.regexMatch, 2) }
            return simple(.assign, 1)
        case "!":
            if peek(1) == "=" { return simple(.notEqual, 2) }
            if peek(1) == "~" { return simple(.regexNoMatch, 2) }
            throw source.error("unexpected character after \"!\": expected \"=\" or \"~\"", at: start)
        case "<":
            if peek(1) == "=" { return simple(.lessEqual, 2) }
            return simple(.less, 1)
        case ">":
            if peek(1) == "=" { return simple(.greaterEqual, 2) }
            return simple(.greater, 1)
        case "\"", "'", "`":
            return try lexString(quote: c)
        case ":":
            if insideBrackets { return simple(.colon, 1) }
            return lexIdentifier()
        default:
            break
        }
        if Lexer.isDigit(c) || (c == "." && peek(1).map(Lexer.isDigit) == true) {
            return try lexNumberOrDuration()
        }
        if Lexer.isAlpha(c) {
            return lexIdentifier()
        }
        throw source.error("unexpected character \(Lexer.describe(c))", at: start)
    }

    static func describe(_ c: Unicode.Scalar) -> String {
        if c.value < 0x20 || c.value == 0x7f || (c.value >= 0x80 && c.value < 0xa0) {
            return "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
        }
        return "'\(Character(c))'"
    }

    private mutating func lexIdentifier() -> Token {
        let start = i
        while let c = peek(), Lexer.isAlnum(c) || (c == ":" && !insideBrackets) { i += 1 }
        let text = SourceText.string(scalars[start..<i])
        return Token(kind: .identifier(text), start: start, end: i)
    }

    private mutating func lexNumberOrDuration() throws(PromQLError) -> Token {
        let start = i
        var j = i
        func at(_ k: Int) -> Unicode.Scalar? { k < scalars.count ? scalars[k] : nil }
        // Scan a plain number: hex, or decimal with fraction and exponent.
        if at(j) == "0", let x = at(j + 1), x == "x" || x == "X", let h = at(j + 2), Lexer.isHexDigit(h) {
            j += 2
            while let d = at(j), Lexer.isHexDigit(d) { j += 1 }
        } else {
            while let d = at(j), Lexer.isDigit(d) { j += 1 }
            if at(j) == "." {
                j += 1
                while let d = at(j), Lexer.isDigit(d) { j += 1 }
            }
            if let e = at(j), e == "e" || e == "E" {
                var k = j + 1
                if let s = at(k), s == "+" || s == "-" { k += 1 }
                if let d = at(k), Lexer.isDigit(d) {
                    j = k
                    while let d = at(j), Lexer.isDigit(d) { j += 1 }
                }
            }
        }
        let followedByWord = at(j).map { Lexer.isAlnum($0) || $0 == "." } ?? false
        if !followedByWord {
            let text = SourceText.string(scalars[start..<j])
            guard let value = Lexer.parseNumber(text) else {
                throw source.error("bad number syntax: \"\(text)\"", at: start)
            }
            // Prometheus parses a number with Go's ParseInt (base from the prefix), then ParseFloat.
            if text.hasPrefix("0x") || text.hasPrefix("0X"), !Lexer.hexFitsInt64(text) {
                throw source.error("number out of range: \"\(text)\" (hexadecimal numbers must fit in 63 bits, at most 0x7fffffffffffffff)", at: start)
            }
            if !value.isFinite {
                throw source.error("number out of range: \"\(text)\" (the largest is about 1.8e308)", at: start)
            }
            if let octal = Lexer.octalValue(text), octal != value {
                throw source.error(
                    "ambiguous number \"\(text)\": Prometheus reads a leading 0 as octal, so it means \(Printer.number(octal)); write \(Printer.number(octal)) or \(Printer.number(value)) without the leading 0",
                    at: start)
            }
            i = j
            return Token(kind: .number(value), start: start, end: j)
        }
        // Maybe a duration such as 5m, 1h30m, 500ms.
        var k = start
        while let d = at(k), Lexer.isAlnum(d) || d == "." { k += 1 }
        let word = SourceText.string(scalars[start..<k])
        if let d = PromDuration(parsing: word) {
            i = k
            return Token(kind: .duration(d), start: start, end: k)
        }
        let looksLikeDuration = word.unicodeScalars.allSatisfy { Lexer.isDigit($0) || "ywdhms".unicodeScalars.contains($0) }
        if looksLikeDuration {
            throw source.error("bad duration syntax: \"\(word)\"", at: start)
        }
        throw source.error("bad number or duration syntax: \"\(word)\"", at: start)
    }

    static func parseNumber(_ text: String) -> Double? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            var v: Double = 0
            for c in text.unicodeScalars.dropFirst(2) {
                guard let h = Int(String(c), radix: 16) else { return nil }
                v = v * 16 + Double(h)
            }
            return v
        }
        var t = text
        if t.hasPrefix(".") { t = "0" + t }
        if t.hasSuffix(".") { t += "0" }
        return Double(t)
    }

    /// Whether a `0x…` number fits Go's `ParseInt(text, 0, 64)` (Prometheus refuses larger hexadecimal numbers:
    /// ParseFloat takes hexadecimal only with a `p` exponent).
    static func hexFitsInt64(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst(2).drop { $0 == UInt8(ascii: "0") }
        guard let first = digits.first else { return true }
        return digits.count < 16 || digits.count == 16 && first >= UInt8(ascii: "0") && first <= UInt8(ascii: "7")
    }

    /// The value Go's `ParseInt(text, 0, 64)` gives a decimal-looking number with a leading 0 and only the
    /// digits 0…7 (`010` is 8), as Prometheus reads it; nil for every other number.
    static func octalValue(_ text: String) -> Double? {
        let digits = Array(text.utf8)
        guard digits.count > 1, digits.count <= 22, digits[0] == UInt8(ascii: "0"),
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") })
        else { return nil }
        var v: UInt64 = 0
        for d in digits.dropFirst() {
            let (shifted, overflow) = v.multipliedReportingOverflow(by: 8)
            guard !overflow, shifted <= UInt64(Int64.max) - UInt64(d - 48) else { return nil }
            v = shifted + UInt64(d - 48)
        }
        return Double(v)
    }

    private mutating func lexString(quote: Unicode.Scalar) throws(PromQLError) -> Token {
        let start = i
        i += 1
        var bytes: [UInt8] = []
        func appendScalar(_ s: Unicode.Scalar) { UTF8.encode(s) { bytes.append($0) } }
        while true {
            guard let c = peek() else {
                throw source.error("unterminated quoted string", at: start)
            }
            if c == quote {
                i += 1
                break
            }
            if quote == "`" {
                appendScalar(c)
                i += 1
                continue
            }
            if c == "\n" || c == "\r" {
                throw source.error("unterminated quoted string", at: start)
            }
            if c != "\\" {
                appendScalar(c)
                i += 1
                continue
            }
            // Escape sequence (Go rules).
            let escStart = i
            guard let e = peek(1) else { throw source.error("unterminated quoted string", at: start) }
            i += 2
            switch e {
            case "a": bytes.append(0x07)
            case "b": bytes.append(0x08)
            case "f": bytes.append(0x0c)
            case "n": bytes.append(0x0a)
            case "r": bytes.append(0x0d)
            case "t": bytes.append(0x09)
            case "v": bytes.append(0x0b)
            case "\\": bytes.append(0x5c)
            case "\"", "'":
                guard e == quote else {
                    throw source.error("invalid escape sequence \"\\\(Character(e))\" in quoted string", at: escStart)
                }
                appendScalar(e)
            case "x":
                let v = try hexDigits(2, escStart: escStart)
                bytes.append(UInt8(v))
            case "u", "U":
                let v = try hexDigits(e == "u" ? 4 : 8, escStart: escStart)
                guard let s = Unicode.Scalar(v) else {
                    throw source.error("invalid Unicode code point in escape sequence", at: escStart)
                }
                appendScalar(s)
            case "0"..."7":
                var v = Int(e.value - 48)
                for _ in 0..<2 {
                    guard let d = peek(), d >= "0", d <= "7" else {
                        throw source.error("invalid octal escape sequence (expected three octal digits)", at: escStart)
                    }
                    v = v * 8 + Int(d.value - 48)
                    i += 1
                }
                guard v <= 255 else {
                    throw source.error("octal escape value > 255: \(v)", at: escStart)
                }
                bytes.append(UInt8(v))
            default:
                if e == "\n" || e == "\r" { throw source.error("unterminated quoted string", at: start) }
                throw source.error("invalid escape sequence \"\\\(Character(e))\" in quoted string", at: escStart)
            }
        }
        guard let value = String(validating: bytes, as: UTF8.self) else {
            throw source.error("invalid UTF-8 in quoted string", at: start)
        }
        return Token(kind: .string(value), start: start, end: i)
    }

    private mutating func hexDigits(_ n: Int, escStart: Int) throws(PromQLError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<n {
            guard let d = peek(), Lexer.isHexDigit(d), let h = UInt32(String(Character(d)), radix: 16) else {
                throw source.error("invalid escape sequence: expected \(n) hexadecimal digits", at: escStart)
            }
            v = v &* 16 &+ h
            i += 1
        }
        return v
    }
}

extension String {
    func leftPadded(to n: Int, with pad: Character = "0") -> String {
        count >= n ? self : String(repeating: pad, count: n - count) + self
    }
}
