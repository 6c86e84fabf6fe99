import Foundation
import OACDiagnostics
import Testing

@testable import OACCatalog

/// The schema tables against the decoder: every key a table lists is allowed where the table is read, is
/// read (two values give two different specs), and every required key is enforced. Documents are built from
/// the tables themselves, so a new row is tested as soon as it is written.
@Suite("Catalog schema")
struct SchemaTests {
    // MARK: - Building documents from the tables

    /// A YAML value: raw scalar text (flow YAML allowed), a mapping or a list.
    indirect enum Y {
        case scalar(String)
        case map([(String, Y)])
        case list([Y])
    }

    /// One step from a table to the table one of its keys opens.
    struct Step: Hashable {
        var table: String
        var key: String
    }

    /// How each table is reached from a document root, and which kind that document is.
    static let routes: [String: (kind: String, steps: [Step])] = {
        var out: [String: (kind: String, steps: [Step])] = [:]
        let roots: [(String, String, [Step])] = [
            ("document", "Platform", []),
            ("platform", "Platform", [Step(table: "document", key: "spec")]),
            ("team", "Team", [Step(table: "document", key: "spec")]),
            ("service", "Service", [Step(table: "document", key: "spec")]),
            ("drill", "Drill", [Step(table: "document", key: "spec")]),
            ("incidentLog", "IncidentLog", [])
        ]
        var queue = roots
        while !queue.isEmpty {
            let (id, kind, steps) = queue.removeFirst()
            guard out[id] == nil, let table = Schema.table(id) else { continue }
            out[id] = (kind, steps)
            for key in table.keys {
                var children = key.childTable.map { [$0] } ?? []
                if id == "slo.sli", key.name == "events" { children.append("slo.eventQueries") }
                for child in children where child != "spec" {
                    queue.append((child, kind, steps + [Step(table: id, key: key.name)]))
                }
            }
        }
        return out
    }()

