import Foundation

/// Entry points of the PromQL parser.
///
/// ```swift
/// let e = try PromQL.parse(#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))"#)
/// e.valueType            // .instantVector
/// e.vectorSelectors      // [http_requests_total{code=~"5.."}]
/// e.description          // canonical text
/// ```
public enum PromQL {
    /// Parser switches. The defaults accept everything Prometheus 2.42 … 3.x understands.
    public struct Options: Equatable, Sendable {
        /// Accept functions and aggregations Prometheus 3 hides behind
        /// `--enable-feature=promql-experimental-functions` (`limitk`, `sort_by_label`, `mad_over_time`, …).
        public var experimentalFunctions: Bool
        /// Accept functions removed from current Prometheus (`holt_winters`, removed in 3.0).
        public var removedFunctions: Bool
        /// Accept a duration where a number goes (`x + 5m`, `x @ 5m`) and a number where a duration goes
        /// (`x[300]`, `offset 60`, `[1h:60]`), as Prometheus does from 2.54 on (`durationsAsNumbersSince`).
        /// Older servers refuse both.
        public var durationsAsNumbers: Bool

        /// The first Prometheus release that reads durations and numbers interchangeably (2.54.0, August 2024).
        public static let durationsAsNumbersSince = (major: 2, minor: 54)

        public init(experimentalFunctions: Bool = true, removedFunctions: Bool = true, durationsAsNumbers: Bool = true) {
            self.experimentalFunctions = experimentalFunctions
            self.removedFunctions = removedFunctions
            self.durationsAsNumbers = durationsAsNumbers
        }

        /// Everything accepted.
        public static let `default` = Options()
        /// What a stock Prometheus 3 accepts without feature flags.
        public static let prometheus3 = Options(experimentalFunctions: false, removedFunctions: false)
    }

    /// Parses an expression; throws `PromQLError` with the position of the first problem.
    public static func parse(_ source: String, options: Options = .default) throws(PromQLError) -> Expr {
        var parser = try Parser(source: SourceText(source), options: options)
        return try parser.parseTop()
    }

    /// Parses a plain instant vector selector such as `http_requests_total{job="api",code=~"5.."}`
    /// (no range, offset, `@`, functions or operators).
    public static func parseSelector(_ source: String) throws(PromQLError) -> VectorSelector {
        var parser = try Parser(source: SourceText(source), options: .default)
        return try parser.parseSelectorOnly()
    }

    /// Renders a PromQL double-quoted string literal: `\\`, `\"`, `\n`, `\r`, `\t` and the
    /// other C escapes; remaining control characters as `\xHH` / `\uHHHH`, and so are C1 controls,
    /// U+2028/U+2029 (line breaks to JavaScript and some YAML readers) and U+FEFF (byte order mark).
    /// Every string literal oac writes into PromQL goes through here.
    public static func quote(_ value: String) -> String {
        // Names and values rarely hold anything to escape: printable ASCII without `\` or `"` goes in as it is.
        // `withUTF8` also reaches the bytes of small strings (most names).
        var text = value
        let plain = text.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }
        }
        if plain {
            var out = "\""
            out.reserveCapacity(value.utf8.count + 2)
            out += value
            out += "\""
            return out
        }
        var out = "\""
        for s in value.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                let v = s.value
                if v < 0x20 || v == 0x7f {
                    out += "\\x" + String(v, radix: 16).leftPadded(to: 2)
                } else if (v >= 0x80 && v < 0xa0) || v == 0x2028 || v == 0x2029 || v == 0xfeff {
                    out += "\\u" + String(v, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// true when `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*` (legacy Prometheus metric name).
    public static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isNameStart(first) || first == UInt8(ascii: ":") else { return false }
        return name.utf8.allSatisfy { isNameStart($0) || isDigit($0) || $0 == UInt8(ascii: ":") }
    }

    /// true when `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` (legacy Prometheus label name).
    public static func isValidLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isNameStart(first) else { return false }
        return name.utf8.allSatisfy { isNameStart($0) || isDigit($0) }
    }

    static func isNameStart(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Parses a Prometheus duration such as `5m`, `1h30m`, `2w` (nil when malformed).
    public static func parseDuration(_ text: String) -> PromDuration? { PromDuration(parsing: text) }

    /// Checks a regular expression the way a `=~` matcher would (RE2 syntax, best effort);
    /// returns nil when valid, else the problem.
    public static func regexProblem(_ pattern: String) -> String? { RegexCheck.problem(in: pattern) }

    /// RE2 text matching `text` literally (Go's `regexp.QuoteMeta`): `\.+*?()|[]{}^$` get a backslash.
    public static func quoteMeta(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// A `=~` matcher's pattern compiled as Prometheus applies it: fully anchored, `.` matching newlines, RE2
    /// syntax and meaning (nil when the pattern is not valid RE2). For matching values the way the
    /// matcher would, e.g. to build test series.
    public static func anchoredRegex(_ pattern: String) -> NSRegularExpression? { RegexCheck.anchored(pattern) }

    /// The function table (Prometheus `promql/parser/functions.go`), keyed by name.
    public static var functions: [String: PromQLFunction] { PromQLFunction.table }
}
