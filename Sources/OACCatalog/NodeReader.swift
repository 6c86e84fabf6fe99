import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// Reads a YAML node tree into typed values, reporting wrong types, unknown and missing keys
/// with the node's line and column. Codable would silently ignore `objetive:`; this does not.
final class NodeReader {
    let file: String
    var diagnostics = Diagnostics()

    init(file: String) { self.file = file }

    func location(_ node: YAMLNode) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    // MARK: - Mappings

    /// Where a node is in its document (`spec.metrics[3].labels`), spelled out only for a diagnostic: most
    /// nodes are read without one, and building the text for each cost more than reading them.
    struct NodePath: CustomStringConvertible {
        /// Text before the index (a literal for the hot paths: no allocation).
        var base: String
        /// `[index]` after `base`, when not negative.
        var index: Int
        /// Text after the index.
        var tail: String

        init(_ base: String, index: Int = -1, tail: String = "") {
            self.base = base
            self.index = index
            self.tail = tail
        }

        var description: String { index < 0 ? base + tail : "\(base)[\(index)]\(tail)" }

        /// This path followed by `suffix` (".sli").
        func appending(_ suffix: String) -> NodePath { NodePath(base, index: index, tail: tail + suffix) }

        var isEmpty: Bool { base.isEmpty && index < 0 && tail.isEmpty }
    }

    /// A mapping's keys and values, checked against the keys the language allows at `path`.
    struct Fields {
        let path: NodePath
        let location: SourceLocation
        var entries: Entries
    }

    /// The allowed keys of one mapping with their key and value nodes, in the mapping's order (a handful of
    /// keys: a list is cheaper than a dictionary per mapping). Keys are distinct: the parser rejects repeats.
    struct Entries {
        struct Item {
            var name: String
            var key: YAMLNode
            var value: YAMLNode
        }

        var items: [Item] = []

        subscript(name: String) -> (key: YAMLNode, value: YAMLNode)? {
            for item in items where item.name == name { return (item.key, item.value) }
            return nil
        }

        var count: Int { items.count }
        var isEmpty: Bool { items.isEmpty }
        var first: (String, (key: YAMLNode, value: YAMLNode))? { items.first.map { ($0.name, ($0.key, $0.value)) } }
        var keys: [String] { items.map(\.name) }
    }

    /// Reads a mapping with the keys of its schema table (Schema+*.swift).
    func fields(_ node: YAMLNode, path: String, table: SchemaTable) -> Fields? {
        fields(node, path: NodePath(path), allowed: table.allowed, required: table.required)
    }

    func fields(_ node: YAMLNode, path: NodePath, table: SchemaTable) -> Fields? {
        fields(node, path: path, allowed: table.allowed, required: table.required)
    }

    /// Reads a mapping: unknown keys get a did-you-mean hint, missing required keys are reported.
    func fields(_ node: YAMLNode, path: String, allowed: [String], required: [String] = []) -> Fields? {
        fields(node, path: NodePath(path), allowed: allowed, required: required)
    }

    func fields(_ node: YAMLNode, path: NodePath, allowed: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let mapping) = node else {
            wrongType(node, expected: "a mapping", path: path.description)
            return nil
        }
        var entries = Entries()
        entries.items.reserveCapacity(mapping.count)
        // Required keys a misspelt key was taken for: the unknown-key finding with its did-you-mean is the one cause.
        var suggested: Set<String> = []
        func add(_ key: YAMLNode, _ value: YAMLNode) {
            guard case .scalar(let scalar) = key else {
                diagnostics.error(
                    "keys must be plain strings \(path.isEmpty ? "at the top level of a document" : "at `\(path)`")",
                    rule: CheckID.wrongType, at: location(key))
                return
            }
            let k = scalar.string
            if !allowed.contains(k) {
                let closest = Suggestion.closest(to: k, in: allowed, ignoringCase: true)
                if let closest { suggested.insert(closest) }
                let hint = closest.map { "did you mean `\($0)`?" } ?? "allowed keys here: \(allowed.joined(separator: ", "))"
                diagnostics.error(
                    path.isEmpty ? "unknown top-level key `\(k)`" : "unknown key `\(k)` in `\(path)`",
                    rule: CheckID.unknownKey, at: location(key), hint: hint)
                return
            }
            entries.items.append(Entries.Item(name: k, key: key, value: value))
        }
        // The composer's pairs are read in place (the subscript would copy each pair out of an enum).
        if case .pairs(let pairs) = mapping.storage {
            for pair in pairs { add(pair.key, pair.value) }
        } else {
            for (key, value) in mapping { add(key, value) }
        }
        let fields = Fields(path: path, location: location(node), entries: entries)
        for r in required {
            let entry = entries[r]
            guard entry == nil || isNull(entry!.value), entry != nil || !suggested.contains(r) else { continue }
            diagnostics.error(
                "missing required field `\(join(path, r))`", rule: CheckID.missingField,
                at: entry.map { location($0.key) } ?? fields.location)
        }
        return fields
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    func join(_ path: NodePath, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: - Scalars

    func scalarText(_ node: YAMLNode) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }

