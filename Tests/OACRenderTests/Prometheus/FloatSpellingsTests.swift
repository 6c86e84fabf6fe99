import Foundation
import OACModel
import Testing

@testable import OACRender

/// The `le` regex matches the texts clients write for one number, and no other number's.
@Suite("Float spellings of a bucket bound")
struct FloatSpellingsTests {
    static func matches(_ regex: String, _ text: String) -> Bool {
        let re = try! NSRegularExpression(pattern: "^(?:" + regex + ")$")
        return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test(
        "0.5 is matched as 0.5, 0.50, .5, 5e-01, 5.0E-1, 5E-1, 50e-2, 0.05e1 and +0.5",
        arguments: ["0.5", "0.50", ".5", "00.5", "5e-01", "5.0E-1", "5E-1", "50e-2", "0.05e1", "+0.5", "0.5e0", "0.5E+00"])
    func half(text: String) {
        #expect(Self.matches(FloatSpellings.regex(ExactDecimal("0.5")!), text))
    }

    @Test(
        "1 is matched as 1, 1.0, 1.00, 1., 1e+00, 1.0E0, 10e-1 and 0.1e1",
        arguments: ["1", "1.0", "1.00", "1.", "1e+00", "1.0E0", "10e-1", "0.1e1", "1e0", "+1"])
    func one(text: String) {
        #expect(Self.matches(FloatSpellings.regex(1), text))
    }

    @Test("other numbers are not matched", arguments: ["0.05", "5", "0.55", "0.5e1", "5e-2", "50", "0.51", "1.5", "", "e-1", "0x1p-1"])
    func others(text: String) {
        #expect(!Self.matches(FloatSpellings.regex(ExactDecimal("0.5")!), text))
    }

    @Test("Java's 5.0E-4 and Go's 0.0005 are the same bucket; 1200 is 1.2E3 and 1200.0")
    func small() {
        let r = FloatSpellings.regex(ExactDecimal("0.0005")!)
        for t in ["0.0005", "5.0E-4", "5e-04", "0.00050"] { #expect(Self.matches(r, t), "\(t)") }
        #expect(!Self.matches(r, "0.005"))
        let k = FloatSpellings.regex(1200)
        for t in ["1200", "1.2E3", "1200.0", "1.2e+03", "12e2"] { #expect(Self.matches(k, t), "\(t)") }
        #expect(!Self.matches(k, "120"))
    }
}
