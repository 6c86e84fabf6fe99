import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPipeline
import OACTestSupport
import Testing

@testable import OACRender

@Suite("Alertmanagers in prometheus.yml")
struct AlertmanagersConfigTests {
    /// The outputs of the standard prelude with `alerting: {…}` and, for `regions`, a two-shard federation.
    static func outputs(_ alerting: String, regions: Bool) throws -> [String: String] {
        var catalog = CatalogBuilder().platform("alerting: {\(alerting)}")
        if regions {
            catalog = catalog.platform(#"regions: [{name: r1, shards: 2, address: "p-r1-{shard}:9090"}]"#)
                .platform(#"global: {mode: federation, address: "g:9090", retention: 40d}"#)
        }
        return try catalog.outputs()
    }

    @Test("the global server sends alerts to the listed Alertmanagers; shards, which evaluate no alerts, do not")
    func federation() throws {
        let files = try Self.outputs(#"alertmanagers: ["am-0:9093", "am-1:9093"]"#, regions: true)
        let global = try #require(files["prometheus/global/prometheus.yml"])
        #expect(
            global.contains("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets:\n            - 'am-0:9093'\n            - 'am-1:9093'\n"))
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
