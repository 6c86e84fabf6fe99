import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACRender
import Testing

/// `PrettyJSONEncoder` writes exactly what Foundation's JSONEncoder writes with oac's options.
@Suite("Pretty JSON encoder")
struct PrettyJSONEncoderTests {
    struct Scalars: Encodable {
        var text: String
        var int: Int
        var int64: Int64
        var uint8: UInt8
        var bool: Bool
        var double: Double
        var float: Float
        var decimal: Decimal
        var exact: ExactDecimal
        var date: Date
        var url: URL
        var data: Data
        var missing: String?
        var present: Int?
    }

    struct Containers: Encodable {
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var strings = ["b", "a", ""]
        var nested: [[Int]] = [[], [1, 2], [3]]
        var byName = ["zeta": 1, "Alpha": 2, "alpha": 3, "é": 4, "z": 5, "10": 6, "9": 7]
        var byNumber = [10: "ten", 9: "nine", -1: "minus one"]
        var optionals: [Int?] = [1, nil, 3]
        var deep: [String: [String: [Bool]]] = ["a": ["b": [true, false]], "c": [:]]
    }

    /// A hand-written encoder: explicit null, a key written twice, nested containers, a super encoder.
    struct Custom: Encodable {
        enum Keys: String, CodingKey { case a, b, nested, list, nothing }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeNil(forKey: .nothing)
            try c.encode("first", forKey: .a)
            try c.encode("second", forKey: .a)
            var n = c.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try n.encode(1, forKey: .b)
            var l = c.nestedUnkeyedContainer(forKey: .list)
            try l.encode(1.5)
            try l.encodeNil()
            var inner = l.nestedContainer(keyedBy: Keys.self)
            try inner.encode(true, forKey: .a)
            try Scalar(value: 7).encode(to: c.superEncoder(forKey: .b))
        }
    }

    struct Scalar: Encodable {
        var value: Int
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(value)
        }
    }

    struct Nothing: Encodable {
        func encode(to encoder: Encoder) throws {}
    }

    struct Wrapper<T: Encodable>: Encodable {
        var value: T
        var nothing = Nothing()
    }

    static let hostile = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} esc \u{1B} "
        + "del \u{7F} c1 \u{85} ls \u{2028} bom \u{FEFF} é 日本 😀 {{ }} </script>"

    func assertSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = StableJSON.encode(value)
        let reference = StableJSON.encodeWithFoundation(value)
        #expect(fast == reference, sourceLocation: sourceLocation)
    }

    @Test("scalars of every kind, hostile text included, match JSONEncoder")
    func scalars() throws {
        for d in [0.0, -0.0, 1.0, 0.1, 1e21, 1e-7, 123_456.789, -2.5, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude] {
            assertSame(Scalars(text: Self.hostile, int: Int.min, int64: Int64.max, uint8: 255, bool: false, double: d,
                               float: Float(d), decimal: try #require(Decimal(exactly: "0.001")),
                               exact: try #require(ExactDecimal("99.95")), date: Date(timeIntervalSince1970: 1_700_000_000),
                               url: try #require(URL(string: "https://grafana.example/d/x?a=b&c=d")), data: Data([0, 1, 255]),
                               missing: nil, present: 3))
        }
        for text in ["", " ", "\u{1F}", "\\", "\"", "//", "a\u{0C}b\u{08}c"] { assertSame(Wrapper(value: text)) }
        for d in ["0", "-5", "1e-12", "100", "0.000001", "12345678901234567890.123456789"] {
            assertSame(Wrapper(value: try #require(Decimal(exactly: d))))
        }
    }

    @Test("empty, nested and keyed containers match JSONEncoder, keys in UTF-8 order")
    func containers() {
        assertSame(Containers())
        assertSame([Containers(), Containers()])
        assertSame(Wrapper(value: [String: String]()))
    }

    @Test("hand-written encoders: null, repeated keys, nested and super encoders match JSONEncoder")
    func custom() {
        assertSame(Custom())
        assertSame([Custom()])
        assertSame(Nothing())
    }

    @Test("a non-finite number is an error, as in JSONEncoder")
    func nonFinite() {
        #expect(throws: PrettyJSONEncoder.Failure.self) { try PrettyJSONEncoder.encode(Wrapper(value: Double.nan)) }
        #expect(StableJSON.encode(Wrapper(value: Double.infinity)) == "{}\n")
    }

    @Test("model.json, the cost estimate and every dashboard of the example catalog match JSONEncoder")
    func exampleCatalog() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("catalog/example")
        let walker = FileManager.default.enumerator(atPath: root.path)
        var files: [SourceFile] = []
        while let rel = walker?.nextObject() as? String {
            guard rel.hasSuffix(".yaml") else { continue }
            files.append(SourceFile(path: rel, contents: try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)))
        }
        let model = try #require(Compiler.check(files).model)
        assertSame(model)
        assertSame(CostEstimate.estimate(model))
        let dashboards = GrafanaRenderer.dashboards(model)
        #expect(dashboards.count > 5)
        for (_, dashboard) in dashboards { assertSame(dashboard) }
    }
}
