import Foundation

/// Encodes any `Encodable` as pretty JSON with sorted keys, byte for byte what Foundation's `JSONEncoder`
/// writes with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and ISO 8601 dates, at a fraction of
/// its cost: a plain value tree (no coding paths, no boxing through existentials for scalars), then one pass
/// into a byte buffer. For the small JSON files (report summary, snapshots); the big ones (dashboards,
/// model.json, the cost estimate) skip `Encodable` altogether through `JSONWriter`.
public enum PrettyJSONEncoder {
    public enum Failure: Error, CustomStringConvertible {
        case nonFinite(Double)
        case emptyTopLevel

        public var description: String {
            switch self {
            case .nonFinite(let d): return "\(d) cannot be written as JSON"
            case .emptyTopLevel: return "the top-level value encoded nothing"
            }
        }
    }

    /// The JSON text, without a trailing newline.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let tree: Value
        if isScalar(T.self) {
            tree = try box(value)
        } else {
            // As JSONEncoder: a top-level value that encodes nothing is an error (nested, it is `{}`).
            let encoder = TreeEncoder()
            try value.encode(to: encoder)
            guard let v = encoder.value else { throw Failure.emptyTopLevel }
            tree = v
        }
        var writer = Writer()
        writer.write(tree)
        return writer.text
    }

    // MARK: - Tree

    indirect enum Value {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array(ArrayNode)
        case object(ObjectNode)
    }

    final class ArrayNode {
        var items: [Value] = []
    }

    /// Keys in encoding order; a key set twice keeps its last value (as JSONEncoder does).
    final class ObjectNode {
        var keys: [String] = []
        var values: [Value] = []

        func set(_ value: Value, for key: String) {
            keys.append(key)
            values.append(value)
        }

        func existing(_ key: String) -> Value? {
            keys.lastIndex(of: key).map { values[$0] }
        }
    }

    static func isScalar<T>(_ type: T.Type) -> Bool {
        T.self == String.self || T.self == Int.self || T.self == Bool.self || T.self == Decimal.self || T.self == Double.self
            || T.self == Int64.self || T.self == Date.self || T.self == URL.self || T.self == Data.self || T.self == Float.self
    }

    static func box<T: Encodable>(_ value: T) throws -> Value {
        // Metatype comparisons are cheap; dynamic casts on every nested struct are not.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        if T.self == Double.self { return try number(value as! Double) }
        if T.self == Int64.self { return .number(String(value as! Int64)) }
        if T.self == Date.self { return .string((value as! Date).formatted(.iso8601)) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Float.self { return try number(Double(value as! Float), float: value as! Float) }
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        return encoder.value ?? .object(ObjectNode())
    }

    static func number(_ d: Double) throws -> Value {
        guard d.isFinite else { throw Failure.nonFinite(d) }
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return .number(s)
    }

    static func number(_ d: Double, float: Float) throws -> Value {
        guard float.isFinite else { throw Failure.nonFinite(d) }
        var s = float.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return .number(s)
    }

    // MARK: - Encoder

    /// A super encoder: its value lands in the parent container when the caller is done with it.
    final class ReferencingEncoder: TreeEncoder {
        let store: (Value) -> Void

        init(store: @escaping (Value) -> Void) { self.store = store }

        deinit { store(value ?? .object(ObjectNode())) }
    }

    class TreeEncoder: Encoder {
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var value: Value?

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let node)? = value { return KeyedEncodingContainer(KeyedContainer<Key>(node: node)) }
            let node = ObjectNode()
            value = .object(node)
            return KeyedEncodingContainer(KeyedContainer<Key>(node: node))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            if case .array(let node)? = value { return UnkeyedContainer(node: node) }
            let node = ArrayNode()
            value = .array(node)
            return UnkeyedContainer(node: node)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { SingleContainer(encoder: self) }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: ObjectNode
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { node.set(.null, for: key.stringValue) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(.bool(value), for: key.stringValue) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.set(.string(value), for: key.stringValue) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.set(try number(value), for: key.stringValue) }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            node.set(try number(Double(value), float: value), for: key.stringValue)
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { node.set(.number(String(value)), for: key.stringValue) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            node.set(try box(value), for: key.stringValue)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                             forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            if case .object(let existing)? = node.existing(key.stringValue) {
                return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: existing))
            }
            let nested = ObjectNode()
            node.set(.object(nested), for: key.stringValue)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            if case .array(let existing)? = node.existing(key.stringValue) { return UnkeyedContainer(node: existing) }
            let nested = ArrayNode()
            node.set(.array(nested), for: key.stringValue)
            return UnkeyedContainer(node: nested)
        }

        mutating func superEncoder() -> Encoder { superEncoder(named: "super") }
        mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(named: key.stringValue) }

        private func superEncoder(named key: String) -> Encoder {
            let node = self.node
            return ReferencingEncoder { node.set($0, for: key) }
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: ArrayNode
        var codingPath: [CodingKey] { [] }
        var count: Int { node.items.count }

        mutating func encodeNil() throws { node.items.append(.null) }
        mutating func encode(_ value: Bool) throws { node.items.append(.bool(value)) }
        mutating func encode(_ value: String) throws { node.items.append(.string(value)) }
        mutating func encode(_ value: Double) throws { node.items.append(try number(value)) }
        mutating func encode(_ value: Float) throws { node.items.append(try number(Double(value), float: value)) }
        mutating func encode(_ value: Int) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { node.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { node.items.append(.number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { node.items.append(try box(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectNode()
            node.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let nested = ArrayNode()
            node.items.append(.array(nested))
            return UnkeyedContainer(node: nested)
        }

        mutating func superEncoder() -> Encoder {
            let node = self.node, index = node.items.count
            return ReferencingEncoder { node.items.insert($0, at: min(index, node.items.count)) }
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: TreeEncoder
        var codingPath: [CodingKey] { [] }

        func encodeNil() throws { encoder.value = .null }
        func encode(_ value: Bool) throws { encoder.value = .bool(value) }
        func encode(_ value: String) throws { encoder.value = .string(value) }
        func encode(_ value: Double) throws { encoder.value = try number(value) }
        func encode(_ value: Float) throws { encoder.value = try number(Double(value), float: value) }
        func encode(_ value: Int) throws { encoder.value = .number(String(value)) }
        func encode(_ value: Int8) throws { encoder.value = .number(String(value)) }
        func encode(_ value: Int16) throws { encoder.value = .number(String(value)) }
        func encode(_ value: Int32) throws { encoder.value = .number(String(value)) }
        func encode(_ value: Int64) throws { encoder.value = .number(String(value)) }
        func encode(_ value: UInt) throws { encoder.value = .number(String(value)) }
        func encode(_ value: UInt8) throws { encoder.value = .number(String(value)) }
        func encode(_ value: UInt16) throws { encoder.value = .number(String(value)) }
        func encode(_ value: UInt32) throws { encoder.value = .number(String(value)) }
        func encode(_ value: UInt64) throws { encoder.value = .number(String(value)) }
        func encode<T: Encodable>(_ value: T) throws { encoder.value = try box(value) }
    }

    // MARK: - Writer

    struct Writer {
        var bytes: [UInt8] = []
        var indent = 0

        init() { bytes.reserveCapacity(1 << 16) }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func write(_ value: Value) {
            switch value {
            case .null: append("null")
            case .bool(let b): append(b ? "true" : "false")
            case .number(let n): bytes.append(contentsOf: n.utf8)
            case .string(let s): string(s)
            case .array(let node):
                bytes.append(UInt8(ascii: "["))
                bytes.append(UInt8(ascii: "\n"))
                indent += 1
                var first = true
                for item in node.items {
                    if !first {
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(UInt8(ascii: "\n"))
                    }
                    first = false
                    writeIndent()
                    write(item)
                }
                bytes.append(UInt8(ascii: "\n"))
                indent -= 1
                writeIndent()
                bytes.append(UInt8(ascii: "]"))
            case .object(let node):
                bytes.append(UInt8(ascii: "{"))
                bytes.append(UInt8(ascii: "\n"))
                indent += 1
                var first = true
                for i in sortedUniqueIndices(node) {
                    if !first {
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(UInt8(ascii: "\n"))
                    }
                    first = false
                    writeIndent()
                    string(node.keys[i])
                    append(" : ")
                    write(node.values[i])
                }
                bytes.append(UInt8(ascii: "\n"))
                indent -= 1
                writeIndent()
                bytes.append(UInt8(ascii: "}"))
            }
        }

        /// Indices of the keys in UTF-8 byte order (as JSONEncoder sorts), the last value of a repeated key.
        func sortedUniqueIndices(_ node: ObjectNode) -> [Int] {
            let keys = node.keys
            var order = Array(keys.indices)
            order.sort { a, b in
                let ka = keys[a], kb = keys[b]
                if ka == kb { return a < b }
                return ka.utf8.lexicographicallyPrecedes(kb.utf8)
            }
            var out: [Int] = []
            out.reserveCapacity(order.count)
            for (n, i) in order.enumerated() where n + 1 == order.count || keys[order[n + 1]] != keys[i] {
                out.append(i)
            }
            return out
        }

        mutating func append(_ s: StaticString) {
            s.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func writeIndent() {
            for _ in 0..<indent {
                bytes.append(UInt8(ascii: " "))
                bytes.append(UInt8(ascii: " "))
            }
        }

        static let hex: [UInt8] = Array("0123456789abcdef".utf8)

        mutating func string(_ s: String) {
            bytes.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                case 0x00...0x1F:
                    append("\\u00")
                    bytes.append(Self.hex[Int(b >> 4)])
                    bytes.append(Self.hex[Int(b & 0xF)])
                default: bytes.append(b)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
