import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACModel
import OACTestSupport
import Testing
import Yams

/// HA pairs (`spec.regions[].replicas`): each replica of a shard carries its own replica label, the querier
/// reaches every replica's sidecar and deduplicates on that label.
@Suite("Thanos HA pairs")
struct ThanosReplicaTests {
    /// The hand catalog in Thanos mode, region r1 (2 shards) run as pairs.
    static func catalog(mode: String = "thanos", address: String = "p-r1-{shard}-{replica}:9090") -> [SourceFile] {
        let text = ThanosArgumentTests.handCatalog()[0].contents
            .replacingOccurrences(of: "mode: thanos", with: "mode: \(mode)")
            .replacingOccurrences(
                of: #"{name: r1, shards: 2, address: "p-r1-{shard}:9090"}"#,
                with: #"{name: r1, shards: 2, replicas: 2, address: "\#(address)"}"#)
        return [SourceFile(path: "catalog.yaml", contents: text)]
    }

    @Test("every replica of every shard is a querier endpoint, and every file passes the replicated checks")
    func endpoints() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.catalog())
        let query = ThanosArgumentTests.Args(try #require(outputs["thanos/query.args"]))
        let endpoints = query.values("--endpoint")
        // r1: 2 shards × 2 replicas, on the sidecar port 10901.
        for shard in 0..<2 { for replica in 0..<2 { #expect(endpoints.contains("p-r1-\(shard)-\(replica):10901")) } }
        #expect(endpoints.filter { $0.hasPrefix("p-r1-") }.count == 4)
        #expect(endpoints.contains("p-r2-0:10901"))  // r2 has no pairs: one endpoint per shard
        #expect(query.values("--query.replica-label") == ["replica"])
        for (path, text) in ThanosArgumentTests.thanosFiles(outputs) {
            #expect(try ThanosArgumentTests.problems(path, text, outputs: outputs) == [], "\(path)")
        }
    }

    @Test("a paired shard's external labels carry the replica label from the environment; unpaired shards none")
    func externalLabels() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.catalog())
        func labels(_ path: String) throws -> [String: String] {
            let text = try #require(outputs[path])
            let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
            return try #require((doc["global"] as? [String: Any])?["external_labels"] as? [String: String])
        }
        #expect(try labels("prometheus/r1/shard-1/prometheus.yml") == ["region": "r1", "shard": "1", "replica": "${REPLICA}"])
        #expect(try labels("prometheus/r2/shard-0/prometheus.yml")["replica"] == nil)
        // The pair scrape each other's /metrics.
        let shard = try #require(outputs["prometheus/r1/shard-0/prometheus.yml"])
        #expect(shard.contains("p-r1-0-0:9090") && shard.contains("p-r1-0-1:9090"))
    }

