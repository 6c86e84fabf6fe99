import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// Turns a pair of SLI queries (counted events and total events) into the catalog's SLI forms, reporting
/// what changes on the way. Shared by the Sloth and OpenSLO importers.
struct SLIMapping {
    let slo: String
    let location: SourceLocation

    enum Counter {
        /// The queries compute rates themselves, over `{{.window}}` (Sloth; OpenSLO non-counter metrics).
        case rates
        /// The queries read raw counters (OpenSLO `counter: true`): oac takes their rate.
        case rawCounters
    }

    /// The SLI, or nil (with a reason) when the queries cannot be imported.
    func events(
        counting: EventsSLI.Counting, counted: String, total: String, counter: Counter,
        diagnostics: inout Diagnostics
    ) -> ImportedSLI? {
        let key = counting == .bad ? "bad" : "good"
        let n1 = QueryTemplate.normalise(counted)
        let n2 = QueryTemplate.normalise(total)
        guard let e1 = parsed(n1, what: "\(key) query", diagnostics: &diagnostics),
            let e2 = parsed(n2, what: "total query", diagnostics: &diagnostics)
        else { return nil }
        switch counter {
        case .rawCounters:
            if let a = QueryTemplate.counterSelector(e1), let b = QueryTemplate.counterSelector(e2) {
                return selectors(counting, a, b, diagnostics: &diagnostics)
            }
            if n1.contains(EventQueriesSLI.windowPlaceholder), n2.contains(EventQueriesSLI.windowPlaceholder) { break }
            diagnostics.warning(
                "SLO `\(slo)`: a counter query must be one counter (`metric{…}` or `sum(metric{…})`) so oac can take its rate; `\(oneLine(n1))` is not",
                rule: ImportCheck.rejected, at: location,
                hint: "write it as a rate over the window, sum(rate(metric{…}[{{.window}}])), with `counter: false`")
            return nil
        case .rates:
            break
        }
        if let a = QueryTemplate.rateSelector(e1), let b = QueryTemplate.rateSelector(e2) {
            return selectors(counting, a, b, diagnostics: &diagnostics)
        }
        if counting == .bad, let l = QueryTemplate.latency(bad: e1, total: e2) {
            return .latency(histogram: l.histogram, threshold: l.threshold)
        }
        for (e, what) in [(e1, key), (e2, "total")] where e.valueType != .instantVector {
            diagnostics.warning(
                "SLO `\(slo)`: the \(what) query returns a \(e.valueType), not an instant vector",
                rule: ImportCheck.rejected, at: location)
            return nil
        }
        return .eventQueries(counting: counting, query: compact(n1), total: compact(n2))
    }

    /// One line, unless the query holds a comment that joining lines would swallow.
    func compact(_ query: String) -> String { query.contains("#") ? query : oneLine(query) }

    /// Selectors of both sides, or a latency SLI when they are a histogram's fast bucket and its count.
    func selectors(
        _ counting: EventsSLI.Counting, _ a: (selector: VectorSelector, grouping: Grouping?),
        _ b: (selector: VectorSelector, grouping: Grouping?), diagnostics: inout Diagnostics
    ) -> ImportedSLI {
        for g in [a.grouping, b.grouping].compactMap({ $0 }) where !g.labels.isEmpty {
            diagnostics.warning(
                "SLO `\(slo)`: the grouping by (\(g.labels.joined(separator: ", "))) is dropped; an oac SLI is one ratio over every series it selects",
                rule: ImportCheck.notKept, at: location,
                hint: "split the SLO per label value if each needs its own objective")
        }
        if counting == .good, let l = QueryTemplate.latency(bucket: a.selector, count: b.selector) {
            return .latency(histogram: l.histogram, threshold: l.threshold)
        }
        return .events(counting: counting, selector: a.selector.description, total: b.selector.description)
    }

    func parsed(_ normalised: String, what: String, diagnostics: inout Diagnostics) -> Expr? {
        if QueryTemplate.hasOtherTemplate(normalised) {
            diagnostics.warning(
                "SLO `\(slo)`: the \(what) uses Go template syntax other than {{.window}}, which oac cannot expand",
                rule: ImportCheck.rejected, at: location)
            return nil
        }
        switch QueryTemplate.parse(normalised) {
        case .success(let e): return e
        case .failure(let error):
            diagnostics.warning(
                "SLO `\(slo)`: the \(what) is not valid PromQL: \(error.message)", rule: ImportCheck.rejected,
                at: location)
            return nil
        }
    }

    func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// A query that already is an error ratio (Sloth `raw`, OpenSLO `raw`): one event per 5-minute slice.
    func rawErrorRatio(_ query: String, diagnostics: inout Diagnostics) -> ImportedSLI? {
        let n = QueryTemplate.normalise(query)
        guard let e = parsed(n, what: "error ratio query", diagnostics: &diagnostics) else { return nil }
        guard e.valueType == .instantVector else {
            diagnostics.warning(
                "SLO `\(slo)`: the error ratio query returns a \(e.valueType), not an instant vector",
                rule: ImportCheck.rejected, at: location)
            return nil
        }
        diagnostics.warning(
            "SLO `\(slo)`: a raw error ratio has no event counts; imported as one event per 5-minute slice, so its budget is the mean of the ratios (as the original tool computes it), not Σbad/Σtotal",
            rule: ImportCheck.approximated, at: location,
            hint: "when the numerator and denominator are counters, write them as bad and total events instead")
        let body = compact(n)
        return .eventQueries(counting: .bad, query: body, total: "count(\(body))")
    }
}
