import Foundation
import OACTestSupport
import Testing

/// `oac compile`'s one line on success: files written, unchanged and removed, services, SLOs, warnings, time.
@Suite("oac compile: the summary line")
struct CompileSummaryTests {
    @Test("on success compile says on standard error how many files it wrote, left unchanged and removed; --quiet silences it")
    func summaryLine() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        /// Files below `out` that oac generated (the manifest and inputs record are not outputs).
        func generated() throws -> Set<String> {
            let walker = FileManager.default.enumerator(atPath: out.path)
            var files: Set<String> = []
            while let rel = walker?.nextObject() as? String {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: out.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue,
                    rel != ".oac-manifest", rel != ".oac-inputs"
                else { continue }
                files.insert(rel)
            }
            return files
        }
        func line(_ run: TestSupport.Run) -> (written: Int, unchanged: Int, removed: Int, rest: String)? {
            guard let m = run.stderr.wholeMatch(of: /oac compile: wrote (\d+) files?, (\d+) unchanged, (\d+) removed in (.+) in \d+\.\d{3} s\n/) else {
                return nil
            }
            return (Int(m.1)!, Int(m.2)!, Int(m.3)!, String(m.4))
        }
        // A fresh folder: every file is written. catalog/example has 5 services and 2 + 4 + 3 + 3 + 1 = 13 SLOs.
        let first = try TestSupport.oac(["compile", "catalog/example", "--out", out.path])
        #expect(first.status == 0 && first.stdout.isEmpty)
        let exampleFiles = try generated()
        let one = try #require(line(first), "\(first.stderr)")
        #expect(one.written == exampleFiles.count && one.unchanged == 0 && one.removed == 0)
        #expect(one.rest == "\(out.path) (5 services, 13 SLOs, 0 warnings)")
        // The same catalog again: nothing is written.
        let again = try #require(line(try TestSupport.oac(["compile", "catalog/example", "--out", out.path])))
        #expect(again.written == 0 && again.unchanged == exampleFiles.count && again.removed == 0)
        // Another catalog into the same folder: what only the example generated is removed, what both generate
        // with the same bytes is unchanged (catalog/minimal: 1 service, 1 SLO).
        let minimal = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path])
        let minimalFiles = try generated()
        let other = try #require(line(minimal), "\(minimal.stderr)")
        #expect(other.written + other.unchanged == minimalFiles.count)
        #expect(other.removed == exampleFiles.subtracting(minimalFiles).count && other.removed > 0)
        #expect(other.rest == "\(out.path) (1 service, 1 SLO, 0 warnings)")
        let quiet = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path, "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty)
    }
}
