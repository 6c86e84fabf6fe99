import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPipeline
@testable import OACRender
import Testing

@Suite("Alertmanagers in prometheus.yml")
struct AlertmanagersConfigTests {
    static func outputs(_ platformExtra: String, regions: Bool) throws -> [String: String] {
        let platform = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: p}
            spec:
              prometheus: {retention: 40d}
            \(regions ? "  regions: [{name: r1, shards: 2, address: \"p-r1-{shard}:9090\"}]\n  global: {mode: federation, address: \"g:9090\", retention: 40d}" : "")
              retentionTiers: [{name: silver, metrics: {local: 15d}, logs: 7d}]
              alerting: {\(platformExtra)}
            """
        let result = Pipeline.compile([SourceFile(path: "c.yaml", contents: platform + "\n---\napiVersion: oac/v1\nkind: Team\nmetadata: {name: t}\n")])
        try #require(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        return Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.path, $0.contents) })
    }

    @Test("the global server sends alerts to the listed Alertmanagers; shards, which evaluate no alerts, do not")
    func federation() throws {
        let files = try Self.outputs(#"alertmanagers: ["am-0:9093", "am-1:9093"]"#, regions: true)
        let global = try #require(files["prometheus/global/prometheus.yml"])
        #expect(global.contains("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets:\n            - 'am-0:9093'\n            - 'am-1:9093'\n"))
        let shard = try #require(files.first { $0.key.hasSuffix("shard-0/prometheus.yml") }?.value)
        #expect(!shard.contains("alerting:"))
    }

    @Test("the single Prometheus sends its alerts; without Alertmanagers there is no alerting section")
    func single() throws {
        let with = try Self.outputs(#"alertmanagers: ["am:9093"]"#, regions: false)
        #expect(with["prometheus/prometheus.yml"]?.contains("- 'am:9093'") == true)
        let without = try Self.outputs("", regions: false)
        #expect(without["prometheus/prometheus.yml"]?.contains("alerting:") == false)
    }
}
