import Foundation
import OACModel

/// A value that writes itself as pretty JSON with `JSONWriter`, byte for byte what Foundation's `JSONEncoder`
/// writes for its `Encodable` form with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`: an object
/// writes its keys in UTF-8 byte order (the order `.sortedKeys` uses: `B` < `a`, `axisSoftMax` < `axisSoftMin`)
/// and leaves out exactly the keys its `Encodable` form leaves out (nil optionals).
///
/// Dashboards, model.json and the cost estimate are hundreds of megabytes for large catalogs; writing them
/// straight into one byte buffer skips the `Encodable` containers, the value tree and the String round trip.
/// `JSONWriterTests` compares every writer with `JSONEncoder`.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

/// Streams pretty JSON into one UTF-8 buffer: two spaces per level, `"key" : value`, one entry per line,
/// `/` unescaped, control characters as `\n`, `\t`… or `\u00XX`, and empty containers as JSONEncoder writes
/// them (`[` and `]` on separate lines with an empty line between).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Whether the innermost open container has no entry yet.
    private var empty = true
    #if DEBUG
    /// The last key of each open container: debug builds check that fields come in sorted order.
    private var lastKeys: [[UInt8]] = []
    #endif

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// `value` as pretty JSON with a trailing newline (what `StableJSON` writes).
    public static func document<T: JSONWritable>(_ value: T, capacity: Int = 1 << 16) -> [UInt8] {
        var json = JSONWriter(capacity: capacity)
        value.write(to: &json)
        json.byte(UInt8(ascii: "\n"))
        return json.bytes
    }

    // MARK: - Containers

    /// An object; `body` writes its fields in sorted key order.
    @inline(__always)
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// An array of `items`.
    public mutating func array<C: Collection>(_ items: C) where C.Element: JSONWritable {
        open(UInt8(ascii: "["))
        for item in items {
            entry()
            item.write(to: &self)
        }
        close(UInt8(ascii: "]"))
    }

    /// An object from a dictionary with text keys, in UTF-8 byte order of the keys.
    public mutating func object<V: JSONWritable>(_ dictionary: [String: V]) {
        open(UInt8(ascii: "{"))
        for key in dictionary.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            entry()
            string(key)
            raw(" : ")
            dictionary[key]!.write(to: &self)
        }
        close(UInt8(ascii: "}"))
    }

    // MARK: - Fields

    /// `"key" : value`. Keys are identifiers: written as they are, without escaping.
    @inline(__always)
    public mutating func field<T: JSONWritable>(_ key: StaticString, _ value: T) {
        self.key(key)
        value.write(to: &self)
    }

    /// `"key" : value`, or nothing when `value` is nil (as `encodeIfPresent`, which synthesized `Encodable` uses).
    @inline(__always)
    public mutating func field<T: JSONWritable>(_ key: StaticString, _ value: T?) {
        guard let value else { return }
        self.key(key)
        value.write(to: &self)
    }

    /// `"key" : null`.
    public mutating func null(_ key: StaticString) {
        self.key(key)
        raw("null")
    }

    /// The start of an object field: a separator after the previous entry, the indentation, the quoted key.
    public mutating func key(_ key: StaticString) {
        #if DEBUG
        let k = key.withUTF8Buffer { Array($0) }
        assert(lastKeys.last!.lexicographicallyPrecedes(k), "JSON key \(key) written out of order")
        lastKeys[lastKeys.count - 1] = k
        #endif
        entry()
        byte(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        raw("\" : ")
    }

    // MARK: - Scalars

    /// A JSON string: `"` and `\` escaped, control characters escaped, everything else (`/`, non-ASCII,
    /// U+2028) as it is.
    public mutating func string(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var copy = s
            copy.withUTF8 { escaped($0) }
        }
    }

    public mutating func bool(_ b: Bool) { b ? raw("true") : raw("false") }

    public mutating func int<I: FixedWidthInteger>(_ value: I) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var m = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var i = digits.count
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
                m /= 10
            } while m != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// A Decimal as JSONEncoder writes it (its `description`), through a cache: formatting a Decimal takes
    /// microseconds, and a catalog repeats a handful of objectives, thresholds and factors everywhere.
    public mutating func decimal(_ d: Decimal) {
        bytes.append(contentsOf: DecimalText.shared.text(d).utf8)
    }

    // MARK: - Layout

    private mutating func open(_ bracket: UInt8) {
        byte(bracket)
        byte(UInt8(ascii: "\n"))
        depth += 1
        empty = true
        #if DEBUG
        lastKeys.append([])
        #endif
    }

    private mutating func close(_ bracket: UInt8) {
        byte(UInt8(ascii: "\n"))
        depth -= 1
        indent()
        byte(bracket)
        empty = false
        #if DEBUG
        lastKeys.removeLast()
        #endif
    }

    /// Before an array element or object field: `,` and a line break after the previous one, then indentation.
    private mutating func entry() {
        if !empty {
            byte(UInt8(ascii: ","))
            byte(UInt8(ascii: "\n"))
        }
        empty = false
        indent()
    }

    private mutating func indent() {
        var n = 2 * depth
        while n > 0 {
            let run = Swift.min(n, Self.spaces.utf8CodeUnitCount)
            Self.spaces.withUTF8Buffer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<run])) }
            n -= run
        }
    }

    private static let spaces: StaticString = "                                                                "

    @inline(__always)
    private mutating func byte(_ b: UInt8) { bytes.append(b) }

    @inline(__always)
    private mutating func raw(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    private static let hex: StaticString = "0123456789abcdef"

    /// Copies runs that need no escaping in one piece.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            start = i + 1
            byte(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(b)
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x0C: byte(UInt8(ascii: "f"))
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0D: byte(UInt8(ascii: "r"))
            case 0x09: byte(UInt8(ascii: "t"))
            default:
                raw("u00")
                Self.hex.withUTF8Buffer { hex in
                    byte(hex[Int(b >> 4)])
                    byte(hex[Int(b & 0xF)])
                }
            }
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        byte(UInt8(ascii: "\""))
    }
}

