import Foundation

/// A PromQL instant-vector selector without functions: `metric{label="v",code=~"5.."}`.
public struct LabelSelector: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Op: String, Sendable, Codable, Hashable, CaseIterable {
        case equal = "=", notEqual = "!=", regexMatch = "=~", regexNoMatch = "!~"
    }

    public struct Matcher: Sendable, Codable, Hashable {
        public var name: String
        public var op: Op
        public var value: String

        public init(_ name: String, _ op: Op, _ value: String) {
            self.name = name
            self.op = op
            self.value = value
        }
    }

    public var metric: String
    public var matchers: [Matcher]

    public init(metric: String, matchers: [Matcher]) {
        self.metric = metric
        self.matchers = matchers
    }

    /// The same selector with another metric name (e.g. `_bucket`) and extra matchers appended.
    public func with(metric: String? = nil, adding extra: [Matcher] = []) -> LabelSelector {
        LabelSelector(metric: metric ?? self.metric, matchers: matchers + extra)
    }

    /// The value of an `=` matcher on `label`, if any.
    public func equalValue(of label: String) -> String? {
        matchers.first { $0.name == label && $0.op == .equal }?.value
    }

    /// PromQL text with every value escaped, e.g. `http_requests_total{job="api"}`.
    public var description: String {
        if matchers.isEmpty { return metric }
        let inner = matchers.map { "\($0.name)\($0.op.rawValue)\(PromQLString.quote($0.value))" }
            .joined(separator: ",")
        return "\(metric){\(inner)}"
    }
}

/// PromQL string literals and names.
public enum PromQLString {
    /// A double-quoted PromQL string with Go escapes.
    public static func quote(_ s: String) -> String {
        // Names and values rarely hold anything to escape: then the text goes in as it is.
        // `withUTF8` also reaches the bytes of small strings (most names), which `utf8.withContiguousStorage…` does not.
        var text = s
        let plain = text.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }
        }
        if plain {
            var out = "\""
            out.reserveCapacity(s.utf8.count + 2)
            out += s
            out += "\""
            return out
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func isValidMetricName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isNameStart(first) || first == UInt8(ascii: ":") else { return false }
        return s.utf8.allSatisfy { isNameStart($0) || isDigit($0) || $0 == UInt8(ascii: ":") }
    }

    public static func isValidLabelName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isNameStart(first) else { return false }
        return s.utf8.allSatisfy { isNameStart($0) || isDigit($0) }
    }

    static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}

// MARK: - Parsing

/// Why a selector did not parse, and where (0-based offset in Unicode scalars of the selector text).
public struct SelectorError: Error, Sendable, Hashable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}

extension LabelSelector {
    /// Parses a selector: a metric name, then optionally `{name op "value", …}` with PromQL string escapes.
    /// A metric name inside the braces (`{__name__="x"}`) is accepted too.
    public static func parse(_ text: String) throws(SelectorError) -> LabelSelector {
        var p = SelectorParser(Array(text.unicodeScalars))
        return try p.parse()
    }
}

/// Whether a matcher's regular expression compiles, by its text. A catalog repeats a few patterns
/// (`code=~"5.."`) thousands of times, and compiling one with NSRegularExpression costs more than parsing the
/// rest of the selector. Bounded: only short patterns, and a limited number of them, are remembered.
final class RegexValidity: @unchecked Sendable {
    static let shared = RegexValidity()
    static let limit = (entries: 4096, bytes: 256)

    private let lock = NSLock()
    private var known: [String: Bool] = [:]

    func isValid(_ pattern: String) -> Bool {
        let cacheable = pattern.utf8.count <= Self.limit.bytes
        if cacheable {
            lock.lock()
            let hit = known[pattern]
            lock.unlock()
            if let hit { return hit }
        }
        let valid = (try? NSRegularExpression(pattern: "^(?:\(pattern))$")) != nil
        if cacheable {
            lock.lock()
            if known.count < Self.limit.entries { known[pattern] = valid }
            lock.unlock()
        }
        return valid
    }
}

