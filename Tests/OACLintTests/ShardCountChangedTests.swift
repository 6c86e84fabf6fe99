import OACCatalog
import OACLint
import OACTestSupport
import Testing

/// `shard-count-changed` beyond its documented example: servers added as HA replicas (Thanos mode).
@Suite("Shard and server count changes")
struct ShardCountChangedTests {
    /// The example catalog in Thanos mode (replicas need a querier that deduplicates them).
    static func example(_ edit: (String) -> String = { $0 }) -> [SourceFile] {
        Repository.catalog("catalog/example").map {
            var text = $0.contents.replacingOccurrences(of: "mode: federation", with: "mode: thanos")
            if $0.path.hasSuffix("/platform.yaml") { text = edit(text) }
            return SourceFile(path: $0.path, contents: text)
        }
    }

    @Test("replicas added to a region are more servers on the same shards: reported at `replicas`, no target moves")
    func replicasAdded() throws {
        let head = Self.example {
            $0.replacingOccurrences(
                of: "      shards: 2\n      address: \"prometheus-us-east-{shard}.monitoring.svc:9090\"\n",
                with: "      shards: 2\n      replicas: 2\n      address: \"prometheus-us-east-{shard}-{replica}.monitoring.svc:9090\"\n")
        }
        let (report, compiler) = LintHarness.lint(head, base: Self.example())
        #expect(!compiler.hasErrors, "\(compiler.sorted)")
        let found = report.diagnostics.filter { $0.ruleID == "shard-count-changed" }
        // us-east: 2 shards × 1 replica = 2 servers before, 2 × 2 = 4 after; `replicas: 2` is line 15, column 17.
        #expect(
            found.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" } == [
                "15:17 region `us-east` runs 4 Prometheus servers instead of 2 (2 shards × 2 replicas instead of × 1)"
            ], "\(found)")
        // Unchanged: nothing.
        #expect(LintHarness.lint(Self.example(), base: Self.example()).report.diagnostics.allSatisfy { $0.ruleID != "shard-count-changed" })
    }
}