/// `Decimal.description` by the Decimal's bits (equal bits, equal text), shared by every writer.
final class DecimalText: @unchecked Sendable {
    static let shared = DecimalText()

    private let lock = NSLock()
    private var texts: [DecimalMemo.Bits: String] = [:]

    func text(_ d: Decimal) -> String {
        let key = DecimalMemo.Bits(d)
        lock.lock()
        if let hit = texts[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let text = d.description
        lock.lock()
        texts[key] = text
        lock.unlock()
        return text
    }
}

// MARK: - Scalars and containers

extension String: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(self) }
}

extension Bool: JSONWritable {
    public func write(to json: inout JSONWriter) { json.bool(self) }
}

extension Int: JSONWritable {
    public func write(to json: inout JSONWriter) { json.int(self) }
}

extension Int64: JSONWritable {
    public func write(to json: inout JSONWriter) { json.int(self) }
}

extension Decimal: JSONWritable {
    public func write(to json: inout JSONWriter) { json.decimal(self) }
}

/// As `Date` encodes with `.iso8601`.
extension Date: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(formatted(.iso8601)) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to json: inout JSONWriter) { json.array(self) }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    public func write(to json: inout JSONWriter) { json.object(self) }
}

/// A Decimal written exactly (ExactDecimal encodes as its Decimal).
extension ExactDecimal: JSONWritable {
    public func write(to json: inout JSONWriter) { json.decimal(value) }
}

/// As `PromDuration` encodes: its Prometheus text.
extension PromDuration: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}

/// As `ByteSize` encodes: the number of bytes.
extension ByteSize: JSONWritable {
    public func write(to json: inout JSONWriter) { json.int(bytes) }
}

/// As `PrometheusVersion` encodes: `major.minor`.
extension PrometheusVersion: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}

/// An enum with text raw values encodes as its raw value.
extension JSONWritable where Self: RawRepresentable, RawValue == String {
    public func write(to json: inout JSONWriter) { json.string(rawValue) }
}
