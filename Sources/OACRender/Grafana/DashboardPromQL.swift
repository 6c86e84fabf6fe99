import Foundation
import OACModel
import OACPromQL

/// PromQL text for dashboard panels. Grafana interpolates `$name` anywhere in a query before Prometheus sees
/// it, so catalog values are escaped twice: for PromQL (`PromQL.quote`) and against interpolation
/// (`$` inside a string literal written as the equivalent escape `\x24`).
enum DashboardPromQL {
    /// A PromQL string literal that Grafana passes through unchanged.
    static func quote(_ s: String) -> String {
        PromQL.quote(s).replacing(["$": "\\x24"])
    }

    /// Free PromQL from the catalog (a threshold SLI's query) with every `$` inside a "…" or '…' string
    /// literal written as `\x24`. Outside string literals `$` is not PromQL, so nothing else can hold one;
    /// raw `…` strings have no escapes and are left as written.
    static func protect(_ query: String) -> String {
        // `$` is one ASCII byte: text without that byte has no `$` character.
        guard query.utf8.contains(UInt8(ascii: "$")) else { return query }
        var out = ""
        var quote: Character?
        var escaped = false
        var comment = false
        for c in query {
            if comment {
                out.append(c)
                if c == "\n" { comment = false }
                continue
            }
            if let q = quote {
                if escaped {
                    escaped = false
                } else if c == "\\" && q != "`" {
                    escaped = true
                } else if c == q {
                    quote = nil
                } else if c == "$" && q != "`" {
                    out += "\\x24"
                    continue
                }
                out.append(c)
                continue
            }
            switch c {
            case "\"", "'", "`": quote = c
            case "#": comment = true
            default: break
            }
            out.append(c)
        }
        return out
    }

    /// Whether `text` contains `word`, as Foundation's `contains` answers; ASCII text (any query in practice)
    /// is searched byte by byte, without bridging to NSString.
    static func contains(_ text: String, _ word: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }), word.utf8.allSatisfy({ $0 < 0x80 }) else { return text.contains(word) }
        let haystack = Array(text.utf8)
        let needle = Array(word.utf8)
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { i in
            haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle)
        }
    }

    /// `metric{name="value",…}` with catalog matchers escaped, plus matchers that are already PromQL (such as
    /// the `region=~"$region"` filter, which must stay interpolable).
    static func selector(_ metric: String, _ matchers: [LabelSelector.Matcher], extra: [String] = []) -> String {
        if matchers.isEmpty && extra.isEmpty { return metric }
        // Appended into one string (no array of matcher texts to join).
        var out = metric
        out.reserveCapacity(metric.utf8.count + 32 * (matchers.count + extra.count))
        out.append("{")
        var first = true
        for m in matchers {
            if !first { out.append(",") }
            first = false
            out.append(m.name)
            out.append(m.op.rawValue)
            out.append(quote(m.value))
        }
        for e in extra {
            if !first { out.append(",") }
            first = false
            out.append(e)
        }
        out.append("}")
        return out
    }

    /// An RE2 alternation matching exactly the given values.
    static func alternation(_ values: [String]) -> String {
        values.map(regexEscape).joined(separator: "|")
    }

    /// RE2 text matching `s` literally.
    static func regexEscape(_ s: String) -> String { PromQL.quoteMeta(s) }

    /// `histogram_quantile` over a classic histogram's buckets, summed over everything but `le`.
    static func quantile(_ q: String, bucketSelector: String) -> String {
        "histogram_quantile(\(q), sum by (le) (rate(\(bucketSelector)[$__rate_interval])))"
    }

    static func rate(_ selector: String) -> String { "sum(rate(\(selector)[$__rate_interval]))" }

    /// p50, p90 and p99 of a classic histogram.
    static func percentiles(bucketSelector: String) -> [Panels.Query] {
        [("0.5", "p50"), ("0.9", "p90"), ("0.99", "p99")].map {
            Panels.Query(quantile($0.0, bucketSelector: bucketSelector), $0.1)
        }
    }
}

/// Builds panels with the settings every oac dashboard shares.
enum Panels {
    static let refIDs = (UnicodeScalar("A").value...UnicodeScalar("Z").value).map { String(UnicodeScalar($0)!) }

    struct Query {
        var expr: String
        var legend: String?

        init(_ expr: String, _ legend: String? = nil) {
            self.expr = expr
            self.legend = legend
        }
    }

    static func targets(_ queries: [Query], instant: Bool = false, table: Bool = false) -> [Target] {
        precondition(queries.count <= refIDs.count, "too many queries in one panel")
        return queries.enumerated().map { i, q in
            Target(expr: q.expr, refId: refIDs[i], legendFormat: q.legend, instant: instant, table: table)
        }
    }

    static func timeseries(
        _ title: String, _ description: String?, unit: String, _ queries: [Query],
        thresholds: Thresholds? = nil, thresholdsStyle: String = "off",
        min: ExactDecimal? = nil, max: ExactDecimal? = nil,
        softMin: ExactDecimal? = nil, softMax: ExactDecimal? = nil,
        axisLabel: String? = nil
    ) -> GrafanaPanel {
        GrafanaPanel(
            type: .timeseries, title: title, description: description, datasource: .prometheus,
            targets: targets(queries),
            fieldConfig: FieldConfigSource(
                defaults: FieldDefaults(
                    unit: unit, min: min, max: max, color: .palette,
                    thresholds: thresholds ?? Thresholds(base: "green", []),
                    custom: TimeSeriesFieldConfig(
                        thresholdsStyle: thresholds == nil ? "off" : thresholdsStyle,
                        axisLabel: axisLabel, axisSoftMin: softMin, axisSoftMax: softMax))),
            options: .timeseries(TimeSeriesOptions()))
    }

