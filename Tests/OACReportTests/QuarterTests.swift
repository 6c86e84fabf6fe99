import Foundation
import OACReport
import Testing

@Suite("Quarters and days")
struct QuarterTests {
    @Test("2026-Q3 runs from 1 July to 30 September: 92 days")
    func q3() throws {
        let q = try #require(Quarter(parsing: "2026-Q3"))
        #expect(q.firstDay.description == "2026-07-01")
        #expect(q.lastDay.description == "2026-09-30")
        #expect(q.days.count == 92)
        #expect(q.previous.description == "2026-Q2")
        #expect(q.next.description == "2026-Q4")
        #expect(Quarter(parsing: "2026-Q1")!.previous.description == "2025-Q4")
        #expect(Quarter(parsing: "2028-Q1")!.days.count == 91)  // leap year: 31 + 29 + 31
    }

    @Test("malformed quarters are rejected", arguments: ["2026-Q5", "2026-Q0", "26-Q3", "2026-3", "2026-Q33", ""])
    func malformed(_ text: String) {
        #expect(Quarter(parsing: text) == nil)
    }

    @Test("days round-trip through their civil date and know their weekday")
    func days() throws {
        for text in ["1970-01-01", "2000-02-29", "2026-08-14", "2100-12-31"] {
            #expect(Day(parsing: text)?.description == text)
        }
        #expect(Day(parsing: "2026-02-29") == nil)
        #expect(Day(parsing: "2026-8-14") == nil)
        #expect(Day(parsing: "2026-08-14")!.weekday == 4)  // a Friday
        let d = Day(containing: Timestamp.parse("2026-08-14T23:59:59Z")!)
        #expect(d.description == "2026-08-14")
        #expect(Day(containing: d.end).description == "2026-08-15")
    }
}
