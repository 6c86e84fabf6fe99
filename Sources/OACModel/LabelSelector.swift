import OACPromQL

/// A PromQL instant-vector selector without functions: `metric{label="v",code=~"5.."}`, as events and
/// latency SLIs name their series. This is only the model's shape of it (a metric name, always, and
/// matchers); reading the text, checking regular expressions (RE2 rules) and quoting values are
/// `OACPromQL`'s, so a selector is accepted here exactly when Prometheus would accept it.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public typealias Op = MatchOp
    public typealias Matcher = LabelMatcher

    public var metric: String
    public var matchers: [Matcher]

    public init(metric: String, matchers: [Matcher]) {
        self.metric = metric
        self.matchers = matchers
    }

    /// The same selector with another metric name (e.g. `_bucket`) and extra matchers appended.
    public func with(metric: String? = nil, adding extra: [Matcher] = []) -> LabelSelector {
        LabelSelector(metric: metric ?? self.metric, matchers: matchers + extra)
    }

    /// The value of an `=` matcher on `label`, if any.
    public func equalValue(of label: String) -> String? {
        matchers.first { $0.name == label && $0.op == .equal }?.value
    }

    /// PromQL text with every value quoted by `PromQL.quote`, e.g. `http_requests_total{job="api"}`.
    public var description: String {
        if matchers.isEmpty { return metric }
        var out = metric
        out.reserveCapacity(metric.utf8.count + 24 * matchers.count)
        out.append("{")
        for (i, m) in matchers.enumerated() {
            if i > 0 { out.append(",") }
            out.append(m.name)
            out.append(m.op.rawValue)
            out.append(PromQL.quote(m.value))
        }
        out.append("}")
        return out
    }
}

extension LabelMatcher {
    /// `name op "value"`, written positionally as the model builds matchers.
    public init(_ name: String, _ op: MatchOp, _ value: String) {
        self.init(name: name, op: op, value: value)
    }
}

extension LabelSelector {
    /// Parses a selector with `PromQL.parseSelector` (Prometheus' lexer, string escapes and RE2 checks) and
    /// keeps what the catalog allows: a metric name, given before the braces or as `{__name__="x"}`, and
    /// matchers on legacy label names (`[a-zA-Z_][a-zA-Z0-9_]*`), the names every supported Prometheus reads.
    /// Positions in the error are inside `text` (1-based line and column, as `PromQLError` counts them).
    public static func parse(_ text: String) throws(PromQLError) -> LabelSelector {
        let vs = try PromQL.parseSelector(text)
        let start = vs.location ?? PromQLLocation(offset: 0, line: 1, column: 1)
        func refuse(_ message: String) -> PromQLError {
            PromQLError(message: message, offset: start.offset, line: start.line, column: start.column)
        }
        var metric = vs.metricName
        var matchers: [Matcher] = []
        matchers.reserveCapacity(vs.matchers.count)
        for m in vs.matchers {
            if m.name == "__name__" {
                guard m.op == .equal, metric == nil else {
                    throw refuse("__name__ may only be matched with '=' when no metric name is given")
                }
                metric = m.value
                continue
            }
            guard PromQL.isValidLabelName(m.name) else {
                throw refuse("label name \(PromQL.quote(m.name)) is not a legacy Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)")
            }
            matchers.append(m)
        }
        guard let metric else { throw refuse("the selector names no metric") }
        guard PromQL.isValidMetricName(metric) else {
            throw refuse("metric name \(PromQL.quote(metric)) is not a legacy Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
        }
        return LabelSelector(metric: metric, matchers: matchers)
    }
}
