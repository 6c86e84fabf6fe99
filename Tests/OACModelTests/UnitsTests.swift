import Foundation
import OACPromQL
import OACSupport
import Testing

@testable import OACModel

@Suite("Units")
struct UnitsTests {
    @Test(
        "durations parse Prometheus syntax",
        arguments: [
            ("5m", Int64(300_000)), ("1h30m", 5_400_000), ("30d", 2_592_000_000), ("1y", 31_536_000_000),
            ("500ms", 500), ("2w", 1_209_600_000), ("1d12h", 129_600_000)
        ])
    func durationsParse(text: String, ms: Int64) {
        #expect(PromDuration(parsing: text)?.milliseconds == ms)
    }

    @Test(
        "malformed durations are rejected",
        arguments: [
            "", "5", "m", "5x", "1m1h", "30days", "-5m", "1.5h", "5m5m",
            "99999999999999999999d"
        ])
    func durationsReject(text: String) {
        #expect(PromDuration(parsing: text) == nil)
    }

    @Test("durations print the way Prometheus prints them")
    func durationsPrint() {
        #expect(PromDuration.days(30).description == "30d")
        #expect(PromDuration(milliseconds: 5_400_000).description == "1h30m")
        #expect(PromDuration.days(28).description == "4w")
        #expect(PromDuration.days(365).description == "1y")
        #expect(PromDuration.days(3).description == "3d")
        #expect(PromDuration(milliseconds: 1500).description == "1s500ms")
    }

    @Test("sizes use powers of 1000 for KB..TB and 1024 for KiB..TiB")
    func sizes() {
        #expect(ByteSize(parsing: "20GB")?.bytes == 20_000_000_000)
        #expect(ByteSize(parsing: "1GiB")?.bytes == 1_073_741_824)
        #expect(ByteSize(parsing: "1.5TB")?.bytes == 1_500_000_000_000)
        #expect(ByteSize(parsing: "512MiB")?.bytes == 536_870_912)
        #expect(ByteSize(parsing: "100")?.bytes == 100)
        #expect(ByteSize(parsing: "20 gigs") == nil)
        #expect(ByteSize(parsing: "-1GB") == nil)
        #expect(ByteSize(parsing: "GB") == nil)
    }

    @Test("decimals stay exact: 1 - 0.999 is 0.001, not 0.0009999999999999432")
    func exactDecimals() throws {
        let objective = try #require(Decimal(exactly: "99.9"))
        #expect(((100 - objective) / 100).plain() == "0.001")
        #expect(try #require(Decimal(exactly: "99.95")).plain() == "99.95")
        #expect(Decimal(exactly: "1e-3")?.plain() == "0.001")
        #expect(Decimal(exactly: "abc") == nil)
        #expect(Decimal(exactly: "1.2.3") == nil)
    }

    @Test("burn-rate factors scale with the window and stay exact")
    func factors() {
        let table = BurnRateWindowSpec.sreWorkbook
        #expect(table.map { $0.factor(for: .days(30)).description } == ["14.4", "6", "3", "1"])
        #expect(table.map { $0.factor(for: .days(28)).description } == ["13.44", "5.6", "2.8", "0.93333333333333333333"])  // 0.1 × 28/3 = 14/15
        #expect(table.map { $0.factor(for: .days(7)).description } == ["3.36", "1.4", "0.7", "0.23333333333333333333"])  // 0.1 × 7/3 = 7/30
    }

    @Test("exact decimals encode as JSON numbers without float noise")
    func exactJSON() throws {
        #expect(
            StableJSON.text([ExactDecimal("0.001")!, ExactDecimal("99.9")!, ExactDecimal(Decimal(string: "0.1")! * 3)]) == "[\n  0.001,\n  99.9,\n  0.3\n]\n")
    }
}
