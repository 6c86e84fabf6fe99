import Foundation

/// The key tables of docs/catalog.md, generated from the schema tables (`oac schema --docs docs/catalog.md`).
///
/// The page's prose is written by hand; each table sits between `<!-- oac:schema ID -->` and
/// `<!-- /oac:schema -->`, and only that part is generated.
public enum CatalogReference {
    public static let startMarker = "<!-- oac:schema "
    public static let endMarker = "<!-- /oac:schema -->"

    /// A problem with the page's markers.
    public struct MarkerError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// `markdown` with every marked table regenerated. Every table of the schema must have its place on the
    /// page (a `.mapping` key shown inline counts for its table), and every marker must name a table.
    public static func fill(_ markdown: String) throws(MarkerError) -> String {
        var out: [Substring] = []
        var shown = Set<String>()
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            out.append(line)
            guard line.hasPrefix(startMarker) else { continue }
            let id = line.dropFirst(startMarker.count).replacingOccurrences(of: "-->", with: "")
                .trimmingCharacters(in: .whitespaces)
            guard let table = Schema.table(id) else {
                throw MarkerError(description: "docs marker `\(line)` names no schema table; tables: \(Schema.tables.map(\.id).joined(separator: ", "))")
            }
            guard lines.contains(where: { $0 == endMarker }) else {
                throw MarkerError(description: "docs marker for `\(id)` has no `\(endMarker)` after it")
            }
            while let skipped = lines.popFirst(), skipped != endMarker {}
            out.append(Substring(Self.markdown(table)))
            out.append(Substring(endMarker))
            shown.insert(id)
            shown.formUnion(inlined(table))
        }
        let missing = Schema.tables.map(\.id).filter { !shown.contains($0) }
        guard missing.isEmpty else {
            throw MarkerError(description: "docs have no `\(startMarker)ID -->` table for: \(missing.joined(separator: ", "))")
        }
        return out.joined(separator: "\n")
    }

    /// Every table, one after the other (`oac schema`).
    public static func all() -> String {
        Schema.tables.map { "### \($0.id) (`\($0.path.isEmpty ? "(document)" : $0.path)`)\n\n" + markdown($0) + "\n" }
            .joined(separator: "\n")
    }

    /// One table: `| key | type | | meaning |`, with inline mappings as `key.subkey` rows.
    public static func markdown(_ table: SchemaTable) -> String {
        var rows = ["| key | type | | meaning |", "|---|---|---|---|"]
        func add(_ key: SchemaKey, in table: SchemaTable, prefix: String) {
            if key.inlineInDocs, let child = key.childTable.flatMap(Schema.table) {
                for k in child.keys { add(k, in: child, prefix: prefix + key.name + ".") }
                return
            }
            let cells = ["`\(prefix)\(key.name)`", key.typeText ?? key.value.doc, presence(key, in: table), key.doc]
            rows.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        for key in table.keys { add(key, in: table, prefix: "") }
        return rows.joined(separator: "\n")
    }

    /// The tables shown inside `table` as `key.subkey` rows.
    static func inlined(_ table: SchemaTable) -> [String] {
        table.keys.filter(\.inlineInDocs).compactMap(\.childTable).flatMap { id in [id] + (Schema.table(id).map(inlined) ?? []) }
    }

    /// The presence column: required, optional (default …), one of …
    public static func presence(_ key: SchemaKey, in table: SchemaTable) -> String {
        if let text = key.presenceText { return text }
        switch key.presence {
        case .required, .requiredChecked:
            return "required"
        case .oneOf(let group):
            if table.form == .exactlyOne { return "exactly one of these" }
            let members = table.keys.filter { $0.presence == .oneOf(group) }.map { "`\($0.name)`" }
            return "one of \(members.joined(separator: "/")) required"
        case .optional:
            switch key.defaultValue {
            case nil: return "optional"
            case .value(let v)?: return "optional (default `\(v)`)"
            case .text(let t)?: return "optional (default: \(t))"
            }
        case .requiredWhen(let condition):
            return "required \(condition)"
        case .refused:
            return "an error"
        case .ignored:
            return "ignored"
        }
    }

    static func cell(_ text: String) -> String {
        text.isEmpty ? " " : text.replacingOccurrences(of: "\n", with: " ")
    }
}
