import Foundation
import OACModel

/// PromQL text for dashboard panels. Grafana interpolates `$name` anywhere in a query before Prometheus sees
/// it, so catalog values are escaped twice: for PromQL (`PromQLString.quote`) and against interpolation
/// (`$` inside a string literal written as the equivalent escape `\x24`).
enum DashboardPromQL {
    /// A PromQL string literal that Grafana passes through unchanged.
    static func quote(_ s: String) -> String {
        PromQLString.quote(s).replacing(["$": "\\x24"])
    }

    /// Free PromQL from the catalog (a threshold SLI's query) with every `$` inside a "…" or '…' string
    /// literal written as `\x24`. Outside string literals `$` is not PromQL, so nothing else can hold one;
    /// raw `…` strings have no escapes and are left as written.
    static func protect(_ query: String) -> String {
        guard query.contains("$") else { return query }
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

    /// `metric{name="value",…}` with catalog matchers escaped, plus matchers that are already PromQL (such as
    /// the `region=~"$region"` filter, which must stay interpolable).
    static func selector(_ metric: String, _ matchers: [LabelSelector.Matcher], extra: [String] = []) -> String {
        let inner = matchers.map { "\($0.name)\($0.op.rawValue)\(quote($0.value))" } + extra
        return inner.isEmpty ? metric : "\(metric){\(inner.joined(separator: ","))}"
    }

    /// An RE2 alternation matching exactly the given values.
    static func alternation(_ values: [String]) -> String {
        values.map(regexEscape).joined(separator: "|")
    }

    /// RE2 text matching `s` literally.
    static func regexEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

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

    static func timeseries(_ title: String, _ description: String?, unit: String, _ queries: [Query],
                           thresholds: Thresholds? = nil, thresholdsStyle: String = "off",
                           min: ExactDecimal? = nil, max: ExactDecimal? = nil,
                           softMin: ExactDecimal? = nil, softMax: ExactDecimal? = nil,
                           axisLabel: String? = nil) -> GrafanaPanel {
        GrafanaPanel(
            type: .timeseries, title: title, description: description, datasource: .prometheus,
            targets: targets(queries),
            fieldConfig: FieldConfigSource(defaults: FieldDefaults(
                unit: unit, min: min, max: max, color: .palette,
                thresholds: thresholds ?? Thresholds(base: "green", []),
                custom: TimeSeriesFieldConfig(thresholdsStyle: thresholds == nil ? "off" : thresholdsStyle,
                                              axisLabel: axisLabel, axisSoftMin: softMin, axisSoftMax: softMax))),
            options: .timeseries(TimeSeriesOptions()))
    }

    static func stat(_ title: String, _ description: String?, unit: String, _ queries: [Query],
                     thresholds: Thresholds, decimals: Int? = nil, textMode: String = "auto",
                     colorMode: String = "value", graphMode: String = "none", noValue: String? = nil,
                     mappings: [ValueMapping]? = nil) -> GrafanaPanel {
        GrafanaPanel(
            type: .stat, title: title, description: description, datasource: .prometheus,
            targets: targets(queries),
            fieldConfig: FieldConfigSource(defaults: FieldDefaults(
                unit: unit, decimals: decimals, noValue: noValue,
                color: colorMode == "none" ? .fixed("text") : .thresholds, thresholds: thresholds,
                mappings: mappings)),
            options: .stat(StatOptions(graphMode: graphMode, colorMode: colorMode, textMode: textMode)))
    }

    static func table(_ title: String, _ description: String?, _ queries: [Query], hiding: [String],
                      order: [String]) -> GrafanaPanel {
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
    static let special: Set<Character> = ["\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|",
                                          "<", ">", "~", "&", "\"", "'"]

    /// Catalog text as literal Markdown on one line.
    static func escape(_ s: String) -> String {
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
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "https" || scheme == "http" else { return escape(url) }
        let encoded = url.addingPercentEncoding(withAllowedCharacters: urlAllowed) ?? ""
        return "[\(escape(text))](\(encoded))"
    }

    /// ASCII letters and digits and the URL punctuation kept as it is (built once: a CharacterSet is costly).
    static let urlAllowed: CharacterSet = {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~:/?#[]@!&'*+,;=%")
        return allowed
    }()
}
