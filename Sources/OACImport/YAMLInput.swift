import Foundation
import OACDiagnostics
import Yams

/// Reads the foreign specs: YAML documents with every node's place in its file, and small typed accessors
/// that report (as import diagnostics) what does not have the expected shape.
struct YAMLInput {
    let file: String

    /// Every document of a file; a document that is a list holds one object per item (OpenSLO SDK style).
    static func documents(_ text: String, file: String, diagnostics: inout Diagnostics) -> [Node] {
        do {
            let parser = try Parser(yaml: text)
            var out: [Node] = []
            while let root = try parser.nextRoot() {
                switch root {
                case .sequence(let items): out.append(contentsOf: items)
                case .scalar(let s) where s.string.isEmpty || s.string == "null": continue
                default: out.append(root)
                }
            }
            return out
        } catch let error as YamlError {
            diagnostics.error(
                "not valid YAML: \(error)", rule: ImportCheck.invalid,
                at: SourceLocation(file: file, line: 1, column: 1))
        } catch {
            diagnostics.error(
                "not valid YAML: \(error)", rule: ImportCheck.invalid,
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        return []
    }

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The value of the first of `keys` present in a mapping (specs spell keys in snake_case or camelCase).
    func value(_ node: Node?, _ keys: String...) -> Node? {
        guard case .mapping(let m)? = node else { return nil }
        for k in keys {
            if let v = m[Node(k)], !isNull(v) { return v }
        }
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    func string(_ node: Node?) -> String? {
        guard case .scalar(let s)? = node else { return nil }
        return s.string
    }

    func string(_ node: Node?, _ keys: String...) -> String? {
        guard case .mapping(let m)? = node else { return nil }
        for k in keys {
            if let v = m[Node(k)], !isNull(v) { return string(v) }
        }
        return nil
    }

    func bool(_ node: Node?, _ keys: String...) -> Bool? {
        guard case .mapping(let m)? = node else { return nil }
        for k in keys {
            if let v = m[Node(k)], let s = string(v) {
                switch s.lowercased() {
                case "true", "yes", "on": return true
                case "false", "no", "off": return false
                default: return nil
                }
            }
        }
        return nil
    }

    /// An exact decimal from the number as written (never through a binary float).
    func decimal(_ node: Node?) -> Decimal? {
        guard let s = string(node)?.trimmingCharacters(in: .whitespaces), !s.isEmpty,
            s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" })
        else { return nil }
        return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
    }

    func sequence(_ node: Node?) -> [Node] {
        guard case .sequence(let items)? = node else { return [] }
        return Array(items)
    }

    /// Keys of a mapping in document order, with their key nodes (for locations).
    func entries(_ node: Node?) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let m)? = node else { return [] }
        return m.compactMap { k, v in string(k).map { ($0, k, v) } }
    }

    /// String-valued entries of a mapping (labels, annotations); other values are reported and skipped.
    func stringMap(_ node: Node?, what: String, diagnostics: inout Diagnostics) -> [(key: String, value: String, at: SourceLocation)] {
        entries(node).compactMap { e in
            if let s = string(e.value), case .scalar = e.value { return (e.key, s, location(e.keyNode)) }
            diagnostics.warning(
                "\(what) `\(e.key)` is not a single string value; not kept", rule: ImportCheck.notKept,
                at: location(e.keyNode))
            return nil
        }
    }

    /// Reports every key of a mapping outside `known` as not kept.
    func reportUnknown(_ node: Node?, known: Set<String>, path: String, diagnostics: inout Diagnostics) {
        for e in entries(node) where !known.contains(e.key) {
            diagnostics.warning(
                "`\(path).\(e.key)` is not part of the format oac imports; not kept",
                rule: ImportCheck.notKept, at: location(e.keyNode))
        }
    }
}
