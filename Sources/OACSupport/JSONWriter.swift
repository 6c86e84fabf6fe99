import Foundation

/// A value that writes itself as pretty JSON with `JSONWriter`: its `write(to:)` is the one declaration of the
/// type's JSON form (oac declares no `Encodable` beside it). The text is what Foundation's `JSONEncoder`
/// writes with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, which the files written before this
/// writer existed were made with: an object writes its keys in UTF-8 byte order (`B` < `a`,
/// `axisSoftMax` < `axisSoftMin`; debug builds check the order) and leaves out nil optionals.
///
/// Dashboards, model.json and the cost estimate are hundreds of megabytes for large catalogs; writing them
/// straight into one byte buffer skips containers, a value tree and the String round trip.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

/// Streams pretty JSON into one UTF-8 buffer: two spaces per level, `"key" : value`, one entry per line,
/// `/` unescaped, control characters as `\n`, `\t`… or `\u00XX`, and empty containers as JSONEncoder writes
/// them (`[` and `]` on separate lines with an empty line between).
///
/// The buffer is raw memory the writer owns (so it cannot be copied): every write reserves its bytes once and
/// stores them, without the uniqueness and capacity checks an Array append makes on each call.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private var depth = 0
    /// Whether the innermost open container has no entry yet.
    private var empty = true
    #if DEBUG
        /// The last key of each open container: debug builds check that fields come in sorted order.
        private var lastKeys: [[UInt8]] = []
    #endif

    public init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(capacity, 256)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (a copy).
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.initialize(from: base, count: count) }
            initialized = count
        }
    }

    /// `value` as pretty JSON with a trailing newline.
    public static func document<T: JSONWritable>(_ value: T, capacity: Int = 1 << 16) -> [UInt8] {
        var json = JSONWriter(capacity: capacity)
        value.write(to: &json)
        json.byte(UInt8(ascii: "\n"))
        return json.bytes
    }

    /// The same document, its buffer handed over as it is (no copy: dashboards are hundreds of megabytes).
    public static func ownedDocument<T: JSONWritable>(_ value: T, capacity: Int = 1 << 16) -> OwnedBytes {
        var json = JSONWriter(capacity: capacity)
        value.write(to: &json)
        json.byte(UInt8(ascii: "\n"))
        return json.takeBytes()
    }

    /// Hands the bytes written so far over to an `OwnedBytes` and starts again with an empty buffer.
    public mutating func takeBytes() -> OwnedBytes {
        let owned = OwnedBytes(taking: base, count: count)
        capacity = 256
        base = .allocate(capacity: capacity)
        count = 0
        return owned
    }

    // MARK: - Containers

    // The generic entry points (`object`, `array`, `field`) are `@inlinable`: their callers live in other modules
    // (OACRender, OACModel, OACReport), and an unspecialized generic call per field cost 11–14 % of a compile
    // (1,000 and 5,000 services, release builds compared in alternation; docs/performance.md).

    /// An object; `body` writes its fields in sorted key order.
    @inlinable
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// An array of `items`.
    @inlinable
    public mutating func array<C: Collection>(_ items: C) where C.Element: JSONWritable {
        open(UInt8(ascii: "["))
        for item in items {
            entry()
            item.write(to: &self)
        }
        close(UInt8(ascii: "]"))
    }

    /// An array of `items`, each borrowed in place (iterating would copy every element, retaining its fields).
    @inlinable
    public mutating func array<T: JSONWritable>(_ items: [T]) {
        open(UInt8(ascii: "["))
        for i in items.indices {
            entry()
            items[i].write(to: &self)
        }
        close(UInt8(ascii: "]"))
    }

    /// An object from a dictionary with text keys, in UTF-8 byte order of the keys.
    @inlinable
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
    @inlinable
    public mutating func field<T: JSONWritable>(_ key: StaticString, _ value: T) {
        self.key(key)
        value.write(to: &self)
    }

    /// `"key" : value`, or nothing when `value` is nil (as `encodeIfPresent`, which synthesized `Encodable` uses).
    @inlinable
    public mutating func field<T: JSONWritable>(_ key: StaticString, _ value: T?) {
        guard let value else { return }
        self.key(key)
        value.write(to: &self)
    }

    /// `"key" : value`, or `"key" : null` when `value` is nil (the key is always there).
    @inlinable
    public mutating func field<T: JSONWritable>(_ key: StaticString, orNull value: T?) {
        self.key(key)
        if let value { value.write(to: &self) } else { raw("null") }
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
        let n = key.utf8CodeUnitCount
        var p = openEntry(reserving: n &+ 5)
        p[0] = UInt8(ascii: "\"")
        p.advanced(by: 1).update(from: key.utf8Start, count: n)
        p += n &+ 1
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(ascii: " ")
        p[2] = UInt8(ascii: ":")
        p[3] = UInt8(ascii: " ")
        count = p + 4 - base
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

    /// `null` as a value (an array element, or a value that writes itself as null).
    public mutating func null() { raw("null") }

    public mutating func int<I: FixedWidthInteger>(_ value: I) {
        // At most 39 digits (a 128-bit magnitude) and a sign.
        reserve(40)
        var m = value.magnitude
        var digits = 0
        repeat {
            digits &+= 1
            m /= 10
        } while m != 0
        var p = base + count
        if value < 0 {
            p[0] = UInt8(ascii: "-")
            p += 1
        }
        m = value.magnitude
        var i = digits
        repeat {
            i &-= 1
            p[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        } while m != 0
        count = p + digits - base
    }

    /// A Decimal as JSONEncoder writes it (its `description`), through a cache: formatting a Decimal takes
    /// microseconds, and a catalog repeats a handful of objectives, thresholds and factors everywhere.
    public mutating func decimal(_ d: Decimal) {
        var text = DecimalText.shared.text(d)
        text.withUTF8 { append($0) }
    }

    /// A Double as `Double.description` without a trailing `.0` (`0.5`, `12`, `1e+16`); `null` when it is not
    /// finite (JSON has no NaN or infinity).
    public mutating func double(_ d: Double) {
        guard d.isFinite else { return raw("null") }
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { append($0) }
    }

    // MARK: - Layout

    @usableFromInline mutating func open(_ bracket: UInt8) {
        reserve(2)
        base[count] = bracket
        base[count &+ 1] = UInt8(ascii: "\n")
        count &+= 2
        depth &+= 1
        empty = true
        #if DEBUG
            lastKeys.append([])
        #endif
    }

    @usableFromInline mutating func close(_ bracket: UInt8) {
        depth &-= 1
        let indent = 2 &* depth
        reserve(indent &+ 2)
        var p = base + count
        p[0] = UInt8(ascii: "\n")
        p += 1
        p.update(repeating: UInt8(ascii: " "), count: indent)
        p[indent] = bracket
        count = p + indent + 1 - base
        empty = false
        #if DEBUG
            lastKeys.removeLast()
        #endif
    }

    /// Before an array element or object field: `,` and a line break after the previous one, then indentation.
    @usableFromInline mutating func entry() {
        count = openEntry(reserving: 0) - base
    }

    /// Writes what `entry` writes and returns where the entry's own bytes go, with room for `extra` of them
    /// reserved (`count` is left for the caller to move past them).
    @inline(__always)
    private mutating func openEntry(reserving extra: Int) -> UnsafeMutablePointer<UInt8> {
        let indent = 2 &* depth
        reserve(indent &+ 2 &+ extra)
        var p = base + count
        if !empty {
            p[0] = UInt8(ascii: ",")
            p[1] = UInt8(ascii: "\n")
            p += 2
        }
        empty = false
        p.update(repeating: UInt8(ascii: " "), count: indent)
        return p + indent
    }

    // MARK: - Buffer

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if _slowPath(count &+ n > capacity) { grow(n) }
    }

    @inline(never)
    private mutating func grow(_ n: Int) {
        var newCapacity = capacity &* 2
        while newCapacity < count &+ n { newCapacity &*= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(from: bytes.baseAddress!, count: n)
        count &+= n
    }

    @inline(__always)
    @usableFromInline mutating func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).initialize(from: s.utf8Start, count: n)
        count &+= n
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// Whether a UTF-8 byte must be escaped in a JSON string.
    @inline(__always)
    private static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\")
    }

    /// Whether any of the eight bytes of `w` must be escaped (is below 0x20, `"` or `\\`): the classic
    /// word-at-a-time tests for a byte below a bound and for a zero byte (after xor with the byte looked for).
    @inline(__always)
    private static func needsEscape(word w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- ones &* 0x20) & ~w & highs
        let q = w ^ (ones &* 0x22)
        let quote = (q &- ones) & ~q & highs
        let b = w ^ (ones &* 0x5C)
        let backslash = (b &- ones) & ~b & highs
        return (control | quote | backslash) != 0
    }

    /// A quoted string: in one copy when nothing needs escaping (nearly always), else byte by byte.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        var first = 0
        if let start = utf8.baseAddress {
            // Eight bytes at a time up to the word holding the first byte to escape, then byte by byte.
            while first &+ 8 <= n
                && !Self.needsEscape(word: UInt64(littleEndian: UnsafeRawPointer(start + first).loadUnaligned(as: UInt64.self)))
            {
                first &+= 8
            }
            while first < n && !Self.needsEscape(start[first]) { first &+= 1 }
        }
        if first == n {
            reserve(n &+ 2)
            var p = base + count
            p[0] = UInt8(ascii: "\"")
            p += 1
            if n > 0 { p.initialize(from: utf8.baseAddress!, count: n) }
            p[n] = UInt8(ascii: "\"")
            count = p + n + 1 - base
            return
        }
        // Each byte takes at most six (`\u00XX`).
        reserve(6 &* n &+ 2)
        let source = utf8.baseAddress!
        var p = base + count
        p[0] = UInt8(ascii: "\"")
        p += 1
        p.initialize(from: source, count: first)
        p += first
        for i in first..<n {
            let b = source[i]
            guard Self.needsEscape(b) else {
                p[0] = b
                p += 1
                continue
            }
            p[0] = UInt8(ascii: "\\")
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): p[1] = b
            case 0x08: p[1] = UInt8(ascii: "b")
            case 0x0C: p[1] = UInt8(ascii: "f")
            case 0x0A: p[1] = UInt8(ascii: "n")
            case 0x0D: p[1] = UInt8(ascii: "r")
            case 0x09: p[1] = UInt8(ascii: "t")
            default:
                p[1] = UInt8(ascii: "u")
                p[2] = UInt8(ascii: "0")
                p[3] = UInt8(ascii: "0")
                p[4] = Self.hex.utf8Start[Int(b >> 4)]
                p[5] = Self.hex.utf8Start[Int(b & 0xF)]
                p += 4
            }
            p += 2
        }
        p[0] = UInt8(ascii: "\"")
        count = p + 1 - base
    }
}
