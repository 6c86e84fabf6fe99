import Testing

@testable import OACPromQL

/// Numbers Prometheus refuses or reads differently, and durations where numbers go (Prometheus before 2.54).
/// Prometheus reads a number literal with Go's `strconv.ParseInt(text, 0, 64)`, then `ParseFloat(text, 64)`;
/// either error makes the query invalid (`error parsing number`), as `promtool check rules` 2.42 shows.
@Suite("Number and duration literals at their limits")
struct NumberLimitTests {
    @Test("a number beyond the largest double is refused, not read as infinity", arguments: ["up > 1e309", "up > -1e309", "1e400"])
    func overflow(query: String) {
        #expect(parseError(query)?.message.contains("number out of range") == true)
    }

    @Test("the largest doubles and underflowing numbers still parse")
    func largest() throws {
        #expect(try PromQL.parse("1e308") == .number(1e308))
        #expect(try PromQL.parse("1.7976931348623157e308") == .number(.greatestFiniteMagnitude))
        // Go's ParseFloat returns 0 without an error for an underflow.
        #expect(try PromQL.parse("1e-400") == .number(0))
    }

    @Test("a hexadecimal number must fit in 63 bits, as Go's ParseInt reads it")
    func hex() throws {
        // 0x7fffffffffffffff = 2^63 − 1, the largest int64; the next number is refused (ParseFloat takes
        // hexadecimal only with a `p` exponent), and so is every longer one.
        #expect(try PromQL.parse("0x7fffffffffffffff") == .number(9_223_372_036_854_775_807))
        #expect(try PromQL.parse("0x0000000000000000001f") == .number(31))
        for bad in ["0x8000000000000000", "0xffffffffffffffff", "0xffffffffffffffffffffffff"] {
            expectError("up > \(bad)", 1, 6, "number out of range")
        }
    }

    @Test("a number with a leading 0 that Prometheus reads as octal is refused")
    func octal() throws {
        // ParseInt("010", 0, 64) = 8: Prometheus compares with 8, not 10.
        guard let e = parseError("up > 010") else { return }
        #expect(e.message.contains("means 8"))
        #expect(e.column == 6)
        // 09 is not octal (ParseInt fails, ParseFloat gives 9), 07 and 00 read the same either way.
        #expect(try PromQL.parse("09") == .number(9))
        #expect(try PromQL.parse("07") == .number(7))
        #expect(try PromQL.parse("00") == .number(0))
        #expect(try PromQL.parse("0.10") == .number(0.1))
        #expect(try PromQL.parse("010e1") == .number(100))
    }

    static let before254 = PromQL.Options(durationsAsNumbers: false)

    @Test(
        "a duration where a number goes needs durationsAsNumbers (Prometheus 2.54)",
        arguments: [
            ("up + 5m", 6), ("time() - 1h > up", 10), ("up @ 5m", 6)
        ])
    func durationAsNumber(query: String, column: Int) throws {
        _ = try PromQL.parse(query)
        expectError(query, 1, column, "a duration used as a number", options: Self.before254)
    }

    @Test(
        "a number where a duration goes needs durationsAsNumbers (Prometheus 2.54)",
        arguments: [
            ("rate(up[300])", 9), ("up offset 60", 11), ("max_over_time(up[1h:60])", 21)
        ])
    func numberAsDuration(query: String, column: Int) throws {
        _ = try PromQL.parse(query)
        expectError(query, 1, column, "a number used as a duration", options: Self.before254)
    }

    @Test("durations in their own places parse without durationsAsNumbers")
    func durationsInPlace() throws {
        let e = try PromQL.parse("max_over_time(rate(up[5m] offset 1h)[1d:1m]) > 2", options: Self.before254)
        #expect(e.description == "max_over_time(rate(up[5m] offset 1h)[1d:1m]) > 2")
    }
}
