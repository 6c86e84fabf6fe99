import Foundation
// libyaml as Yams builds it (Yams' own C target): the same scanner and parser, so the same events and marks.
import CYaml

/// Composes libyaml's events into `YAMLNode` trees the way Yams' `Parser` composes its `Node` trees (same
/// scalars, styles and marks; the duplicate-key check), without Yams' per-event objects, tags, resolver and
/// hashing of whole nodes — most of the time of loading a large catalog.
///
/// It handles what catalogs are made of and gives up (nil) on everything else, which the caller then reads
/// with Yams from the start: any libyaml error, duplicate keys, anchors, aliases, explicit tags, keys that are
/// not scalars. So errors and every unusual input still go through Yams, and a catalog it accepts reads
/// exactly as Yams would read it (a differential test holds the two together).
enum LibYAMLComposer {
    /// The root nodes of the first `maxDocuments` documents (all of them when there are fewer), or nil.
    static func documents(_ text: String, maxDocuments: Int) -> [YAMLNode]? {
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

    private static func compose(_ bytes: UnsafeBufferPointer<UInt8>, maxDocuments: Int) -> [YAMLNode]? {
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
        var stack: [Frame] = []
        while documents.count < maxDocuments {
            switch next() {
            case YAML_STREAM_END_EVENT: return documents
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
                          let string = text(s.value, s.length) else { return nil }
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
                    guard case .mapping(let start, let pairs, nil) = stack.popLast(), !hasDuplicateKeys(pairs) else {
                        return nil
                    }
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
        return documents
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

    /// Yams rejects a mapping whose keys are equal nodes; for scalar keys (every key here) that is equal text.
    private static func hasDuplicateKeys(_ pairs: [(key: YAMLNode, value: YAMLNode)]) -> Bool {
        guard pairs.count > 1 else { return false }
        var keys: [String] = []
        keys.reserveCapacity(pairs.count)
        for pair in pairs {
            guard case .scalar(let s) = pair.key else { return true }
            keys.append(s.string)
        }
        if keys.count <= 16 {
            for i in 1..<keys.count {
                for j in 0..<i where keys[i] == keys[j] { return true }
            }
            return false
        }
        return Set(keys).count != keys.count
    }
}
