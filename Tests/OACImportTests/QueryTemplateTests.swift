import Foundation
import OACDiagnostics
import OACModel
import Testing

@testable import OACImport

@Suite("SLI query templates")
struct QueryTemplateTests {
    func map(
        _ counted: String, _ total: String, counting: EventsSLI.Counting = .bad,
        counter: SLIMapping.Counter = .rates
    ) -> (ImportedSLI?, Diagnostics) {
        var d = Diagnostics()
        let sli = SLIMapping(slo: "s", location: SourceLocation(file: "f", line: 1, column: 1))
            .events(counting: counting, counted: counted, total: total, counter: counter, diagnostics: &d)
        return (sli, d)
    }

    @Test("a sum of rates over the window becomes selectors, a grouping is dropped with a note")
    func selectors() {
        let (sli, d) = map(
            #"sum by (route) (rate(http_requests_total{code=~"5.."}[{{ .window }}]))"#,
            "sum(rate(http_requests_total[{{.window}}]))")
        #expect(sli == .events(counting: .bad, selector: #"http_requests_total{code=~"5.."}"#, total: "http_requests_total"))
        #expect(d.items.map(\.ruleID) == [ImportCheck.notKept])
    }

    @Test("a fixed range is not the window: the query is kept as written")
    func fixedRange() {
        let (sli, _) = map("sum(rate(e[5m]))", "sum(rate(t[{{.window}}]))")
        #expect(sli == .eventQueries(counting: .bad, query: "sum(rate(e[5m]))", total: "sum(rate(t[$window]))"))
    }

    @Test("raw counters (OpenSLO counter: true) become selectors; a good bucket over a count becomes latency")
    func counters() {
        #expect(
            map(
                #"sum(checkout_success_total{job="a"})"#, #"checkout_attempts_total{job="a"}"#, counting: .good,
                counter: .rawCounters
            ).0
                == .events(counting: .good, selector: #"checkout_success_total{job="a"}"#, total: #"checkout_attempts_total{job="a"}"#))
        #expect(
            map(#"h_bucket{job="a",le="0.25"}"#, #"h_count{job="a"}"#, counting: .good, counter: .rawCounters).0
                == .latency(histogram: #"h{job="a"}"#, threshold: Decimal(string: "0.25")!))
    }

    @Test("a counter query oac cannot take the rate of, invalid PromQL and other templates are rejected")
    func rejected() {
        for (counted, counter) in [
            ("sum(a) / 2", SLIMapping.Counter.rawCounters), ("sum(rate(a[{{.window}}])", .rates),
            ("sum(rate(a{x=\"{{.label}}\"}[{{.window}}]))", .rates)
        ] {
            let (sli, d) = map(counted, "sum(rate(t[{{.window}}]))", counter: counter)
            #expect(sli == nil, "\(counted)")
            #expect(d.items.map(\.ruleID) == [ImportCheck.rejected], "\(counted)")
        }
    }

    @Test("names are fitted to catalog names")
    func names() {
        #expect(NameFitter.fit("My Service_v2!") == "my-service-v2")
        #expect(NameFitter.fit("---") == nil)
        #expect(NameFitter.fit(String(repeating: "a", count: 70))?.count == 63)
    }
}
