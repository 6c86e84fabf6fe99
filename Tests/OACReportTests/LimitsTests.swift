import Foundation
import Testing

@testable import OACReport

/// Numbers and text at the report's limits.
@Suite("Report limits")
struct ReportLimitsTests {
    @Test("timestamps are strict RFC 3339: real calendar dates, 24-hour times, a zone")
    func strictTimestamps() {
        // 2026-01-01 is 56 × 365 + 14 leap days = 20,454 days after 1970-01-01; 30 September is day 273 of 2026, so
        // 2026-09-30T23:59:59Z = (20,454 + 272) × 86,400 + 86,399 s; 1 September is day 244 → 20,697.
        #expect(Timestamp.parse("2026-09-30T23:59:59Z")?.timeIntervalSince1970 == Double(20_726 * 86_400 + 86_399))
        #expect(Timestamp.parse("2026-09-01T02:00:00+02:00") == Timestamp.parse("2026-09-01T00:00:00Z"))
        #expect(Timestamp.parse("2026-09-01T02:00:00+0200") == Timestamp.parse("2026-09-01T00:00:00Z"))
        #expect(Timestamp.parse("2026-09-01T00:00:00.250Z")?.timeIntervalSince1970 == Double(20_697 * 86_400) + 0.25)
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)  // a leap year
        for bad in [
            "2026-09-31T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-09-15T24:00:00Z", "2026-09-15T10:60:00Z", "2026-09-15T10:00:00", "2026-09-15T10:00:00Zjunk",
            "1e300", "", "99999-01-01T00:00:00Z", "2026-09-15T10:00:00+24:00"
        ] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("the burn-down grid keeps a quarter or half step for small overspends and at most 12 lines for any")
    func gridStep() {
        #expect(Charts.gridStep(span: 1) == 0.25)
        #expect(Charts.gridStep(span: 2) == 0.25)
        #expect(Charts.gridStep(span: 3) == 0.5)
        for span in [6.0, 10, 101, 1e4, 1e6 + 1, 123_456.75] {
            let step = Charts.gridStep(span: span)
            #expect(span / step <= 11, "span \(span): step \(step)")
            #expect(span / step > 2, "span \(span): step \(step)")
        }
    }

    @Test("template checks follow set-delimiter tags and count nesting through partials")
    func templateScan() throws {
        #expect(throws: Never.self) { try TemplateCheck.check(["index": "{{#a}}{{> p}}{{/a}}", "p": "{{{raw}}} {{x}}"]) }
        #expect(throws: ReportTemplates.TemplateError.self) { try TemplateCheck.check(["index": "{{=| |=}}|> index|"]) }
        #expect(throws: ReportTemplates.TemplateError.self) {
            try TemplateCheck.check(["index": String(repeating: "{{x}}", count: TemplateCheck.maxTags + 1)])
        }
        // The shipped templates pass.
        #expect(throws: Never.self) { try TemplateCheck.check(DefaultTemplates.sources) }
    }
}
