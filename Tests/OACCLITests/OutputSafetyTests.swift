import Foundation
import OACOutput
import OACRender
import Testing

@testable import OACCLI

#if canImport(Glibc)
    import Glibc
#endif

/// The output writer never loses data: it refuses folders it must not replace, never follows a symbolic link
/// it did not create, keeps users' files as the same files, never blocks on a FIFO, and holds a lock.
@Suite("Output safety")
struct OutputSafetyTests {
    static let example = TestSupport.repoRoot.appendingPathComponent("catalog/example").path

    static func inode(_ path: String) -> (ino: UInt, links: UInt, mode: UInt32, mtime: Int) {
        var info = stat()
        lstat(path, &info)
        return (UInt(info.st_ino), UInt(info.st_nlink), UInt32(info.st_mode & 0o7777), Int(info.st_mtim.tv_sec))
    }

    @Test("--out that is a symbolic link is refused, and the folder it points to is untouched")
    func symlinkOut() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let real = tmp.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: real.appendingPathComponent("sub/mine.txt"))
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("link").path, withDestinationPath: real.path)
        let run = try LimitedProcess.oac(["compile", Self.example, "--out", tmp.appendingPathComponent("link").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("is a symbolic link"))
        #expect(TestSupport.tree(real) == ["sub/mine.txt": Data("mine".utf8)])
        #expect(FileIO.kind(tmp.appendingPathComponent("link").path) == S_IFLNK)
    }

    @Test("an empty --out, `.`, `/`, the catalog folder, a folder holding it or read by it are usage errors")
    func refusedFolders() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let catalog = tmp.appendingPathComponent("catalog")
        try FileManager.default.copyItem(atPath: Self.example, toPath: catalog.path)
        let before = TestSupport.tree(tmp)
        for (out, says) in [
            ("", "empty"), (".", "current folder"), ("/", "root folder"), ("catalog", "is or contains the catalog"),
            (tmp.path, "current folder"), ("catalog/out", "inside the catalog folder")
        ] {
            let run = try LimitedProcess.oac(["compile", "catalog", "--out", out], in: tmp)
            #expect(run.status == 2, "--out \(out)")
            #expect(run.stderr.contains(says), "--out \(out): \(run.stderr)")
        }
        // A hidden folder inside the catalog is not read back by the loader: allowed.
        #expect(try LimitedProcess.oac(["compile", "catalog", "--out", "catalog/.out"], in: tmp).status == 0)
        try FileManager.default.removeItem(at: catalog.appendingPathComponent(".out"))
        #expect(TestSupport.tree(tmp) == before)
        // The writer refuses them too, for every command that writes a tree.
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(destination: "").write([]) }
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(destination: "/").write([]) }
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(destination: catalog.path, protecting: [catalog.path]).write([]) }
    }

    @Test("users' files stay the same files: inode, hard links, mtime, and their folders' modes and mtimes")
    func userFilesInPlace() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        #expect(try LimitedProcess.oac(["compile", Self.example, "--out", out]).status == 0)
        let fm = FileManager.default
        try fm.createDirectory(atPath: out + "/private", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try Data("secret".utf8).write(to: URL(fileURLWithPath: out + "/private/key"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: out + "/prometheus/NOTES.md"))
        #expect(link(out + "/private/key", out + "/private/key-link") == 0)
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)], ofItemAtPath: out + "/private/key")
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)], ofItemAtPath: out + "/private")
        chmod(out + "/prometheus", 0o750)
        try fm.createSymbolicLink(atPath: out + "/elsewhere", withDestinationPath: "/nonexistent")
        let key = Self.inode(out + "/private/key")
        let notes = Self.inode(out + "/prometheus/NOTES.md")
        let run = try LimitedProcess.oac(["compile", Self.example, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let keyAfter = Self.inode(out + "/private/key")
        #expect(keyAfter.ino == key.ino && keyAfter.links == 2 && keyAfter.mtime == 1_600_000_000)
        #expect(Self.inode(out + "/private/key-link").ino == key.ino)
        #expect(Self.inode(out + "/prometheus/NOTES.md").ino == notes.ino)
        #expect(Self.inode(out + "/private").mode == 0o700)
        #expect(Self.inode(out + "/private").mtime == 1_600_000_000)
        #expect(Self.inode(out + "/prometheus").mode == 0o750)
        #expect(FileIO.kind(out + "/elsewhere") == S_IFLNK)
        #expect(try LimitedProcess.oac(["compile", Self.example, "--out", out, "--check"]).status == 0)
    }

    @Test("a file written into --out while the tree is rendered is kept")
    func fileWrittenDuringRun() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        try OutputWriter(destination: out).write([OutputFile(path: "a.txt", contents: "1\n")])
        // The job runs after the writer scanned the old tree: as a user writing during a compile.
        let job = RenderJob {
            try? Data("late".utf8).write(to: URL(fileURLWithPath: out + "/late.txt"))
            try? FileManager.default.createDirectory(atPath: out + "/new", withIntermediateDirectories: true)
            try? Data("late too".utf8).write(to: URL(fileURLWithPath: out + "/new/late.txt"))
            return [OutputFile(path: "a.txt", contents: "2\n")]
        }
        try OutputWriter(destination: out).write(jobs: [job])
        let tree = TestSupport.tree(URL(fileURLWithPath: out))
        #expect(tree["late.txt"] == Data("late".utf8))
        #expect(tree["new/late.txt"] == Data("late too".utf8))
        #expect(tree["a.txt"] == Data("2\n".utf8))
    }

    @Test("two generated files with one path are an error, and nothing is written")
    func duplicatePaths() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter(destination: out).write(jobs: [
                RenderJob { [OutputFile(path: "a.yaml", contents: "1")] },
                RenderJob { [OutputFile(path: "a.yaml", contents: "2")] }
            ])
        }
        #expect(FileIO.kind(out) == nil)
        for bad in ["../escape.txt", "/abs.txt", "a//b", "./a", ".oac-manifest"] {
            #expect(throws: OutputWriter.WriteError.self, "\(bad)") {
                try OutputWriter(destination: out).write([OutputFile(path: bad, contents: "x")])
            }
        }
        #expect(FileIO.kind(tmp.appendingPathComponent("escape.txt").path) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test("import sloth of a service named teams is refused: it would share teams.yaml")
    func importServiceNamedTeams() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let spec = tmp.appendingPathComponent("teams.yml")
        try Data(
            """
            version: "prometheus/v1"
            service: "teams"
            slos:
              - name: "availability"
                objective: 99.9
                sli:
                  events:
                    error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                    total_query: sum(rate(http_requests_total[{{.window}}]))
                alerting:
                  name: TeamsErrors
            """.utf8
        ).write(to: spec)
        let run = try LimitedProcess.oac(["import", "sloth", spec.path, "--out", tmp.appendingPathComponent("out").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("same path teams.yaml"), "\(run.stderr)")
        #expect(FileIO.kind(tmp.appendingPathComponent("out").path) == nil)
    }

    @Test("a FIFO in --out (a user file, at a generated path, as .oac-manifest) never blocks compile or --check")
    func fifos() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        #expect(try LimitedProcess.oac(["compile", Self.example, "--out", out]).status == 0)
        #expect(mkfifo(out + "/user.fifo", 0o644) == 0)
        unlink(out + "/model.json")
        #expect(mkfifo(out + "/model.json", 0o644) == 0)
        let check = try LimitedProcess.oac(["compile", Self.example, "--out", out, "--check"], seconds: 60)
        #expect(!check.timedOut && check.status == 1)
        #expect(check.stdout.contains("model.json"))
        unlink(out + "/.oac-manifest")
        #expect(mkfifo(out + "/.oac-manifest", 0o644) == 0)
        #expect(try LimitedProcess.oac(["compile", Self.example, "--out", out, "--check"], seconds: 60).timedOut == false)
        let run = try LimitedProcess.oac(["compile", Self.example, "--out", out], seconds: 60)
        #expect(!run.timedOut && run.status == 0, "\(run.stderr)")
        #expect(FileIO.kind(out + "/user.fifo") == S_IFIFO)
        #expect(FileIO.kind(out + "/model.json") == S_IFREG)
        #expect(try LimitedProcess.oac(["compile", Self.example, "--out", out, "--check"]).status == 0)
    }

    @Test("a compile waits for the lock another writer holds on the folder around --out, then writes")
    func lock() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let out = tmp.appendingPathComponent("out").path
        var lock: OutputFolder.Lock? = try OutputFolder.Lock(parent: tmp.path, out: out)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: LimitedProcess.Run?
        let thread = Thread {
            result = try? LimitedProcess.oac(["compile", Self.example, "--out", out], seconds: 900)
            done.signal()
        }
        thread.start()
        // Poll for the waiting message (generous deadline), then check nothing was written meanwhile.
        // The lock is released only once the child is seen blocked on it: on a busy machine loading the catalog
        // can take minutes, and releasing earlier would let the child through without waiting.
        let deadline = Date().addingTimeInterval(600)
        var waiting = false
        while Date() < deadline, !waiting {
            Thread.sleep(forTimeInterval: 0.05)
            waiting =
                (try? FileManager.default.contentsOfDirectory(atPath: tmp.path))?.contains { $0.contains(".oac-new-") } == false
                && FileIO.kind(out) == nil && Self.childWaits(on: tmp.path)
        }
        #expect(waiting, "the compile was never seen waiting for the lock")
        #expect(FileIO.kind(out) == nil)
        lock = nil
        _ = lock
        done.wait()
        #expect(result?.status == 0)
        #expect(result?.stderr.contains("waiting for another oac") == true)
        #expect(FileIO.kind(out + "/.oac-manifest") == S_IFREG)
    }

    /// Whether some process is blocked in flock on `directory` (Linux: /proc/locks lists a waiting lock with
    /// `->`, then the locked file as `MAJOR:MINOR:INODE`, major and minor in hex). Only waits on this test's own
    /// folder count: another process waiting on another lock (a parallel test, a build) says nothing about ours.
    static func childWaits(on directory: String) -> Bool {
        var st = stat()
        guard stat(directory, &st) == 0 else { return false }
        let dev = UInt64(st.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let file = String(format: "%02x:%02x:%llu", major, minor, UInt64(st.st_ino))
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return true }
        return text.split(separator: "\n").contains { line in
            line.contains("->") && line.split(separator: " ").contains { $0 == file }
        }
    }

    @Test("snapshot files are replaced only when they are regular files: never a device, FIFO or symbolic link")
    func replaceRegularOnly() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let target = tmp.appendingPathComponent("real.json").path
        try FileIO.replace(target, with: "{\"a\":1}\n")
        try FileIO.replace(target, with: "{\"a\":2}\n")
        #expect(FileIO.read(target) == Array("{\"a\":2}\n".utf8))
        let link = tmp.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: FileIO.WriteRefusal.self) { try FileIO.replace(link, with: "{}\n") }
        #expect(FileIO.kind(link) == S_IFLNK)
        #expect(throws: FileIO.WriteRefusal.self) { try FileIO.replace("/dev/null", with: "{}\n") }
        #expect(FileIO.kind("/dev/null") == S_IFCHR)
        #expect(mkfifo(tmp.appendingPathComponent("fifo").path, 0o644) == 0)
        #expect(throws: FileIO.WriteRefusal.self) { try FileIO.replace(tmp.appendingPathComponent("fifo").path, with: "{}\n") }
        #expect(throws: FileIO.WriteRefusal.self) { try FileIO.replace(tmp.path, with: "{}\n") }
        #expect(FileIO.read(target) == Array("{\"a\":2}\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() == ["fifo", "link.json", "real.json"])
    }
}
