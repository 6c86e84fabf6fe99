import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a child process with a time limit and a memory limit, so a crash, hang or runaway allocation in the
/// program under test is a failed test, never a stuck or swapping test run. The memory limit is `ulimit -v`
/// set by /bin/sh, which then execs the program; the time limit is a wait on the process's termination
/// (its handler signals a semaphore) on the calling thread, then SIGKILL.
enum LimitedProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The signal that ended the process (nil when it exited).
        var signal: Int32?
        /// Killed for running past the time limit.
        var timedOut: Bool
        var exited: Bool { signal == nil }
    }

    /// `oac` with arguments; `seconds` of wall time and `memoryMiB` of address space at most.
    static func oac(
        _ arguments: [String], in directory: URL = TestSupport.repoRoot, seconds: Double = 60,
        memoryMiB: Int = 4096, environment: [String: String] = [:]
    ) throws -> Run {
        try run(TestSupport.oacBinary, arguments, in: directory, seconds: seconds, memoryMiB: memoryMiB, environment: environment)
    }

    static func run(
        _ executable: URL, _ arguments: [String], in directory: URL, seconds: Double, memoryMiB: Int,
        environment: [String: String] = [:]
    ) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v \(memoryMiB * 1024) && exec \"$0\" \"$@\"", executable.path] + arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        // Both streams go to files: no pipe can fill up and block the child.
        let tmp = FileManager.default.temporaryDirectory
        let outURL = tmp.appendingPathComponent("oac-limited-out-\(UUID().uuidString)")
        let errURL = tmp.appendingPathComponent("oac-limited-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in ended.signal() }
        try p.run()
        var timedOut = false
        if ended.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            ended.wait()
        }
        p.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        let signal: Int32? = p.terminationReason == .uncaughtSignal ? p.terminationStatus : nil
        return Run(
            status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self), signal: signal, timedOut: timedOut)
    }
}