    @Test("with one server per shard, {replica} in an address is replica 0 everywhere the address is written", arguments: ["thanos", "federation"])
    func singleReplica(mode: String) throws {
        let text = ThanosArgumentTests.handCatalog()[0].contents
            .replacingOccurrences(of: "mode: thanos", with: "mode: \(mode)")
            .replacingOccurrences(
                of: #"{name: r1, shards: 2, address: "p-r1-{shard}:9090"}"#, with: #"{name: r1, shards: 2, address: "p-r1-{shard}-{replica}:9090"}"#)
        let outputs = try ThanosArgumentTests.outputs([SourceFile(path: "catalog.yaml", contents: text)])
        // No configuration keeps the placeholder (every consumer would take it for a host name); model.json
        // records the catalog's pattern as written.
        #expect(outputs.filter { $0.value.contains("{replica}") }.map(\.key).sorted() == ["model.json"])
        // Shard 1 of r1 is p-r1-1-0:9090: its own self-scrape target, and in a federation the global's targets.
        #expect(try #require(outputs["prometheus/r1/shard-1/prometheus.yml"]).contains("p-r1-1-0:9090"))
        if mode == "federation" {
            #expect(try #require(outputs["prometheus/global/prometheus.yml"]).contains("p-r1-1-0:9090"))
        } else {
            let endpoints = ThanosArgumentTests.Args(try #require(outputs["thanos/query.args"])).values("--endpoint")
            #expect(endpoints.contains("p-r1-0-0:10901") && endpoints.contains("p-r1-1-0:10901"), "\(endpoints)")
        }
    }

    @Test("one ruler with {replica} in ruleAddress is reached as replica 0")
    func singleRuler() throws {
        let outputs = try ThanosRulerPairTests.outputs(#"{ruleAddress: "rule-{replica}.mon:10901"}"#)
        let endpoints = ThanosArgumentTests.Args(try #require(outputs["thanos/query.args"])).values("--endpoint")
        #expect(endpoints.contains("rule-0.mon:10901"), "\(endpoints)")
        #expect(outputs.filter { $0.value.contains("{replica}") }.map(\.key).sorted() == ["model.json"])
    }

    @Test(
        "pairs outside Thanos mode, or an address without {replica}, are errors",
        arguments: [
            ("federation", "p-r1-{shard}-{replica}:9090", "only Thanos and Mimir modes deduplicate replicas"),
            ("thanos", "p-r1-{shard}:9090", "has no `{replica}`")
        ])
    func errors(mode: String, address: String, message: String) {
        let result = Compiler.check(Self.catalog(mode: mode, address: address))
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }
}

@Suite("Thanos ruler pairs and the sidecar's Prometheus")
struct ThanosRulerPairTests {
    static func outputs(_ thanos: String) throws -> [String: String] {
        let text = ThanosArgumentTests.handCatalog()[0].contents
            .replacingOccurrences(of: "retention: 40d}", with: "retention: 40d, thanos: \(thanos)}")
        return try ThanosArgumentTests.outputs([SourceFile(path: "catalog.yaml", contents: text)])
    }

    @Test("two rulers get their own argument file, replica label and data dir; the querier reaches both")
    func rulerPair() throws {
        let outputs = try Self.outputs(#"{rulerReplicas: 2, ruleAddress: "rule-{replica}.mon:10901"}"#)
        #expect(outputs["thanos/rule.args"] == nil)
        for n in 0..<2 {
            let rule = ThanosArgumentTests.Args(try #require(outputs["thanos/rule-\(n).args"]))
            #expect(rule.values("--label").contains("replica=\"\(n)\""))
            #expect(rule.values("--data-dir") == ["/var/thanos/rule-\(n)"])
            #expect(rule.values("--alert.label-drop") == ["replica"])
        }
        let query = ThanosArgumentTests.Args(try #require(outputs["thanos/query.args"]))
        #expect(query.values("--endpoint").filter { $0.hasPrefix("rule-") } == ["rule-0.mon:10901", "rule-1.mon:10901"])
        for (path, text) in ThanosArgumentTests.thanosFiles(outputs) {
            #expect(try ThanosArgumentTests.problems(path, text, outputs: outputs) == [], "\(path)")
        }
    }

    @Test("two rulers behind one address is an error")
    func rulerPairNeedsPattern() {
        let text = ThanosArgumentTests.handCatalog()[0].contents
            .replacingOccurrences(of: "retention: 40d}", with: "retention: 40d, thanos: {rulerReplicas: 2}}")
        let errors = Compiler.check([SourceFile(path: "catalog.yaml", contents: text)]).diagnostics.sorted
            .filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains("ruleAddress` has no `{replica}`") }, "\(errors)")
    }

    @Test("the sidecar reaches the Prometheus the catalog names (default http://localhost:9090)")
    func sidecarURL() throws {
        let moved = ThanosArgumentTests.Args(try #require(try Self.outputs(#"{prometheusURL: "http://127.0.0.1:9091"}"#)["thanos/sidecar.args"]))
        #expect(moved.values("--prometheus.url") == ["http://127.0.0.1:9091"])
        let plain = ThanosArgumentTests.Args(try #require(try ThanosArgumentTests.outputs(ThanosArgumentTests.handCatalog())["thanos/sidecar.args"]))
        #expect(plain.values("--prometheus.url") == ["http://localhost:9090"])
    }
}
