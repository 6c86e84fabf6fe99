import Foundation
import Testing

@testable import OACPromQL

/// Minimal line-based extraction of `key:` scalar values from the peer YAML files.
///
/// Handles the shapes used there: `expr: |` literal blocks, single-line plain scalars,
/// and plain scalars continued on more-indented lines (folded with single spaces).
enum YAMLScalars {
    static func values(of key: String, in text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard let (indent, value) = match(key: key, line: line) else {
                i += 1
                continue
            }
            i += 1
            var continuation: [String] = []
            while i < lines.count {
                let next = lines[i]
                let trimmed = next.trimmingCharacters(in: .whitespaces)
                let nextIndent = next.prefix(while: { $0 == " " }).count
                if !trimmed.isEmpty && nextIndent <= indent { break }
                continuation.append(next)
                i += 1
            }
            while let last = continuation.last, last.trimmingCharacters(in: .whitespaces).isEmpty { continuation.removeLast() }
            if value == "|" || value == "|-" || value == "|+" {
                let common =
                    continuation.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    .map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
                out.append(continuation.map { String($0.dropFirst(min(common, $0.count))) }.joined(separator: "\n") + "\n")
            } else {
                let parts = [value] + continuation.map { $0.trimmingCharacters(in: .whitespaces) }
                out.append(parts.filter { !$0.isEmpty }.joined(separator: " "))
            }
        }
        return out
    }

    /// Returns the indentation of the key and its inline value when `line` is `key: value`
    /// (optionally as a sequence item `- key: value`).
    static func match(key: String, line: String) -> (Int, String)? {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " " {
            rest = rest.dropFirst()
            indent += 1
        }
        if rest.hasPrefix("- ") {
            rest = rest.dropFirst(2)
            indent += 2
        }
        guard rest.hasPrefix(key + ":") else { return nil }
        let value = rest.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        return (indent, value)
    }

    /// Items of a block sequence under `key:` (`- item` lines).
    static func sequence(of key: String, in text: String) -> [[String]] {
        let lines = text.components(separatedBy: "\n")
        var out: [[String]] = []
        var i = 0
        while i < lines.count {
            guard let (indent, value) = match(key: key, line: lines[i]), value.isEmpty else {
                i += 1
                continue
            }
            i += 1
            var items: [String] = []
            while i < lines.count {
                let t = lines[i].trimmingCharacters(in: .whitespaces)
                let nextIndent = lines[i].prefix(while: { $0 == " " }).count
                guard t.hasPrefix("- "), nextIndent >= indent else { break }
                items.append(String(t.dropFirst(2)))
                i += 1
            }
            out.append(items)
        }
        return out
    }
}

/// Grafana variables replaced before parsing the dashboard queries.
let grafanaSubstitutions: [(String, String)] = [
    ("$__rate_interval", "5m"),
    ("$__interval", "1m"),
    ("$__range", "1d")
]

@Suite("Corpus from sloth and pyrra")
struct CorpusTests {
    static func slothExpressions() -> [(file: String, expr: String)] {
        Fixtures.files(in: "peers/sloth", extensions: ["yml", "yaml"]).flatMap { url in
            YAMLScalars.values(of: "expr", in: Fixtures.text(url)).map { (url.lastPathComponent, $0) }
        }
    }

    @Test("every expr in the sloth generated rule files parses and round-trips")
    func sloth() throws {
        let exprs = Self.slothExpressions()
        #expect(exprs.count == 207)  // as counted by a real YAML parser
        var selectors = 0
        for (file, source) in exprs {
            do {
                let e = try PromQL.parse(source)
                #expect(e.valueType == .instantVector || e.valueType == .scalar, "\(file): \(source)")
                #expect(try PromQL.parse(e.description) == e, "\(file): \(source)")
                selectors += e.vectorSelectors.count
            } catch {
                Issue.record("\(file): \(error) in\n\(source)")
            }
        }
        #expect(selectors > 200)
    }

    @Test("sloth expressions use the expected functions and modifiers")
    func slothContent() throws {
        let all = try Self.slothExpressions().map { try PromQL.parse($0.expr) }
        let functions = Set(all.flatMap(\.functionNames))
        #expect(functions.isSuperset(of: ["rate", "sum_over_time", "count_over_time", "vector"]))
        #expect(all.contains { if case .binary(let b) = $0.unparenthesized { return b.matching?.kind == .ignoring } else { return false } })
    }

