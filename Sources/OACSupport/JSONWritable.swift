import Foundation

// The JSON form of the standard types, the cache behind `JSONWriter.decimal`, and the buffer a writer hands
// over. Types of oac's own declare theirs next to the type (OACModel's `Model+JSON.swift`, …).

/// Pretty JSON with sorted keys and a trailing newline: byte-stable across runs.
public enum StableJSON {
    /// The text `JSONWriter` writes for `value`, with a trailing newline.
    public static func text<T: JSONWritable>(_ value: T) -> String {
        String(decoding: JSONWriter.document(value), as: UTF8.self)
    }
}

/// The 20 bytes of a Decimal as a hashable key: equal bits, equal value and equal text (`DecimalText` here,
/// OACModel's `DecimalMemo`).
public struct DecimalBits: Hashable, Sendable {
    var low: UInt64
    var high: UInt64
    var tail: UInt32

    public init(_ d: Decimal) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var tail: UInt32 = 0
        withUnsafeBytes(of: d) { raw in
            precondition(raw.count == 20, "Decimal is 20 bytes")
            low = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        (self.low, self.high, self.tail) = (low, high, tail)
    }
}

/// `Decimal.description` by the Decimal's bits (equal bits, equal text), shared by every writer.
final class DecimalText: @unchecked Sendable {
    static let shared = DecimalText()

    private let lock = NSLock()
    private var texts: [DecimalBits: String] = [:]

    func text(_ d: Decimal) -> String {
        let key = DecimalBits(d)
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

extension Double: JSONWritable {
    public func write(to json: inout JSONWriter) { json.double(self) }
}

/// ISO 8601 text (`2026-07-01T00:00:00Z`).
extension Date: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(formatted(.iso8601)) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to json: inout JSONWriter) { json.array(self) }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    public func write(to json: inout JSONWriter) { json.object(self) }
}

/// An enum with text raw values writes its raw value.
extension JSONWritable where Self: RawRepresentable, RawValue == String {
    public func write(to json: inout JSONWriter) { json.string(rawValue) }
}

/// Bytes in memory a JSONWriter allocated, owned (and freed) by this object; never changed after it is made.
public final class OwnedBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    public let count: Int

    init(taking base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { base.deallocate() }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}
