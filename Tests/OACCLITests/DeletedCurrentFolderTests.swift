import Foundation
import Testing

/// oac started from a current folder that was deleted (`mkdir d; cd d; rmdir d; oac …`): absolute paths work as
/// anywhere else, relative ones are a located error; never a trap. Each run is a child process with limits.
@Suite("Deleted current folder")
struct DeletedCurrentFolderTests {
    static let example = TestSupport.repoRoot.appendingPathComponent("catalog/example").path
    static let q3 = TestSupport.repoRoot.appendingPathComponent("catalog/example/report/2026-Q3.snapshot.json").path

    /// `oac arguments` run by a shell whose current folder `gone` is removed before oac starts.
    static func runInDeletedFolder(_ arguments: [String], gone: URL) throws -> LimitedProcess.Run {
        try FileManager.default.createDirectory(at: gone, withIntermediateDirectories: true)
        return try LimitedProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "cd \"$1\" && rmdir \"$1\" && shift && exec \"$@\"", "sh", gone.path, TestSupport.oacBinary.path] + arguments,
            in: gone.deletingLastPathComponent(), seconds: 120, memoryMiB: 4096)
    }

    @Test("compile, compile --check, check, lint and report with absolute paths work from a deleted current folder")
    func absolutePaths() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        let report = tmp.appendingPathComponent("report").path
        for (arguments, expected) in [
            (["compile", Self.example, "--out", out], Int32(0)),
            (["compile", Self.example, "--out", out, "--check"], 0),
            (["check", Self.example], 0),
            (["lint", Self.example], 0),
            (["report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3, "--out", report], 0)
        ] {
            let run = try Self.runInDeletedFolder(arguments, gone: tmp.appendingPathComponent("gone-\(UUID().uuidString)"))
            #expect(run.exited, "\(arguments[0]) trapped: signal \(run.signal ?? 0), \(run.stderr.suffix(300))")
            #expect(run.status == expected, "\(arguments): \(run.stderr.suffix(300))")
        }
        #expect(FileManager.default.fileExists(atPath: out + "/.oac-manifest"))
        #expect(FileManager.default.fileExists(atPath: report + "/index.html"))
    }

    @Test("a relative --out or catalog from a deleted current folder is an error naming it, not a trap")
    func relativePaths() throws {
        let tmp = try TestSupport.temporaryDirectory()
        for arguments in [
            ["compile", Self.example, "--out", "out"],
            ["compile", "catalog", "--out", tmp.appendingPathComponent("out2").path],
            ["lint", "catalog"],
            ["check", "catalog"],
            ["report", Self.example, "--quarter", "2026-Q3", "--snapshot", Self.q3, "--out", "report"]
        ] {
            let run = try Self.runInDeletedFolder(arguments, gone: tmp.appendingPathComponent("gone-\(UUID().uuidString)"))
            #expect(run.exited, "\(arguments) trapped: signal \(run.signal ?? 0), \(run.stderr.suffix(300))")
            #expect(run.status == 1 || run.status == 2, "\(arguments): \(run.status) \(run.stderr.suffix(300))")
            // lint and check write their diagnostics on standard output; usage errors go to standard error.
            #expect((run.stdout + run.stderr).contains("the current folder no longer exists"), "\(arguments): \(run.stderr.suffix(300))")
        }
    }
}
