/// A problem found while lexing, parsing or type checking a PromQL expression.
///
/// Positions are relative to the expression string handed to the parser:
/// - `offset` is 0-based and counted in `Character`s (grapheme clusters),
/// - `line` is 1-based (`\n`, `\r\n` and a lone `\r` each end a line),
/// - `column` is 1-based and counted in Unicode scalars, like libyaml counts
///   columns, so callers can add it to the YAML location of the string.
public struct PromQLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column: message`
    public var description: String { "\(line):\(column): \(message)" }
}

/// A position inside a PromQL expression string (same conventions as `PromQLError`).
public struct PromQLLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// 0-based offset in `Character`s.
    public var offset: Int
    /// 1-based line.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// The source text as an array of Unicode scalars plus position bookkeeping.
struct SourceText: Sendable {
    let string: String
    let scalars: [Unicode.Scalar]

    init(_ string: String) {
        self.string = string
        self.scalars = Array(string.unicodeScalars)
    }

    /// The text of a token as written.
    func text(_ t: Token) -> String {
        let range = max(0, min(t.start, scalars.count))..<max(0, min(t.end, scalars.count))
        return Self.string(scalars[range])
    }

    /// The scalars as a String. ASCII (every identifier, number and duration) is written straight as UTF-8 bytes:
    /// `String(String.UnicodeScalarView(slice))` appends scalar by scalar and was 8 % of a 1,000-service compile
    /// (the lexer of each dashboard panel query).
    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        guard slice.allSatisfy(\.isASCII) else { return String(String.UnicodeScalarView(slice)) }
        return String(unsafeUninitializedCapacity: slice.count) { buffer in
            var k = 0
            for c in slice {
                buffer[k] = UInt8(truncatingIfNeeded: c.value)
                k += 1
            }
            return k
        }
    }

    /// Converts a scalar index into a location (offset in Characters, line, column in scalars).
    func location(ofScalar index: Int) -> PromQLLocation {
        let target = max(0, min(index, scalars.count))
        var line = 1
        var column = 1
        var i = 0
        while i < target {
            let s = scalars[i]
            if s == "\n" {
                line += 1
                column = 1
            } else if s == "\r" {
                if i + 1 < scalars.count, scalars[i + 1] == "\n" {
                    // `\r\n`: the `\n` ends the line.
                    column += 1
                } else {
                    line += 1
                    column = 1
                }
            } else {
                column += 1
            }
            i += 1
        }
        // Character offset: count grapheme clusters whose first scalar lies before `target`.
        var characters = 0
        var consumed = 0
        for ch in string {
            if consumed >= target { break }
            consumed += ch.unicodeScalars.count
            characters += 1
        }
        return PromQLLocation(offset: characters, line: line, column: column)
    }

    func error(_ message: String, at index: Int) -> PromQLError {
        let loc = location(ofScalar: index)
        return PromQLError(message: message, offset: loc.offset, line: loc.line, column: loc.column)
    }
}
