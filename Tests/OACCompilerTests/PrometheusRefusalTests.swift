import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import Testing

@testable import OACCompiler

/// Catalog values Prometheus itself would refuse (promtool 2.42 shows each refusal): oac refuses them first,
/// at the line and column of the value, instead of writing a file the server does not load.
@Suite("Values Prometheus refuses")
struct PrometheusRefusalTests {
    static func catalog(version: String = "2.42", service: String) -> [SourceFile] {
        GoldCatalog.files(version: version, spec: service)
    }

    static func threshold(_ query: String, version: String = "2.42") -> [SourceFile] {
        catalog(
            version: version,
            service: """
                  slos:
                    - name: a
                      objective: 99
                      sli: {threshold: {query: '\(query)', op: "<=", value: 300}}
                """)
    }

    static func located(_ files: [SourceFile]) -> [String] {
        Compiler.check(files).diagnostics.sorted.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.ruleID)" }
    }

    // Line 21 of the catalog holds the query; `      sli: {threshold: {query: '` ends at column 32, so a
    // query's first character is at column 33.
    @Test("a duration used as a number is refused on Prometheus before 2.54, with the version in the hint")
    func durationAsNumber() throws {
        let files = Self.threshold("time() - last_sync_timestamp_seconds > 5m")
        let d = Compiler.check(files).diagnostics.sorted
        #expect(Self.located(files) == ["21:72 invalid-promql"])
        #expect(d.first?.message.contains("a duration used as a number (5m)") == true)
        #expect(d.first?.hint?.contains("2.54") == true)
        #expect(d.first?.hint?.contains("2.42") == true)
        // 2.54 reads `5m` as 300 (Prometheus' querying basics, "Float literals and time durations").
        #expect(Compiler.check(Self.threshold("time() - last_sync_timestamp_seconds > 5m", version: "2.54")).model != nil)
        #expect(Compiler.check(Self.threshold("time() - last_sync_timestamp_seconds > 300")).model != nil)
    }

    @Test("a number used as a duration is refused on Prometheus before 2.54")
    func numberAsDuration() {
        #expect(Self.located(Self.threshold("max_over_time(lag_seconds[300])")) == ["21:59 invalid-promql"])
        #expect(Compiler.check(Self.threshold("max_over_time(lag_seconds[300])", version: "3.0")).model != nil)
    }

    @Test(
        "numbers out of range in a threshold query are refused at their column",
        arguments: [
            ("lag_seconds > 1e309", "21:47"), ("lag_seconds > 0xffffffffffffffffffffffff", "21:47"), ("lag_seconds > 010", "21:47")
        ])
    func outOfRange(query: String, at: String) {
        #expect(Self.located(Self.threshold(query)) == ["\(at) invalid-promql"])
    }

    // A quoted key or value is located at its first character inside the quotes.
    @Test("an annotation name that is not a label name is refused at its key")
    func annotationName() {
        let files = Self.catalog(
            service: """
                  slos:
                    - name: a
                      objective: 99
                      alerting: {annotations: {"foo-bar": x, "é": y, ok_name: z}}
                      sli: {threshold: {query: 'lag_seconds', op: "<=", value: 300}}
                """)
        #expect(Self.located(files) == ["21:33 invalid-name", "21:47 invalid-name"])
        let d = Compiler.check(files).diagnostics.sorted
        #expect(d.first?.hint?.contains("`foo_bar`") == true)
    }

    @Test(
        "a file_sd path must end in .json, .yml or .yaml, with `*` only in its last element",
        arguments: [
            ("/etc/prometheus/api.txt", false), ("/etc/prometheus/api", false), ("/etc/*/api.json", false),
            ("/etc/prometheus/api.json ", false), ("/etc/prometheus/api.Json", false),
            ("/etc/prometheus/api.json", true), ("/etc/prometheus/api-*.yml", true), ("/etc/prometheus/API.YAML", true),
            ("targets/*.yaml", true)
        ])
    func fileSD(path: String, accepted: Bool) {
        let files = Self.catalog(
            service: """
                  targets: {file: "\(path)"}
                """)
        #expect(Self.located(files) == (accepted ? [] : ["18:20 invalid-value"]), "\(path)")
    }
}
