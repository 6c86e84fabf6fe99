// libyaml as Yams builds it (Yams' own C target): the same scanner and parser, so the same events and marks.
import CYaml
import Foundation

/// Composes libyaml's events into `YAMLNode` trees the way Yams' `Parser` composes its `Node` trees (same
/// scalars, styles and marks; the duplicate-key check), without Yams' per-event objects, tags, resolver and
/// hashing of whole nodes — most of the time of loading a large catalog.
///
/// It handles what catalogs are made of and gives up (nil) on everything else, which the caller then reads
/// with Yams from the start: any libyaml error, anchors, aliases, explicit tags, keys that are not scalars. So
/// syntax errors and every unusual input still go through Yams, and a catalog it accepts reads exactly as Yams
/// would read it (a differential test holds the two together). Duplicate keys are the one error it reads
/// past: Yams stops the file at the first mapping that repeats a key; the composer reports every such mapping
/// as Yams would report it (the repeated keys sorted, at the first one's place), keeps each key's first value
/// and goes on, so the file's other problems show in the same run.
enum LibYAMLComposer {
    /// Mapping keys a mapping repeats: their texts, sorted, and where the first of them first appears.
    struct DuplicateKeys: Equatable {
        var names: [String]
        var mark: YAMLMark
    }

    struct Composed {
        var documents: [YAMLNode]
        /// In the order the mappings end (Yams reports the first).
        var duplicates: [DuplicateKeys]
    }

    /// The root nodes of the first `maxDocuments` documents (all of them when there are fewer), or nil.
    static func documents(_ text: String, maxDocuments: Int) -> Composed? {
        var text = text
        text.makeContiguousUTF8()
        guard let result = text.utf8.withContiguousStorageIfAvailable({ compose($0, maxDocuments: maxDocuments) })
        else { return nil }
        return result
    }

    private enum Frame {
        case mapping(YAMLMark, [(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?)
        case sequence(YAMLMark, [YAMLNode])
    }

    private static func compose(_ bytes: UnsafeBufferPointer<UInt8>, maxDocuments: Int) -> Composed? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, base, bytes.count)

        var event = yaml_event_t()
        defer { yaml_event_delete(&event) }
        /// The next event's type, or nil on a libyaml error.
        func next() -> yaml_event_type_t? {
            yaml_event_delete(&event)
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            return event.type
        }

        guard next() == YAML_STREAM_START_EVENT else { return nil }
        var documents: [YAMLNode] = []
        var duplicates: [DuplicateKeys] = []
        var stack: [Frame] = []
        while documents.count < maxDocuments {
            switch next() {
            case YAML_STREAM_END_EVENT: return Composed(documents: documents, duplicates: duplicates)
            case YAML_DOCUMENT_START_EVENT: break
            default: return nil
            }
            var root: YAMLNode?
            while root == nil {
                guard let type = next() else { return nil }
                var node: YAMLNode
                let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch type {
                case YAML_SCALAR_EVENT:
                    let s = event.data.scalar
                    guard s.anchor == nil, s.tag == nil, let style = YAMLScalar.Style(rawValue: UInt8(s.style.rawValue)),
                        let string = text(s.value, s.length)
                    else { return nil }
                    node = .scalar(YAMLScalar(string: string, style: style, mark: mark))
                case YAML_SEQUENCE_START_EVENT:
                    guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return nil }
                    stack.append(.sequence(mark, []))
                    continue
                case YAML_MAPPING_START_EVENT:
                    guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return nil }
                    stack.append(.mapping(mark, [], pendingKey: nil))
                    continue
                case YAML_SEQUENCE_END_EVENT:
                    guard case .sequence(let start, let items) = stack.popLast() else { return nil }
                    node = .sequence(YAMLList(storage: .nodes(items), mark: start))
                case YAML_MAPPING_END_EVENT:
                    guard case .mapping(let start, var pairs, nil) = stack.popLast() else { return nil }
                    if let repeated = removeDuplicateKeys(&pairs) { duplicates.append(repeated) }
                    node = .mapping(YAMLMapping(storage: .pairs(pairs), mark: start))
                default:
                    return nil  // aliases and anything unexpected
                }
                // Hand the finished node to its parent.
                switch stack.popLast() {
                case nil:
                    root = node
                case .sequence(let start, var items)?:
                    items.append(node)
                    stack.append(.sequence(start, items))
                case .mapping(let start, var pairs, let pendingKey)?:
                    if let key = pendingKey {
                        pairs.append((key, node))
                        stack.append(.mapping(start, pairs, pendingKey: nil))
                    } else {
                        guard case .scalar = node else { return nil }
                        stack.append(.mapping(start, pairs, pendingKey: node))
                    }
                }
            }
            guard next() == YAML_DOCUMENT_END_EVENT, let root else { return nil }
            documents.append(root)
        }
        return Composed(documents: documents, duplicates: duplicates)
    }

    /// A scalar's text as Yams makes it (`String(bytes:encoding: .utf8)`; plain ASCII decodes the same directly).
    private static func text(_ value: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String? {
        guard let value, length > 0 else { return "" }
        let buffer = UnsafeBufferPointer(start: value, count: length)
        var ascii = true
        for b in buffer where b >= 0x80 {
            ascii = false
            break
        }
        return ascii ? String(decoding: buffer, as: UTF8.self) : String(bytes: buffer, encoding: .utf8)
    }

    /// Yams rejects a mapping whose keys are equal nodes; for scalar keys (every key here: the composer gives
    /// up on others) that is equal text (Swift String equality: canonically equivalent texts are one key).
    /// Removes every pair whose key an earlier pair has and returns what Yams would report, nil when no key repeats.
    private static func removeDuplicateKeys(_ pairs: inout [(key: YAMLNode, value: YAMLNode)]) -> DuplicateKeys? {
        guard pairs.count > 1 else { return nil }
        let keys: [YAMLScalar] = pairs.compactMap { if case .scalar(let s) = $0.key { s } else { nil } }
        guard keys.count == pairs.count else { return nil }
        var hasRepeat = false
        if keys.count <= 16 {
            outer: for i in 1..<keys.count {
                for j in 0..<i where keys[i].string == keys[j].string {
                    hasRepeat = true
                    break outer
                }
            }
        } else {
            hasRepeat = Set(keys.map(\.string)).count != keys.count
        }
        guard hasRepeat else { return nil }
        // Only for mappings that repeat a key: the first pair of each key stays.
        var firsts: [(key: YAMLScalar, count: Int)] = []
        var kept: [(key: YAMLNode, value: YAMLNode)] = []
        for (i, key) in keys.enumerated() {
            if let at = firsts.firstIndex(where: { $0.key.string == key.string }) {
                firsts[at].count += 1
            } else {
                firsts.append((key, 1))
                kept.append(pairs[i])
            }
        }
        pairs = kept
        let repeated = firsts.filter { $0.count > 1 }.map(\.key).sorted { $0.string < $1.string }
        return DuplicateKeys(names: repeated.map(\.string), mark: repeated[0].mark)
    }
}