    func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return s.style == .plain
            && (s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "Null"
                || s.string == "NULL")
    }

    func wrongType(_ node: YAMLNode, expected: String, path: @autoclosure () -> String) {
        let path = path()
        diagnostics.error(
            "\(path.isEmpty ? "a document" : "`\(path)`") must be \(expected), found \(describe(node))",
            rule: CheckID.wrongType, at: location(node))
    }

    func describe(_ node: YAMLNode) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull(node) { return "nothing (null)" }
            let shown = s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string
            return "`\(shown)`"
        }
    }

    /// The value node of `key`, or nil when absent or null.
    func value(_ f: Fields, _ key: String) -> YAMLNode? {
        guard let v = f.entries[key]?.value, !isNull(v) else { return nil }
        return v
    }

    func string(_ f: Fields, _ key: String) -> Located<String>? {
        guard let v = value(f, key) else { return nil }
        return string(v, path: join(f.path, key))
    }

    func string(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<String>? {
        guard case .scalar(let s) = node else {
            wrongType(node, expected: "a string", path: path())
            return nil
        }
        // Point inside quotes, at the first character of the text, so offsets into it line up.
        var loc = location(node)
        if s.style == .singleQuoted || s.style == .doubleQuoted { loc.column += 1 }
        return Located(s.string, at: loc)
    }

    func int(_ f: Fields, _ key: String, min: Int = 0, max: Int = Int.max) -> Located<Int>? {
        guard let v = value(f, key) else { return nil }
        return int(v, path: join(f.path, key), min: min, max: max)
    }

    func int(_ node: YAMLNode, path: @autoclosure () -> String, min: Int = 0, max: Int = Int.max) -> Located<Int>? {
        guard case .scalar(let s) = node, s.style == .plain,
            let n = Int(s.string.utf8.contains(UInt8(ascii: "_")) ? s.string.replacingOccurrences(of: "_", with: "") : s.string)
        else {
            if case .scalar(let s) = node, s.style == .plain, Self.isWholeNumber(s.string) {
                let bound = s.string.hasPrefix("-") ? "at least \(min)" : "at most \(max)"
                diagnostics.error(
                    "`\(path())` is out of range: \(s.string) is beyond a 64-bit integer; it must be \(bound)", rule: CheckID.invalidValue, at: location(node))
            } else {
                wrongType(node, expected: "a whole number", path: path())
            }
            return nil
        }
        guard n >= min else {
            diagnostics.error(
                "`\(path())` must be at least \(min), found \(n)", rule: CheckID.invalidValue,
                at: location(node))
            return nil
        }
        guard n <= max else {
            diagnostics.error("`\(path())` must be at most \(max), found \(n)", rule: CheckID.invalidValue, at: location(node))
            return nil
        }
        return Located(n, at: location(node))
    }

    /// Digits (with `_` separators) and an optional sign: a whole number, whatever its size.
    static func isWholeNumber(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return digits.contains { $0 != "_" } && digits.allSatisfy { $0 == "_" || ($0.isASCII && $0.isNumber) }
    }

    func decimal(_ f: Fields, _ key: String) -> Located<Decimal>? {
        guard let v = value(f, key) else { return nil }
        return decimal(v, path: join(f.path, key))
    }

    func decimal(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<Decimal>? {
        guard case .scalar(let s) = node, s.style == .plain, let d = Decimal(exactly: s.string) else {
            if case .scalar(let s) = node, s.style == .plain, let limit = Self.outOfRange(s.string) {
                diagnostics.error("`\(path())` is out of range: \(s.string) \(limit)", rule: CheckID.invalidValue, at: location(node))
            } else {
                wrongType(node, expected: "a number", path: path())
            }
            return nil
        }
        return Located(d, at: location(node))
    }

    /// The largest magnitude and the smallest non-zero magnitude `Decimal(exactly:)` reads (exponents beyond
    /// these make Foundation's parser give up, whatever the digits).
    static let largestNumber = "1e127"
    static let smallestNumber = "1e-128"

    /// Why a well-formed number that is no exact decimal is out of range (nil: it is no number at all, a type
    /// error). Beyond a float64 (±1.8e308) Prometheus refuses it too; below that, oac's exact decimals stop at
    /// `largestNumber` and `smallestNumber`.
    static func outOfRange(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.contains(where: \.isNumber), t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            let double = Double(t)
        else { return nil }
        if double.isInfinite { return "is beyond ±1.8e308, the largest number Prometheus reads (a float64)" }
        return "is beyond the numbers oac reads exactly: magnitudes from about \(smallestNumber) to about \(largestNumber), or 0"
    }

    func bool(_ f: Fields, _ key: String) -> Bool? {
        guard let v = value(f, key) else { return nil }
        guard case .scalar(let s) = v, s.style == .plain, ["true", "false"].contains(s.string.lowercased()) else {
            wrongType(v, expected: "true or false", path: join(f.path, key))
            return nil
        }
        return s.string.lowercased() == "true"
    }

    func duration(_ f: Fields, _ key: String) -> Located<PromDuration>? {
        guard let v = value(f, key) else { return nil }
        return duration(v, path: join(f.path, key))
    }

    func duration(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<PromDuration>? {
        guard case .scalar(let s) = node else {
            wrongType(node, expected: "a duration such as 5m or 30d", path: path())
            return nil
        }
        guard let d = PromDuration(parsing: s.string), d.milliseconds > 0 else {
            diagnostics.error(
                "`\(path())` is not a duration: `\(s.string)`", rule: CheckID.invalidDuration,
                at: location(node),
                hint: "use Prometheus syntax: a whole number and a unit (ms s m h d w y), e.g. 5m, 1h30m, 30d")
            return nil
        }
        return Located(d, at: location(node))
    }

    func size(_ f: Fields, _ key: String) -> Located<ByteSize>? {
        guard let v = value(f, key) else { return nil }
        guard case .scalar(let s) = v, let b = byteSize(s.string) else {
            diagnostics.error(
                "`\(join(f.path, key))` is not a size: \(describe(v))", rule: CheckID.invalidSize,
                at: location(v), hint: "write a number and a unit: 500MB, 20GB, 1.5TB (powers of 1000) or 1GiB (powers of 1024)")
            return nil
        }
        return Located(b, at: location(v))
    }

    /// Sizes by text: a catalog writes a handful of distinct sizes many times, and parsing one goes through
    /// Foundation's Decimal. (One reader reads one file, on one thread.)
    private var sizes: [String: ByteSize?] = [:]

    func byteSize(_ text: String) -> ByteSize? {
        if let hit = sizes[text] { return hit }
        let size = ByteSize(parsing: text)
        if sizes.count < 1024 { sizes[text] = size }
        return size
    }

    func sequence(_ f: Fields, _ key: String) -> [YAMLNode]? {
        guard let v = value(f, key) else { return nil }
        guard case .sequence(let seq) = v else {
            wrongType(v, expected: "a list", path: join(f.path, key))
            return nil
        }
        if case .nodes(let nodes) = seq.storage { return nodes }
        return Array(seq)
    }

    func stringList(_ f: Fields, _ key: String) -> [Located<String>]? {
        guard let items = sequence(f, key) else { return nil }
        return items.enumerated().compactMap { string($1, path: "\(join(f.path, key))[\($0)]") }
    }

    /// A mapping of free keys (labels, annotations) to string values.
    func stringMap(_ f: Fields, _ key: String) -> [(key: Located<String>, value: Located<String>)] {
        guard let v = value(f, key) else { return [] }
        guard case .mapping(let m) = v else {
            wrongType(v, expected: "a mapping", path: join(f.path, key))
            return []
        }
        var out: [(key: Located<String>, value: Located<String>)] = []
        for (k, val) in m {
            guard let ks = string(k, path: join(f.path, key)),
                let vs = string(val, path: "\(join(f.path, key)).\(ks.value)")
            else { continue }
            out.append((ks, vs))
        }
        return out
    }
}

extension NodeReader {
    func stringMapNode(_ node: YAMLNode, path: String) -> [(key: Located<String>, value: Located<String>)] {
        guard case .mapping(let m) = node else {
            wrongType(node, expected: "a mapping", path: path)
            return []
        }
        return m.compactMap { k, v in
            guard let ks = string(k, path: path), let vs = string(v, path: "\(path).\(ks.value)") else { return nil }
            return (ks, vs)
        }
    }
}
