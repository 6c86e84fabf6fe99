import Foundation
import Testing

/// Paths and processes the CLI tests share.
enum TestSupport {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `oac` binary beside the test bundle.
    static var oacBinary: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("oac"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("oac"),
            Bundle.main.bundleURL.appendingPathComponent("oac"),
            repoRoot.appendingPathComponent(".build/debug/oac")
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// false when the process died from a signal (a crash, or killed after its timeout).
        var exited = true
    }

    /// Runs `oac` with arguments in `directory` (the repository root by default).
    static func oac(
        _ arguments: [String], in directory: URL = repoRoot, environment: [String: String] = [:],
        timeout: TimeInterval? = nil
    ) throws -> Run {
        try run(oacBinary, arguments, in: directory, environment: environment, timeout: timeout)
    }

    static func run(
        _ executable: URL, _ arguments: [String], in directory: URL = repoRoot,
        environment: [String: String] = [:], timeout: TimeInterval? = nil
    ) throws -> Run {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        // stderr goes to a file so two pipes can never deadlock on a large output.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("oac-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // A hang is a failure, not a stuck test run: a thread of its own (never the shared global queue, which
        // parallel suites keep busy) stops the process after `timeout` seconds.
        let exited = DispatchSemaphore(value: 0)
        if let timeout {
            let pid = p.processIdentifier
            let watchdog = Thread {
                if exited.wait(timeout: .now() + timeout) == .timedOut, p.isRunning { kill(pid, SIGKILL) }
            }
            watchdog.start()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        exited.signal()
        try? errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Run(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), exited: p.terminationReason == .exit)
    }

    static func temporaryDirectory(_ name: String = "oac-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// How many regular files lie below a folder (0 when it does not exist); symbolic links are not followed.
    /// Reads directory entries only (no stat per file): tests call it in tight loops.
    static func fileCount(_ root: URL) -> Int {
        func count(_ path: String) -> Int {
            guard let dir = opendir(path) else { return 0 }
            defer { closedir(dir) }
            var n = 0
            while let entry = readdir(dir) {
                let type = Int32(entry.pointee.d_type)
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if type == DT_REG { n += 1 } else if type == DT_DIR, name != ".", name != ".." { n += count(path + "/" + name) }
            }
            return n
        }
        return count(root.path)
    }

    /// Every file below a folder, relative path → contents.
    static func tree(_ root: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return out }
        while let rel = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let path = root.appendingPathComponent(rel).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: path)
            }
        }
        return out
    }
}