    static func pyrraMetrics() -> [(file: String, metric: String)] {
        Fixtures.files(in: "peers/pyrra", extensions: ["yaml"]).flatMap { url in
            YAMLScalars.values(of: "metric", in: Fixtures.text(url)).map { (url.lastPathComponent, $0) }
        }
    }

    @Test("every pyrra errors/total/success/bool_gauge metric is a plain selector")
    func pyrraSelectors() throws {
        let metrics = Self.pyrraMetrics()
        #expect(metrics.count == 34)
        for (file, metric) in metrics {
            do {
                let vs = try PromQL.parseSelector(metric)
                #expect(vs.metricName != nil, "\(file)")
                #expect(try PromQL.parseSelector(vs.description) == vs, "\(file): \(metric)")
            } catch {
                Issue.record("\(file): \(error) in \(metric)")
            }
        }
    }

    @Test("pyrra grouping labels are valid label names and build valid queries")
    func pyrraQueries() throws {
        var built = 0
        for url in Fixtures.files(in: "peers/pyrra", extensions: ["yaml"]) {
            let text = Fixtures.text(url)
            let groupings = YAMLScalars.sequence(of: "grouping", in: text)
            let grouping = groupings.first ?? []
            for label in grouping { #expect(PromQL.isValidLabelName(label), "\(url.lastPathComponent): \(label)") }
            for metric in YAMLScalars.values(of: "metric", in: text) {
                let vs = try PromQL.parseSelector(metric)
                // The shapes pyrra generates: ratio, latency and bool gauge queries.
                let by = grouping.isEmpty ? "" : " by (\(grouping.joined(separator: ", ")))"
                let range = "[5m]"
                let matrix = Printer.bareSelector(vs) + range
                let queries = [
                    "sum\(by) (rate(\(matrix)))",
                    "sum\(by) (increase(\(matrix)))",
                    "sum\(by) (count_over_time(\(matrix))) - sum\(by) (sum_over_time(\(matrix)))",
                    "(sum\(by) (rate(\(matrix))) or vector(0)) / sum\(by) (rate(\(matrix)))"
                ]
                for q in queries {
                    let e = try PromQL.parse(q)
                    #expect(e.vectorSelectors.first?.metricName == vs.metricName)
                    built += 1
                }
            }
        }
        #expect(built == 34 * 4)
    }

    static let invalidDashboardQuery = #"sum(pyrra_requests:rate5m{slo="$slo"}[5m])"#

    @Test("pyrra grafana dashboard queries parse after substituting $__rate_interval")
    func grafana() throws {
        var exprs: [String] = []
        func walk(_ v: Any) {
            if let d = v as? [String: Any] {
                for (k, v) in d {
                    if k == "expr", let s = v as? String { exprs.append(s) } else { walk(v) }
                }
            } else if let a = v as? [Any] {
                a.forEach(walk)
            }
        }
        for url in Fixtures.files(in: "peers/pyrra/grafana", extensions: ["json"]) {
            let data = try Data(contentsOf: url)
            walk(try JSONSerialization.jsonObject(with: data))
        }
        #expect(exprs.count == 11)
        for raw in exprs {
            var source = raw
            for (variable, value) in grafanaSubstitutions { source = source.replacingOccurrences(of: variable, with: value) }
            // `$slo` only appears inside label values, where it is an ordinary string.
            if source == Self.invalidDashboardQuery {
                // Upstream bug in detail.json: `sum` over a range vector. Prometheus rejects it too.
                let err = parseError(source)
                #expect(err?.message == "expected type instant vector in aggregation expression, got range vector")
                #expect(err?.column == 5)
                continue
            }
            do {
                let e = try PromQL.parse(source)
                #expect(try PromQL.parse(e.description) == e)
            } catch {
                Issue.record("\(error) in \(source)")
            }
        }
        // Without substitution the Grafana variable is rejected at its position.
        if let withVariable = exprs.first(where: { $0.contains("$__rate_interval") }) {
            let err = parseError(withVariable)
            #expect(err?.message == "unexpected character '$'")
        }
    }
}