    /// Two different valid values of a key, as single-line YAML (so both variants have the same layout).
    static func samples(_ value: SchemaValue) -> (String, String)? {
        switch value {
        case .string: ("a1", "b2")
        case .name: ("a1", "b2")
        case .duration: ("5m", "7m")
        case .bool: ("true", "false")
        case .size: ("1GB", "2GB")
        case .url: ("https://a.example.com", "https://b.example.com")
        case .timestamp: ("2026-08-14T14:00:00Z", "2026-08-14T15:00:00Z")
        case .date: ("2026-08-18", "2026-08-19")
        case .selector: (#"'m_total{job="a"}'"#, #"'m_total{job="b"}'"#)
        case .logSelector: (#"'{app="a"}'"#, #"'{app="b"}'"#)
        case .promql: ("up", "'vector(1)'")
        case .path: ("/etc/a.json", "/etc/b.json")  // also a name file discovery reads (`targets.file`)
        case .hostPort: ("a:9090", "b:9090")
        case .version: (#""2.42""#, #""2.45""#)
        case .email: ("a@example.com", "b@example.com")
        case .integer(let min, _): ("\(min + 1)", "\(min + 2)")
        case .number: ("1", "2")
        case .choice(let words): words.count >= 2 ? (words[0], words[1]) : nil
        case .list(let element): samples(element).map { ("[\($0.0)]", "[\($0.1)]") }
        case .mapping: nil
        case .stringMap: ("{k: a1}", "{k: b2}")
        case .countMap: ("{k: 2}", "{k: 3}")
        case .regionMap(let value): samples(value).map { ("{k: \($0.0)}", "{k: \($0.1)}") }
        case .either(let a, let b): first(a).flatMap { x in first(b).map { (x, $0) } }
        }
    }

    /// Keys whose values are checked against other keys of the smallest document (`spec.kubernetes.namespace`
    /// is `a1` there): two values that pass.
    static let sampleOverrides: [String: (String, String)] = [
        "platform.kubernetes.selector labels": ("a=x", "b=y"),
        "platform.kubernetes.selector namespaces": ("[a1]", "[a1, b2]"),
        "platform.kubernetes.dashboards mode": ("sidecar", "none"),
        "team timeZone": ("UTC", "Europe/Berlin"),
        "team.workingHours start": (#""08:00""#, #""09:00""#),
        "team.workingHours end": (#""17:00""#, #""18:00""#)
    ]

    /// One valid value of a key (a mapping is its table's smallest valid form).
    static func first(_ value: SchemaValue) -> String? {
        switch value {
        case .choice(let words): words.first
        case .mapping(let id): Schema.table(id).map { flow(minimal($0)) }
        case .list(let element): first(element).map { "[\($0)]" }
        default: samples(value)?.0
        }
    }

    /// The keys a mapping of `table` needs to be valid, with `focus` (a key and its value) in its place (or last,
    /// when the table has no such key). `without` leaves a key out, and with it every key of its one-of group.
    static func minimal(_ table: SchemaTable, focus: (key: String, value: Y)? = nil, without: String? = nil) -> Y {
        var entries: [(String, Y)] = []
        var groupsDone = Set<String>()
        if let without, case .oneOf(let g) = table[without]?.presence { groupsDone.insert(g) }
        if let focus, case .oneOf(let g) = table[focus.key]?.presence { groupsDone.insert(g) }
        for key in table.keys where key.name != without {
            if let focus, key.name == focus.key {
                entries.append((key.name, focus.value))
                continue
            }
            var include = key.isRequired
            if case .oneOf(let g) = key.presence, !groupsDone.contains(g) {
                groupsDone.insert(g)
                include = true
            }
            guard include else { continue }
            entries.append((key.name, value(of: key)))
        }
        if let focus, table[focus.key] == nil { entries.append((focus.key, focus.value)) }
        return .map(entries)
    }

    static func value(of key: SchemaKey) -> Y {
        switch key.value {
        case .mapping("spec"): minimal(Schema.platform)
        case .mapping(let id): minimal(Schema.table(id)!)
        case .list(.mapping(let id)): .list([minimal(Schema.table(id)!)])
        default: .scalar(first(key.value) ?? "x")
        }
    }

    /// The document that holds `table` with `focus` set (or `without` left out), as YAML text.
    static func document(_ table: SchemaTable, focus: (key: String, value: Y)? = nil, without: String? = nil) -> String {
        let route = routes[table.id]!
        var node = minimal(table, focus: focus, without: without)
        for step in route.steps.reversed() {
            let parent = Schema.table(step.table)!
            let wrapped: Y =
                switch parent[step.key]!.value {
                case .list, .either(_, .list): .list([node])
                default: node
                }
            node = minimal(parent, focus: (step.key, wrapped))
        }
        guard case .map(let entries) = node else { return "" }
        let framed = entries.map { k, v in k == "kind" ? (k, Y.scalar(route.kind)) : (k, v) }
        return block(.map(framed), indent: 0).joined(separator: "\n") + "\n"
    }

    static func flow(_ y: Y) -> String {
        switch y {
        case .scalar(let s): s
        case .list(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.0): \(flow($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    static func block(_ y: Y, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        guard case .map(let entries) = y else { return [pad + flow(y)] }
        var lines: [String] = []
        for (k, v) in entries {
            switch v {
            case .map(let e) where !e.isEmpty:
                lines.append("\(pad)\(k):")
                lines += block(v, indent: indent + 2)
            case .list(let items) where items.contains(where: { if case .map(let e) = $0 { !e.isEmpty } else { false } }):
                lines.append("\(pad)\(k):")
                for item in items {
                    let inner = block(item, indent: indent + 4)
                    lines.append(pad + "  - " + inner[0].dropFirst(indent + 4))
                    lines += inner.dropFirst()
                }
            default:
                lines.append("\(pad)\(k): \(flow(v))")
            }
        }
        return lines
    }

    static func decode(_ text: String) -> (Catalog, [Diagnostic]) {
        let (c, d) = CatalogLoader.load([SourceFile(path: "c.yaml", contents: text)])
        return (c, d.sorted)
    }

    /// Every key of every table, for the parameterized tests.
    static let keys: [String] = Schema.tables.flatMap { t in t.keys.map { "\(t.id) \($0.name)" } }

    static func split(_ id: String) -> (SchemaTable, SchemaKey) {
        let parts = id.split(separator: " ").map(String.init)
        let table = Schema.table(parts[0])!
        return (table, table[parts[1]]!)
    }

    /// Keys that are the document's frame, not content: the kind decides the whole document.
    static let frame: Set<String> = [
        "document apiVersion", "document kind", "document spec", "document metadata",
        "incidentLog apiVersion", "incidentLog kind", "incidentLog metadata"
    ]

    // MARK: - Tests

    @Test("every table is reachable from a document and the smallest document of each is valid")
    func smallestDocuments() {
        #expect(Set(Self.routes.keys) == Set(Schema.tables.map(\.id)))
        for table in Schema.tables {
            let text = Self.document(table)
            let (_, d) = Self.decode(text)
            #expect(d.isEmpty, "\(table.id):\n\(text)\n\(d)")
        }
    }

    @Test("an allowed key is read: two values of it decode to two different specs", arguments: keys)
    func keyIsRead(_ id: String) throws {
        let (table, key) = Self.split(id)
        // A mapping's keys are read when its own keys are (their tests); a key that is a word or a list of
        // mappings (`burnRateWindows`) is tested here too.
        var either = false
        if case .either = key.value { either = true }
        guard !Self.frame.contains(id), key.childTable == nil || either else { return }
        let (a, b) = try #require(Self.sampleOverrides[id] ?? Self.samples(key.value), "no sample values for \(id)")
        let textA = Self.document(table, focus: (key.name, .scalar(a)))
        let textB = Self.document(table, focus: (key.name, .scalar(b)))
        let (specA, dA) = Self.decode(textA)
        let (specB, dB) = Self.decode(textB)
        switch key.presence {
        case .refused(let instead):
            // Allowed only to say what to write instead.
            #expect(
                dA.contains { $0.ruleID == CheckID.inlineSecret && $0.message.contains(".\(key.name)`") && $0.hint?.contains(instead) == true },
                "\(id): \(dA)")
        case .ignored:
            #expect(dA.isEmpty && dB.isEmpty, "\(id): \(dA) \(dB)")
            #expect(specA == specB, "\(id) is documented as ignored, yet the decoder reads it")
        default:
            #expect(dA.isEmpty, "\(id):\n\(textA)\n\(dA)")
            #expect(dB.isEmpty, "\(id):\n\(textB)\n\(dB)")
            #expect(specA != specB, "\(id) is allowed but not read: \(a) and \(b) decode to the same spec\n\(textA)")
        }
    }

    @Test("a required key is enforced: leaving it out is a located missing-field error", arguments: keys)
    func requiredIsEnforced(_ id: String) {
        let (table, key) = Self.split(id)
        guard key.isRequired else { return }
        let text = Self.document(table, without: key.name)
        let (_, d) = Self.decode(text)
        #expect(
            d.contains {
                [CheckID.missingField, CheckID.apiVersion].contains($0.ruleID) && $0.message.contains(key.name)
                    && $0.message.hasPrefix("missing required field") && $0.location != nil
            },
            "\(id) is required but a document without it gives \(d)\n\(text)")
    }

    @Test("a one-of group is enforced: without any of its keys the mapping is a missing-field error")
    func oneOfIsEnforced() {
        for table in Schema.tables {
            var groups: [String: [String]] = [:]
            for k in table.keys { if case .oneOf(let g) = k.presence { groups[g, default: []].append(k.name) } }
            for (_, members) in groups.sorted(by: { $0.key < $1.key }) {
                let text = Self.document(table, without: members[0])
                let (_, d) = Self.decode(text)
                #expect(
                    d.contains { $0.ruleID == CheckID.missingField && $0.location != nil },
                    "\(table.id) without any of \(members): \(d)\n\(text)")
            }
        }
    }

    @Test("the decoder's lists come from the tables: a key the table does not list is unknown, with a did-you-mean hint")
    func unknownKeys() {
        for table in Schema.tables {
            let key = table.keys[0].name
            let typo = key + String(key.last!)
            let text = Self.document(table, focus: (typo, .scalar("x")))
            let (_, d) = Self.decode(text)
            // At the top of a document the message says so in words (no empty path).
            let message = table.path.isEmpty ? "unknown top-level key `\(typo)`" : "unknown key `\(typo)`"
            #expect(
                d.contains {
                    $0.ruleID == CheckID.unknownKey && $0.message.hasPrefix(message)
                        && $0.hint == "did you mean `\(key)`?"
                },
                "\(table.id): \(d)\n\(text)")
        }
    }

    @Test("a table's allowed keys are its rows, in order, and its required keys the rows marked required")
    func tableLists() {
        for table in Schema.tables {
            #expect(table.allowed == table.keys.map(\.name))
            #expect(Set(table.allowed).count == table.allowed.count, "\(table.id) repeats a key")
            #expect(table.required == table.keys.filter { $0.presence == .required }.map(\.name))
        }
        #expect(Schema.topLevelKeys == ["apiVersion", "kind", "metadata", "spec", "incidents"])
    }
}

/// docs/catalog.md against the tables: its key tables are the generated ones, and it documents no key the
/// language does not allow.
@Suite("Catalog schema in docs/catalog.md")
struct SchemaDocsTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/catalog.md")

    static let keyTableHeader = "| key | type | | meaning |"

    /// The key column of every row of every `| key | type | | meaning |` table, by the marker it sits under
    /// (nil outside markers).
    static func documentedKeys(_ text: String) -> [(table: String?, key: String)] {
        var out: [(String?, String)] = []
        var current: String?
        var inKeyTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(CatalogReference.startMarker) {
                current = line.dropFirst(CatalogReference.startMarker.count).replacingOccurrences(of: "-->", with: "")
                    .trimmingCharacters(in: .whitespaces)
            } else if line == CatalogReference.endMarker {
                current = nil
            } else if line == keyTableHeader {
                inKeyTable = true
            } else if !line.hasPrefix("|") {
                inKeyTable = false
            } else if inKeyTable, line.hasPrefix("| `") {
                out.append((current, String(line.dropFirst(3).prefix { $0 != "`" })))
            }
        }
        return out
    }

    /// The keys a table shows, inline mappings as `key.subkey`.
    static func shown(_ table: SchemaTable, prefix: String = "") -> [String] {
        table.keys.flatMap { key -> [String] in
            if key.inlineInDocs, let child = key.childTable.flatMap(Schema.table) { return shown(child, prefix: prefix + key.name + ".") }
            return [prefix + key.name]
        }
    }

    @Test("every key docs/catalog.md documents in a key table is allowed by that table, and every allowed key is documented")
    func documentedIsAllowed() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let rows = Self.documentedKeys(text)
        let byTable = Dictionary(grouping: rows.compactMap { r in r.table.map { ($0, r.key) } }, by: \.0).mapValues { $0.map(\.1) }
        for (id, keys) in byTable {
            let table = try #require(Schema.table(id), "docs marker \(id) names no table")
            #expect(keys == Self.shown(table), "docs table \(id) lists \(keys), the schema allows \(Self.shown(table))")
        }
        // A key table outside the markers would be written by hand, and drift.
        #expect(rows.filter { $0.table == nil }.isEmpty, "hand-written key tables: \(rows.filter { $0.table == nil }.map(\.key))")
        #expect(Set(byTable.keys) == Set(Schema.tables.map(\.id)).subtracting(Schema.tables.flatMap(CatalogReference.inlined)))
    }

    @Test("every marked table of docs/catalog.md is as the schema generates it")
    func pageIsFresh() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        #expect(try CatalogReference.fill(text) == text, "regenerate with `oac schema --docs docs/catalog.md --write`")
    }

    @Test("a marker that names no table, or a table without a marker, is an error")
    func markers() {
        #expect(throws: CatalogReference.MarkerError.self) {
            try CatalogReference.fill("<!-- oac:schema nope -->\n<!-- /oac:schema -->\n")
        }
        #expect(throws: CatalogReference.MarkerError.self) { try CatalogReference.fill("no tables\n") }
    }
}
