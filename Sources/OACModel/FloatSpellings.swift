import Foundation
import OACSupport

/// A regular expression (RE2, anchored as Prometheus anchors label matchers) that matches the texts of one
/// decimal number as clients write it. Prometheus 2 stores a histogram's `le` as exposed — Go writes `0.5` and
/// `5e-05`, Java `5.0E-4` and `1.0`, others `0.50`, `1.00`, `1e+00` — and Prometheus 3 normalises classic
/// buckets to Go's float text; a latency SLI must read every one of them as the same bucket.
///
/// Matched: an optional `+`; any number of leading zeros; any number of trailing fractional zeros; a decimal
/// point with nothing after it (`1.`) or before it (`.5`); an exponent `e`/`E` with optional sign and leading
/// zeros, from three below the integer-mantissa exponent (`5000e-4`) to three above the scientific one
/// (`0.0005e3`), and no exponent at all. Not matched: hexadecimal floats (`0x1p-1`), which no client writes.
public enum FloatSpellings {
    public static func regex(_ value: ExactDecimal) -> String {
        guard value.value > 0 else { return regexOfZeroOrNegative(value) }
        // value = D × 10^q with D's digits free of trailing zeros; scientific exponent p = q + len(D) − 1.
        let (digits, q) = digitsAndExponent(value.value)
        let p = q + digits.count - 1
        var exponents = Set([0])
        for e in (q - 3)...(p + 3) { exponents.insert(e) }
        let parts = exponents.sorted().map { e in mantissa(digits, q - e) + exponentPattern(e) }
        return "\\+?(?:" + parts.joined(separator: "|") + ")"
    }

    /// The digits of a positive decimal without trailing zeros, and the power of ten of its last digit.
    static func digitsAndExponent(_ d: Decimal) -> ([UInt8], Int) {
        // Plain text of the exact value, e.g. "0.0005" or "1200".
        let text = ExactDecimal(d).description
        var digits: [UInt8] = []
        var pointAt: Int?
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                pointAt = digits.count
                continue
            }
            digits.append(c - 48)
        }
        var q = pointAt.map { -(digits.count - $0) } ?? 0
        while digits.count > 1, digits.last == 0 {
            digits.removeLast()
            q += 1
        }
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        return (digits, q)
    }

    /// The plain-decimal texts of D × 10^shift: leading zeros, an optional point, trailing fractional zeros.
    static func mantissa(_ digits: [UInt8], _ shift: Int) -> String {
        let d = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if shift >= 0 {
            return "0*" + d + String(repeating: "0", count: shift) + "(?:\\.0*)?"
        }
        let intCount = digits.count + shift
        if intCount > 0 {
            let i = d.prefix(intCount)
            let f = d.dropFirst(intCount)
            return "0*" + i + "\\." + f + "0*"
        }
        return "0*\\." + String(repeating: "0", count: -intCount) + d + "0*"
    }

    static func exponentPattern(_ e: Int) -> String {
        if e == 0 { return "(?:[eE][+-]?0+)?" }
        if e > 0 { return "[eE]\\+?0*\(e)" }
        return "[eE]-0*\(-e)"
    }

    /// Zero and negative values (no bucket bound oac accepts, kept total): their plain text only.
    static func regexOfZeroOrNegative(_ value: ExactDecimal) -> String {
        value.description.replacingOccurrences(of: ".", with: "\\.")
    }
}
