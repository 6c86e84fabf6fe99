import Foundation
import OACModel
import OACSupport
import OACTestSupport
import Testing

@testable import OACRender

/// Every dashboard query goes through the real Prometheus parser: promtool 2.42 checks them as recording rules.
@Suite("Grafana dashboard queries in promtool")
struct GrafanaPromtoolTests {
    @Test("promtool accepts every query of the example and minimal dashboards", .requires(.promtool))
    func promtoolAcceptsQueries() throws {
        var exprs: Set<String> = []
        for catalog in ["catalog/example", "catalog/minimal"] {
            for (_, d) in try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: catalog)) {
                exprs.formUnion(GrafanaTestSupport.exprs(d).map(GrafanaQueryTests.substituted))
            }
        }
        var yaml = "groups:\n  - name: dashboard-queries\n    rules:\n"
        for (i, e) in exprs.sorted().enumerated() {
            yaml += "      - record: oac_dashboard_check:q\(i)\n        expr: \(YAMLText.doubleQuoted(e))\n"
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oac-dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("queries.rules.yml")
        try Data(yaml.utf8).write(to: file)

        let run = try Command.run(.promtool, ["check", "rules", file.path])
        let text = run.output
        #expect(run.succeeded, "promtool rejected a dashboard query:\n\(text)")
        #expect(text.contains("SUCCESS: \(exprs.count) rules found"), "\(text)")
    }
}
