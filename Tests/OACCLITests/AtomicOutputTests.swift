import Foundation
import OACOutput
import OACRender
import OACSynthetic
import Testing

@Suite("Atomic output")
struct AtomicOutputTests {
    @Test("a run killed with SIGKILL at any moment leaves either the previous tree or the complete new one")
    func killNineNeverLeavesAPartialTree() throws {
        let tmp = try TestSupport.temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let catalog = tmp.appendingPathComponent("catalog")
        try SyntheticCatalog(services: 60).write(to: catalog)
        // The previous tree is large too (another seed and size), so that replacing it is not instantaneous.
        let previousCatalog = tmp.appendingPathComponent("previous")
        try SyntheticCatalog(services: 40, seed: 7).write(to: previousCatalog)
        let out = tmp.appendingPathComponent("out")
        // The complete new tree, for comparison.
        let reference = tmp.appendingPathComponent("reference")
        #expect(try TestSupport.oac(["compile", catalog.path, "--out", reference.path]).status == 0)
        let after = TestSupport.tree(reference)
        let total = after.count

        func entries() -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []) }
        /// Files below `out` and any sibling the writer makes for it (`.out.…`): how far a run has got,
        /// whatever way the writer stages its work.
        func filesWritten() -> Int {
            entries().filter { $0 == "out" || $0.hasPrefix(".out") }
                .reduce(0) { $0 + TestSupport.fileCount(tmp.appendingPathComponent($1)) }
        }
        func paths(_ root: URL) -> Set<String> {
            Set(FileManager.default.enumerator(atPath: root.path)?.allObjects.compactMap { $0 as? String } ?? [])
        }

        /// When a run is killed: as soon as anything new appears beside or in `out`, after a number of new files,
        /// when every file is written, and when `out` itself has changed. The early stages always come before
        /// the run can end, so they are always kills; the late ones may be passed by a run that ends first.
        enum Stage: CustomStringConvertible {
            case started
            case written(Int)
            case outChanged
            var description: String {
                switch self {
                case .started: "started"
                case .written(let n): "\(n) files written"
                case .outChanged: "out changed"
                }
            }
        }
        let early: [Stage] = [.started, .written(total / 3), .written(total * 2 / 3)]
        var killedRuns = 0
        for stage in early + [.written(total), .outChanged] {
            let previous = try TestSupport.oac(["compile", previousCatalog.path, "--out", out.path])
            try #require(previous.status == 0, "\(previous.stderr)")
            let before = TestSupport.tree(out)
            let beforePaths = paths(out)
            let start = filesWritten()
            let startEntries = entries()
            let child = try SteppedChild(
                TestSupport.oacBinary, ["compile", catalog.path, "--out", out.path],
                in: TestSupport.repoRoot)
            let outcome = child.kill {
                switch stage {
                case .started: entries() != startEntries || filesWritten() != start
                case .written(let n): filesWritten() - start >= n
                case .outChanged: paths(out) != beforePaths
                }
            }
            let now = TestSupport.tree(out)
            if outcome == .killed { killedRuns += 1 }
            if case .outChanged = stage {
            } else if case .written(total) = stage {
            } else {
                // A run never ends before it has written its files, so each early stage is a kill mid-write.
                #expect(outcome == .killed, "stage \(stage) of \(total) files: the run ended first (\(outcome)): \(child.stderr)")
            }
            #expect(
                now == before || now == after,
                "stage \(stage), \(outcome): the tree changed partially (\(now.count) files)")
            if case .exited(let status) = outcome { #expect(status == 0 && now == after, "\(child.stderr)") }
        }
        #expect(killedRuns >= early.count)
        // A run that is not killed ends with the complete new tree.
        #expect(try TestSupport.oac(["compile", catalog.path, "--out", out.path]).status == 0)
        #expect(TestSupport.tree(out) == after)
        // Abandoned staging folders of killed runs are cleaned up by the next run.
        _ = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
        #expect(siblings == ["catalog", "out", "previous", "reference"], "\(siblings)")
    }

    @Test("an output folder that cannot be created is a clear error and exit 1")
    func unwritable() throws {
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", "/proc/oac-out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot write"), "\(run.stderr)")
    }
}
