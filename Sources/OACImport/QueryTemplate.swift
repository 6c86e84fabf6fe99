import Foundation
import OACModel
import OACPromQL

/// Sloth and OpenSLO write SLI queries as PromQL templates with `{{.window}}` for the rate range. This turns
/// them into the catalog's forms: label selectors when the query is the sum of the rate of one counter,
/// a latency SLI when it is "requests minus requests under a bucket", and the `$window` query form otherwise.
enum QueryTemplate {
    /// A range no real query writes, standing in for the window while the query is classified.
    static let sentinel = "7777s"
    static let sentinelMilliseconds: Int64 = 7_777_000

    /// `{{.window}}` (any spacing) becomes `$window`.
    static func normalise(_ query: String) -> String {
        var out = query
        for form in ["{{.window}}", "{{ .window }}", "{{.window }}", "{{ .window}}"] {
            out = out.replacingOccurrences(of: form, with: EventQueriesSLI.windowPlaceholder)
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Go template syntax other than the window (oac cannot expand it).
    static func hasOtherTemplate(_ normalised: String) -> Bool { normalised.contains("{{") }

    /// The normalised query parsed with the sentinel range, or the parser's message.
    static func parse(_ normalised: String) -> Result<Expr, PromQLError> {
        do {
            return .success(try PromQL.parse(normalised.replacingOccurrences(of: EventQueriesSLI.windowPlaceholder, with: sentinel)))
        } catch {
            return .failure(error)
        }
    }

    static func unwrap(_ e: Expr) -> Expr {
        if case .paren(let inner) = e { return unwrap(inner) }
        return e
    }

    /// `sum(rate(SEL[$window]))`, `sum by (…) (…)` included: the selector and any grouping that was dropped.
    static func rateSelector(_ e: Expr) -> (selector: VectorSelector, grouping: Grouping?)? {
        guard case .aggregate(let a) = unwrap(e), a.op == .sum, a.param == nil,
            case .call(let c) = unwrap(a.expr), c.name == "rate" || c.name == "increase", c.args.count == 1,
            case .matrixSelector(let m) = c.args[0], m.range.milliseconds == sentinelMilliseconds,
            isPlain(m.selector)
        else { return nil }
        return (m.selector, a.grouping)
    }

    /// A counter read without a rate, as OpenSLO writes `counter: true` metrics: `SEL` or `sum(SEL)`.
    static func counterSelector(_ e: Expr) -> (selector: VectorSelector, grouping: Grouping?)? {
        switch unwrap(e) {
        case .vectorSelector(let v) where isPlain(v):
            return (v, nil)
        case .aggregate(let a) where a.op == .sum && a.param == nil:
            if case .vectorSelector(let v) = unwrap(a.expr), isPlain(v) { return (v, a.grouping) }
            return nil
        default:
            return nil
        }
    }

    /// A selector the catalog's `events` form takes: a metric name, no offset or `@`.
    static func isPlain(_ v: VectorSelector) -> Bool {
        guard v.metricName != nil, v.offset == nil, v.at == nil, !v.matchers.contains(where: { $0.name == "__name__" }),
            (try? LabelSelector.parse(v.description)) != nil
        else { return false }
        return true
    }

    /// `sum(rate(X_count{M}[w])) - sum(rate(X_bucket{M,le="v"}[w]))` against `sum(rate(X_count{M}[w]))`:
    /// the histogram `X{M}` and threshold `v`.
    static func latency(bad: Expr, total: Expr) -> (histogram: String, threshold: Decimal)? {
        guard case .binary(let b) = unwrap(bad), b.op == .sub, b.matching == nil,
            let count = rateSelector(b.lhs), count.grouping == nil,
            let bucket = rateSelector(b.rhs), bucket.grouping == nil,
            let t = rateSelector(total), t.grouping == nil, t.selector == count.selector
        else { return nil }
        return latency(bucket: bucket.selector, count: count.selector)
    }

    /// A `_bucket{…, le="v"}` and a `_count{…}` of the same histogram with the same other matchers.
    static func latency(bucket: VectorSelector, count: VectorSelector) -> (histogram: String, threshold: Decimal)? {
        guard let bname = bucket.metricName, let cname = count.metricName, bname.hasSuffix("_bucket"),
            cname.hasSuffix("_count"), bname.dropLast("_bucket".count) == cname.dropLast("_count".count),
            let le = bucket.matcher(for: "le"), le.op == .equal,
            let threshold = Decimal(string: le.value, locale: Locale(identifier: "en_US_POSIX")), threshold > 0,
            Set(bucket.matchers.filter { $0.name != "le" }) == Set(count.matchers)
        else { return nil }
        var histogram = count
        histogram.metricName = String(cname.dropLast("_count".count))
        return (histogram.description, threshold)
    }
}
