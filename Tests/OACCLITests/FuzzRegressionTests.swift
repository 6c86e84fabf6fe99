import Foundation
import Testing

/// Inputs the fuzzers found (fuzz/regressions) and the seed corpora (fuzz/corpus) replay without a crash.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static var fuzzBinary: URL { TestSupport.oacBinary.deletingLastPathComponent().appendingPathComponent("oac-fuzz") }

    @Test("every kept fuzz input and seed replays through its target without a crash", arguments: ["catalog", "promql", "snapshot", "pagerduty", "prometheus"])
    func replay(target: String) throws {
        let root = TestSupport.repoRoot.appendingPathComponent("fuzz")
        var inputs: [String] = []
        for folder in ["regressions/\(target)", "corpus/\(target)"] {
            let dir = root.appendingPathComponent(folder)
            inputs += ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0).path }
        }
        #expect(!inputs.isEmpty)
        let run = try TestSupport.run(Self.fuzzBinary, inputs, environment: ["OAC_FUZZ_TARGET": target], timeout: 300)
        #expect(run.exited && run.status == 0, "\(run.stderr.suffix(3000))")
        #expect(run.stdout.contains("replayed \(inputs.count) input(s) through \(target): no crash"))
    }
}
