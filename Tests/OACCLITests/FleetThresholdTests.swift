import Foundation
import OACTestSupport
import Testing

/// Threshold SLIs on shards: the query's parts are recorded on each shard and merged and compared on the
/// global server (docs/slo-rules.md, "Threshold SLIs on shards"). The promtool scenarios are hand-written from
/// the arithmetic in their comments, with uneven traffic across two shards.
@Suite("Fleet-wide threshold SLIs on shards")
struct FleetThresholdTests {
    static let folder = "fleet-threshold"

    /// Compiles the fixture catalog, optionally mutates a generated rule file, copies the hand-written test
    /// beside `rules` and runs it.
    static func run(_ test: String, rules: String, mutate: (file: String, from: String, to: String)? = nil) throws -> TestSupport.Run {
        let promtool = try ExternalTool.promtool.require()
        let out = try TestSupport.temporaryDirectory(folder).appendingPathComponent("out")
        let compile = try TestSupport.oac([
            "compile", HandWrittenBoundaryTests.fixtures.appendingPathComponent("\(folder)/catalog.yaml").path,
            "--out", out.path
        ])
        try #require(compile.status == 0, "\(compile.stderr)")
        if let m = mutate {
            let file = out.appendingPathComponent(m.file)
            let text = try String(contentsOf: file, encoding: .utf8)
            try #require(text.contains(m.from), "the mutation's text is not in \(m.file):\n\(text)")
            try Data(text.replacingOccurrences(of: m.from, with: m.to).utf8).write(to: file)
        }
        let target = out.appendingPathComponent("\(rules)/\(test)")
        try FileManager.default.copyItem(at: HandWrittenBoundaryTests.fixtures.appendingPathComponent("\(folder)/\(test)"), to: target)
        return try TestSupport.run(promtool, ["test", "rules", target.path])
    }

    @Test("the global server judges a fleet-wide sum and average on the merged parts of uneven shards", .requires(.promtool))
    func global() throws {
        let run = try Self.run("fleet.test.yml", rules: "prometheus/global/rules")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("each shard records the parts of the query, not a verdict", .requires(.promtool))
    func shard() throws {
        let run = try Self.run("shard.test.yml", rules: "prometheus/eu/rules")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test(
        "merging the sum parts with max, or the average as an average of averages, fails the scenario", .requires(.promtool),
        arguments: [
            (
                #"sum(oac_sli:threshold:part{service="llm-gateway",slo="tokens",oac_part="0"})"#,
                #"max(oac_sli:threshold:part{service="llm-gateway",slo="tokens",oac_part="0"})"#
            ),
            (
                #"sum(oac_sli:threshold:part{service="llm-gateway",slo="queue",oac_part="0"}) / sum(oac_sli:threshold:part{service="llm-gateway",slo="queue",oac_part="1"})"#,
                #"avg(oac_sli:threshold:part{service="llm-gateway",slo="queue",oac_part="0"} / ignoring (oac_part) oac_sli:threshold:part{service="llm-gateway",slo="queue",oac_part="1"})"#
            )
        ])
    func mutation(from: String, to: String) throws {
        let run = try Self.run(
            "fleet.test.yml", rules: "prometheus/global/rules",
            mutate: ("prometheus/global/rules/llm-gateway.slo.rules.yml", from, to))
        #expect(run.status != 0, "the mutated merge still passed:\n\(run.stdout)")
    }

    @Test("a quantile across targets on shards is a located error with a hint")
    func notShardable() throws {
        let source = HandWrittenBoundaryTests.fixtures.appendingPathComponent("\(Self.folder)/catalog.yaml")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(
                of: "'avg(llm_queue_depth{job=\"llm-gateway\"})'",
                with: "'quantile(0.9, llm_queue_depth{job=\"llm-gateway\"})'")
        let dir = try TestSupport.temporaryDirectory("fleet-quantile")
        let file = dir.appendingPathComponent("catalog.yaml")
        try Data(text.utf8).write(to: file)
        let run = try TestSupport.oac(["check", dir.path])
        #expect(run.status == 1)
        let said = run.stdout + run.stderr
        // Line 40, column 29 + 14: the selector after `quantile(0.9, `.
        #expect(said.contains("catalog.yaml:40:43:"), "\(said)")
        #expect(said.contains("`quantile` across targets cannot be combined"), "\(said)")
        #expect(said.contains("[query-not-shardable]"), "\(said)")
        #expect(said.contains("hint:"), "\(said)")
    }

    @Test("scope instance on a query that sums across targets is an error")
    func instanceScope() throws {
        let source = HandWrittenBoundaryTests.fixtures.appendingPathComponent("\(Self.folder)/catalog.yaml")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: #"op: ">=", value: 500}"#, with: #"op: ">=", value: 500, scope: instance}"#)
        let dir = try TestSupport.temporaryDirectory("fleet-instance")
        try Data(text.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        let run = try TestSupport.oac(["check", dir.path])
        #expect(run.status == 1)
        #expect((run.stdout + run.stderr).contains("`scope: instance` but the query aggregates across targets"), "\(run.stdout)\(run.stderr)")
    }
}
