import Foundation
import OACPromQL
import OACTestSupport
import Testing

/// Regular expressions in a catalog are Prometheus' (RE2): whatever `oac` accepts, Prometheus loads, and a
/// pattern RE2 refuses is refused in every place a selector or query is written, at its place in the string.
@Suite("RE2 regular expressions in catalogs")
struct RE2RegexTests {
    static let hostile = HostileCatalogTests.folder
    static let refusedCases: [String] = HostileCatalogTests.cases.filter { $0.hasPrefix("re2-") }

    /// `Tests/OACPromQLTests/Fixtures/re2/verdicts.tsv`: patterns and whether promtool accepts them.
    static let verdicts: [(pattern: String, valid: Bool)] = {
        let url = TestSupport.repoRoot.appendingPathComponent("Tests/OACPromQLTests/Fixtures/re2/verdicts.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(parts[1]), parts[0] == "ok")
        }
    }()

    /// A PromQL double-quoted string holding `pattern`.
    static func promQLString(_ pattern: String) -> String {
        "\"" + pattern.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test("there is a refused-regex case for every place and every construct")
    func matrix() {
        let places = [
            "events-bad", "events-good", "events-total", "latency-histogram", "threshold-query", "bad-query",
            "good-query", "total-query", "log-selector"
        ]
        let constructs = [
            "lookahead", "lookbehind", "backreference", "possessive", "end-z", "atomic", "nested-repeat",
            "named-group"
        ]
        let expected = Set(constructs.flatMap { c in places.map { "re2-\(c)-\($0).yaml" } })
        #expect(Set(Self.refusedCases) == expected)
    }

    @Test(
        "a pattern RE2 refuses is an error at its place inside the string, wherever it is written",
        arguments: refusedCases)
    func refused(name: String) throws {
        let file = Self.hostile.appendingPathComponent(name)
        let check = try TestSupport.oac(["check", file.path])
        #expect(check.status == 1, "\(name): \(check.stdout)")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        // The one line whose quoted pattern RE2 refuses: the other patterns of the file are `5..`.
        let row = try #require(lines.firstIndex { $0.contains("=~\"") && !$0.contains("=~\"5..\"") || $0.contains("!~\"") })
        let line = lines[row]
        let patternStart = try #require(line.range(of: "~\"")).upperBound
        let first = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: patternStart) + 1
        let last = first + line[patternStart...].prefix { $0 != "\"" }.unicodeScalars.count - 1
        let diagnostic = try #require(
            check.stdout.split(separator: "\n").first { $0.contains(": error: ") },
            "\(name): \(check.stdout)")
        let position = diagnostic.split(separator: ":")
        #expect(Int(position[1]) == row + 1, "\(name): \(diagnostic)")
        let column = try #require(Int(position[2]))
        #expect((first...last).contains(column), "\(name): column \(column) is not inside \(first)…\(last): \(diagnostic)")
        #expect(diagnostic.hasSuffix("[invalid-selector]") || diagnostic.hasSuffix("[invalid-promql]"), "\(diagnostic)")
        #expect(diagnostic.contains("RE2") || diagnostic.contains("repetition"), "\(diagnostic)")
    }

    @Test("every pattern promtool accepts compiles, and promtool accepts the rules oac writes", .requires(.promtool))
    func acceptedPatternsLoad() throws {
        let accepted = Self.verdicts.filter(\.valid).map(\.pattern)
        #expect(accepted.count >= 50)
        var slos = ""
        for (i, pattern) in accepted.enumerated() {
            let bad = "http_requests_total{job=\"api\",path=~\(Self.promQLString(pattern))}"
            slos += """
                    - name: p\(i)
                      objective: 99.9
                      sli:
                        events:
                          bad: '\(bad.replacingOccurrences(of: "'", with: "''"))'
                          total: 'http_requests_total{job="api"}'

                """
        }
        let catalog = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 35d}
              retentionTiers:
                - {name: gold, metrics: {local: 15d, raw: 90d}, logs: 30d}
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/pd}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {path: 20}}
              slos:

            """ + slos
        let dir = try TestSupport.temporaryDirectory("re2")
        let file = dir.appendingPathComponent("catalog.yaml")
        try catalog.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let compile = try TestSupport.oac(["compile", file.path, "--out", out.path])
        try #require(compile.status == 0, "\(compile.stderr)")
        let promtool = try ExternalTool.promtool.require()
        let rules = Tools.files(in: out, endingWith: ".rules.yml")
        let check = try TestSupport.run(promtool, ["check", "rules"] + rules.map(\.path))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // (`promtool test rules` on this service's 60-odd SLOs takes minutes; the example catalogs' tests run it.)
    }

    @Test("the corpus's verdicts are promtool's: accepted patterns load, refused ones do not", .requires(.promtool))
    func verdictsArePromtools() throws {
        let promtool = try ExternalTool.promtool.require()
        let dir = try TestSupport.temporaryDirectory("re2-verdicts")
        func rules(_ patterns: [String]) -> String {
            "groups:\n- name: g\n  rules:\n"
                + patterns.enumerated().map { i, p in
                    "  - record: r\(i)\n    expr: '\("up{a=~\(Self.promQLString(p))}".replacingOccurrences(of: "'", with: "''"))'\n"
                }.joined()
        }
        let ok = dir.appendingPathComponent("ok.yml")
        try rules(Self.verdicts.filter(\.valid).map(\.pattern)).write(to: ok, atomically: true, encoding: .utf8)
        let accepted = try TestSupport.run(promtool, ["check", "rules", ok.path])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        for (i, v) in Self.verdicts.enumerated() where !v.valid {
            let bad = dir.appendingPathComponent("bad\(i).yml")
            try rules([v.pattern]).write(to: bad, atomically: true, encoding: .utf8)
            let refused = try TestSupport.run(promtool, ["check", "rules", bad.path])
            #expect(refused.status != 0, "promtool accepts \(v.pattern)")
        }
    }
}

/// `OACPromQL` is the only code that reads or writes PromQL text: durations, selectors, regular expressions,
/// string literals. The copies the model once kept are gone (so nothing compiles against them); this lists
/// what would bring one back.
@Suite("PromQL text has one authority")
struct PromQLAuthorityTests {
    /// Text that only `Sources/OACPromQL` may contain, and why.
    static let reserved: [(text: String, why: String)] = [
        ("NSRegularExpression(", "regular expressions are compiled as RE2 by PromQL.anchoredRegex / checked by RegexCheck"),
        ("struct PromDuration", "durations are OACPromQL.PromDuration"),
        ("enum PromQLString", "string literals are written by PromQL.quote"),
        ("SelectorParser", "selectors are read by PromQL.parseSelector"),
        ("RegexValidity", "regular expressions are checked by RegexCheck (RE2 rules)"),
        ("func isValidLabelName", "label names are checked by PromQL.isValidLabelName"),
        ("func isValidMetricName", "metric names are checked by PromQL.isValidMetricName")
    ]

    @Test("no module but OACPromQL parses durations, selectors or regexes, or quotes PromQL strings")
    func oneAuthority() throws {
        let sources = TestSupport.repoRoot.appendingPathComponent("Sources")
        let files = TestSupport.tree(sources).filter { $0.key.hasSuffix(".swift") }
        #expect(files.keys.contains { $0.hasPrefix("OACPromQL/") })
        var offenders: [String] = []
        for (path, data) in files where !path.hasPrefix("OACPromQL/") {
            let text = String(decoding: data, as: UTF8.self)
            for r in Self.reserved where text.contains(r.text) {
                offenders.append("Sources/\(path) has `\(r.text)`: \(r.why)")
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