struct SelectorParser {
    let s: [Unicode.Scalar]
    var i = 0

    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func parse() throws(SelectorError) -> LabelSelector {
        skipSpace()
        var metric = ""
        if i < s.count, Self.isNameStart(s[i]) || s[i] == ":" {
            metric = readWhile { Self.isNameStart($0) || Self.isDigit($0) || $0 == ":" }
        } else if i < s.count, s[i] != "{" {
            throw SelectorError("expected a metric name or '{', found \(describe(s[i]))", at: i)
        }
        skipSpace()
        var matchers: [LabelSelector.Matcher] = []
        if i < s.count, s[i] == "{" {
            i += 1
            skipSpace()
            while i < s.count, s[i] != "}" {
                let nameStart = i
                guard Self.isNameStart(s[i]) else {
                    throw SelectorError("expected a label name, found \(describe(s[i]))", at: i)
                }
                let name = readWhile { Self.isNameStart($0) || Self.isDigit($0) }
                skipSpace()
                let opStart = i
                let op = try readOp()
                skipSpace()
                let value = try readString()
                if op == .regexMatch || op == .regexNoMatch {
                    if !RegexValidity.shared.isValid(value) {
                        throw SelectorError("invalid regular expression \(PromQLString.quote(value))", at: opStart + 2)
                    }
                }
                if name == "__name__" {
                    guard op == .equal, metric.isEmpty else {
                        throw SelectorError("__name__ may only be matched with '=' when no metric name is given",
                                            at: nameStart)
                    }
                    metric = value
                } else {
                    matchers.append(.init(name, op, value))
                }
                skipSpace()
                if i < s.count, s[i] == "," {
                    i += 1
                    skipSpace()
                } else if i < s.count, s[i] != "}" {
                    throw SelectorError("expected ',' or '}', found \(describe(s[i]))", at: i)
                }
            }
            guard i < s.count else { throw SelectorError("unclosed '{': expected '}'", at: i) }
            i += 1
        }
        skipSpace()
        if i < s.count {
            throw SelectorError("unexpected \(describe(s[i])) after the selector; only a plain selector is allowed here",
                                at: i)
        }
        guard !metric.isEmpty else { throw SelectorError("the selector names no metric", at: 0) }
        return LabelSelector(metric: metric, matchers: matchers)
    }

    mutating func readOp() throws(SelectorError) -> LabelSelector.Op {
        guard i < s.count else { throw SelectorError("expected a matcher operator (=, !=, =~, !~)", at: i) }
        let two = i + 1 < s.count ? String(s[i]) + String(s[i + 1]) : String(s[i])
        for op in [LabelSelector.Op.regexMatch, .regexNoMatch, .notEqual] where two == op.rawValue {
            i += 2
            return op
        }
        if s[i] == "=" {
            i += 1
            return .equal
        }
        throw SelectorError("expected a matcher operator (=, !=, =~, !~), found \(describe(s[i]))", at: i)
    }

    mutating func readString() throws(SelectorError) -> String {
        guard i < s.count else { throw SelectorError("expected a quoted label value", at: i) }
        let quote = s[i]
        let start = i
        guard quote == "\"" || quote == "'" || quote == "`" else {
            throw SelectorError("expected a quoted label value, found \(describe(s[i]))", at: i)
        }
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count, s[i] != quote {
            let c = s[i]
            if c == "\n", quote != "`" { throw SelectorError("newline in a quoted label value", at: i) }
            if c == "\\", quote != "`" {
                i += 1
                guard i < s.count else { break }
                let e = s[i]
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "a": out.append("\u{07}")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "v": out.append("\u{0B}")
                case "\\", "\"", "'": out.append(e)
                case "x", "u", "U":
                    let len = e == "x" ? 2 : (e == "u" ? 4 : 8)
                    guard i + len < s.count else { throw SelectorError("truncated escape sequence", at: i - 1) }
                    let hex = String(String.UnicodeScalarView(s[(i + 1)...(i + len)]))
                    guard let v = UInt32(hex, radix: 16), let sc = Unicode.Scalar(v) else {
                        throw SelectorError("invalid escape sequence \\\(e)\(hex)", at: i - 1)
                    }
                    out.append(sc)
                    i += len
                default:
                    if e.properties.numericType != nil, let d = e.properties.numericType, d == .decimal {
                        // Octal \NNN
                        guard i + 2 < s.count, let v = UInt32(String(String.UnicodeScalarView(s[i...(i + 2)])), radix: 8),
                              let sc = Unicode.Scalar(v) else {
                            throw SelectorError("invalid octal escape", at: i - 1)
                        }
                        out.append(sc)
                        i += 2
                    } else {
                        throw SelectorError("unknown escape sequence \\\(e)", at: i - 1)
                    }
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        guard i < s.count else { throw SelectorError("unterminated quoted string", at: start) }
        i += 1
        return String(out)
    }

    mutating func readWhile(_ pred: (Unicode.Scalar) -> Bool) -> String {
        var out = String.UnicodeScalarView()
        while i < s.count, pred(s[i]) {
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    mutating func skipSpace() {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    func describe(_ c: Unicode.Scalar) -> String {
        c.value < 0x20 ? String(format: "U+%04X", c.value) : "'\(c)'"
    }
}
