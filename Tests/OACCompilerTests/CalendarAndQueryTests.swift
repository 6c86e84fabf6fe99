import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACRender
import Testing

@testable import OACCompiler

/// The catalog language's calendar windows and events query form, from YAML to rules.
@Suite("Calendar windows and event queries")
struct CalendarAndQueryTests {
    static func catalog(version: String = "2.42", slo: String) -> [SourceFile] {
        GoldCatalog.files(version: version, spec: "  slos:\n" + slo)
    }

    @Test("window: month is a calendar month whose burn rates use its longest length, 31 days")
    func month() throws {
        let result = Compiler.check(
            Self.catalog(
                slo: """
                          - name: a
                            objective: 99.9
                            window: month
                            sli: {events: {bad: 'e_total{code="5"}', total: e_total}}
                    """))
        let slo = try #require(result.model?.services.first?.slos.first, "\(result.diagnostics.sorted)")
        #expect(slo.calendar == .month)
        #expect(slo.window == .days(31))
        #expect(slo.windowLabel == "calendar month")
        #expect(slo.burnRates.first?.factor == ExactDecimal(Decimal(string: "14.88")!))
        let model = try #require(result.model)
        let rules = SLORules(model: model, service: model.services[0])
        let records = rules.sloGroups().flatMap(\.rules).compactMap { r -> RecordingRule? in
            if case .record(let rec) = r { return rec }
            return nil
        }
        let ratio = try #require(records.first { $0.record == Conventions.errorRatioCalendarPeriod })
        #expect(ratio.expr.contains("[31d:1h]"))
        #expect(ratio.expr.contains("@ end()"))
        #expect(
            records.first { $0.record == Conventions.errorRatioSLOWindow }?.expr
                == #"oac_slo:error_ratio:calendar_period{service="s",slo="a"}"#)
        // No rolling 31-day ratio is recorded for a calendar SLO.
        #expect(!records.contains { $0.record == Conventions.errorRatio(.days(31)) })
    }

    @Test("calendar windows need the @ modifier, Prometheus 2.33 or newer")
    func version() {
        let result = Compiler.check(
            Self.catalog(
                version: "2.30",
                slo: """
                          - name: a
                            objective: 99
                            window: quarter
                            sli: {events: {bad: 'e_total{code="5"}', total: e_total}}
                    """))
        #expect(
            result.diagnostics.sorted.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.ruleID)" }
                == ["21:17 invalid-value"])
    }

    @Test("an events query is PromQL with $window; the SLI rules fill in 5m and sum it")
    func queries() throws {
        let result = Compiler.check(
            Self.catalog(
                slo: """
                          - name: a
                            objective: 99
                            sli:
                              events:
                                goodQuery: 'sum by (x) (rate(ok_total[$window]))'
                                totalQuery: 'sum(rate(all_total[$window]))'
                    """))
        let model = try #require(result.model, "\(result.diagnostics.sorted)")
        let rules = SLORules(model: model, service: model.services[0])
        let sli = rules.sliRecords(model.services[0].slos[0])
        #expect(
            sli.map(\.expr) == [
                "sum(sum(rate(all_total[5m]))) - (sum(sum by (x) (rate(ok_total[5m]))) or (sum(sum(rate(all_total[5m]))) * 0))",
                "sum(sum(rate(all_total[5m])))"
            ])
    }

    @Test(
        "a broken events query is reported at its column in the written text",
        arguments: [
            ("'sum(rate(all_total[$window])) +'", "invalid-promql"),
            ("'sum(rate(all_total[{{.window}}]))'", "invalid-promql")
        ])
    func brokenQuery(query: String, rule: String) {
        let result = Compiler.check(
            Self.catalog(
                slo: """
                          - name: a
                            objective: 99
                            sli:
                              events:
                                badQuery: \(query)
                                totalQuery: 'sum(rate(all_total[$window]))'
                    """))
        let d = result.diagnostics.sorted
        #expect(d.map(\.ruleID) == [rule])
        #expect(d.first?.location?.line == 23)
    }

    @Test("an error after a $window points at the written text")
    func located() throws {
        let files = Self.catalog(
            slo: """
                      - name: a
                        objective: 99
                        sli:
                          events:
                            badQuery: 'sum(rate(all_total[$window])) + foo(1)'
                            totalQuery: 'sum(rate(all_total[$window]))'
                """)
        let d = try #require(Compiler.check(files).diagnostics.sorted.first)
        let line = files[0].contents.split(separator: "\n", omittingEmptySubsequences: false)[d.location!.line - 1]
        let foo = try #require(line.range(of: "foo"))
        #expect(d.location?.column == line.distance(from: line.startIndex, to: foo.lowerBound) + 1)
    }

    @Test("the written column of an error after a $window accounts for its length")
    func column() {
        // "rate(a[5m]) +": the `+` is column 13; written, after `$window`, it is column 18.
        #expect(ModelBuilder.originalColumn("rate(a[$window]) +", expanded: 13, placeholder: "$window", filled: "5m") == 18)
        #expect(ModelBuilder.originalColumn("rate(a[$window]) +", expanded: 8, placeholder: "$window", filled: "5m") == 8)
    }
}
