import Foundation
import OACModel
@testable import OACRender
import OACSupport
import Testing

/// Every dashboard query goes through the real Prometheus parser: promtool 2.42 checks them as recording rules.
@Suite("Grafana dashboard queries in promtool")
struct GrafanaPromtoolTests {
    static func find(_ tool: String) -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// CI must run the check; elsewhere a missing tool is a visible skip.
    static var toolsRequired: Bool {
        let env = ProcessInfo.processInfo.environment
        return ["CI", "OAC_REQUIRE_TOOLS"].contains { ["1", "true"].contains(env[$0]?.lowercased() ?? "") }
    }

    @Test("promtool accepts every query of the example and minimal dashboards")
    func promtoolAcceptsQueries() throws {
        guard let promtool = Self.find("promtool") else {
            if Self.toolsRequired { Issue.record("promtool is not on PATH; run scripts/test.sh to install it") }
            print("skipping promtool check of dashboard queries: promtool not found (set CI=true to require it)")
            return
        }
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

        let p = Process()
        p.executableURL = promtool
        p.arguments = ["check", "rules", file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "promtool rejected a dashboard query:\n\(text)")
        #expect(text.contains("SUCCESS: \(exprs.count) rules found"), "\(text)")
    }
}
