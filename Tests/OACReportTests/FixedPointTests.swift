import Foundation
import OACSupport
import Testing

@testable import OACReport

/// The report formats ~100,000 numbers without `String(format:)`; every text must be the one `%.<d>f` gives.
@Suite("Fixed-point formatting")
struct FixedPointTests {
    static func reference(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }

    @Test("the fast path writes what %.<d>f writes, or leaves the value to it")
    func sameAsPrintf() {
        var values: [Double] = [
            0, -0.0, 1, -1, 0.5, -0.5, 0.125, 0.375, 1.005, 2.675, 0.045, 1.115, 99.95, 99.9, 99.995,
            -0.001, -0.004, -0.005, 0.004999, 123_456.785, 1e-9, -1e-9, 999_999.995, 1e7, 1e9, -1e12,
            14, 216, 1_487.25, 0.1 + 0.2, 100.0 / 3, -200.0 / 3
        ]
        // Quarters, eighths and sixteenths hit exact halfway points; thirds and sevenths never end.
        for k in -400...400 {
            values.append(Double(k) / 16)
            values.append(Double(k) / 3)
            values.append(Double(k) / 7)
        }
        var rnd = UInt64(12345)
        for _ in 0..<20_000 {
            rnd = rnd &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(rnd >> 11) / Double(UInt64(1) << 53)
            values.append((unit - 0.3) * [1, 100, 10_000, 1e6][Int(rnd % 4)])
        }
        var fast = 0
        for v in values {
            for d in 0...6 {
                guard let s = FixedPoint.format(v, decimals: d) else { continue }
                fast += 1
                #expect(s == Self.reference(v, d), "\(v) with \(d) decimals")
            }
        }
        // Nearly every value takes the fast path; halfway points and huge values do not.
        #expect(fast > values.count * 4)
        #expect(FixedPoint.format(0.125, decimals: 2) == nil)
        #expect(FixedPoint.format(1e12, decimals: 2) == nil)
        #expect(SVG.number(-0.001) == "0")
        #expect(SVG.number(216) == "216")
        #expect(SVG.number(0.125) == "0.12")
        #expect(Format.fixed(-0.001, 2) == "0.00")
    }

    @Test("escaping returns plain text as it is and still escapes the rest")
    func escapeFastPath() {
        #expect(XML.escape("2026-07-01 svc-00001/availability: 99.953%") == "2026-07-01 svc-00001/availability: 99.953%")
        #expect(XML.escape("tab\tnew\nline") == "tab\tnew\nline")
        #expect(XML.escape("a\u{FFFE}b\u{FFFF}c\u{FFFD}") == "abc\u{FFFD}")
        #expect(XML.escape("x\u{7}y") == "xy")
        #expect(XML.escape("é & ü") == "é &amp; ü")
    }
}