    static func stat(
        _ title: String, _ description: String?, unit: String, _ queries: [Query],
        thresholds: Thresholds, decimals: Int? = nil, textMode: String = "auto",
        colorMode: String = "value", graphMode: String = "none", noValue: String? = nil,
        mappings: [ValueMapping]? = nil
    ) -> GrafanaPanel {
        GrafanaPanel(
            type: .stat, title: title, description: description, datasource: .prometheus,
            targets: targets(queries),
            fieldConfig: FieldConfigSource(
                defaults: FieldDefaults(
                    unit: unit, decimals: decimals, noValue: noValue,
                    color: colorMode == "none" ? .fixed("text") : .thresholds, thresholds: thresholds,
                    mappings: mappings)),
            options: .stat(StatOptions(graphMode: graphMode, colorMode: colorMode, textMode: textMode)))
    }

    static func table(
        _ title: String, _ description: String?, _ queries: [Query], hiding: [String],
        order: [String]
    ) -> GrafanaPanel {
        GrafanaPanel(
            type: .table, title: title, description: description, datasource: .prometheus,
            targets: targets(queries, instant: true, table: true),
            fieldConfig: FieldConfigSource(defaults: FieldDefaults()),
            options: .table(TableOptions()),
            transformations: [.organize(hiding: hiding, order: order)])
    }

    static func text(_ title: String, markdown: String) -> GrafanaPanel {
        GrafanaPanel(type: .text, title: title, options: .text(TextOptions(content: markdown)))
    }

    /// Red below `good`, green from it: attainment against its objective.
    static func objectiveThresholds(_ objective: ExactDecimal) -> Thresholds {
        Thresholds(base: "red", [(objective, "green")])
    }

    /// Budget left: red when spent, orange in the last quarter, green otherwise.
    static let budgetThresholds = Thresholds(base: "red", [(0, "orange"), (ExactDecimal("0.25")!, "green")])
}

/// Markdown for text panels: catalog text is escaped, links only for http(s) URLs, percent-encoded.
enum Markdown {
    /// Characters with a Markdown or HTML meaning inline; CommonMark makes a backslash-escaped one literal.
    static let special: Set<Character> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|",
        "<", ">", "~", "&", "\"", "'"
    ]

    /// The ASCII bytes `escape` changes: the special characters, line breaks and `$`.
    private static let changedBytes: [Bool] = (0..<128).map { b in
        let c = Character(Unicode.Scalar(UInt8(b)))
        return special.contains(c) || c == "\n" || c == "\r" || c == "$"
    }

    /// Catalog text as literal Markdown on one line.
    static func escape(_ s: String) -> String {
        // Text without any of those bytes has no character to change (each is one ASCII scalar): as it is.
        if !s.utf8.contains(where: { $0 < 128 && changedBytes[Int($0)] }) { return s }
        var out = ""
        for c in s {
            if c == "\n" || c == "\r" {
                out.append(" ")
            } else if c == "$" {
                // An entity, so Grafana's `$variable` interpolation of text panels cannot match it.
                out += "&#36;"
            } else if special.contains(c) {
                out.append("\\")
                out.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `[text](url)` for an http(s) URL; anything else is shown as escaped text, never as a link.
    static func link(_ text: String, _ url: String) -> String {
        if isPlainWebURL(url) { return "[\(escape(text))](\(url))" }
        return parsedLink(text, url)
    }

    /// `link` through URL parsing and percent-encoding, for any text.
    static func parsedLink(_ text: String, _ url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "https" || scheme == "http"
        else { return escape(url) }
        let encoded = url.addingPercentEncoding(withAllowedCharacters: urlAllowed) ?? ""
        return "[\(escape(text))](\(encoded))"
    }

    /// `http://` or `https://`, a host name (dot-separated labels of letters, digits and inner dashes), then
    /// nothing or a path of letters, digits and `-._~/`: a valid http(s) URL that percent-encoding leaves as
    /// it is, so `link` needs neither (URL parsing costs microseconds; a catalog has a runbook per service).
    static func isPlainWebURL(_ url: String) -> Bool {
        var rest = url.utf8[...]
        if rest.starts(with: "https://".utf8) {
            rest = rest.dropFirst(8)
        } else if rest.starts(with: "http://".utf8) {
            rest = rest.dropFirst(7)
        } else {
            return false
        }
        func alphanumeric(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        let hostEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let labels = rest[..<hostEnd].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            guard let first = label.first, let last = label.last, alphanumeric(first), alphanumeric(last),
                label.allSatisfy({ alphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return rest[hostEnd...].allSatisfy { b in
            alphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: "~") || b == UInt8(ascii: "/")
        }
    }

    /// ASCII letters and digits and the URL punctuation kept as it is (built once: a CharacterSet is costly).
    static let urlAllowed: CharacterSet = {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~:/?#[]@!&'*+,;=%")
        return allowed
    }()
}
