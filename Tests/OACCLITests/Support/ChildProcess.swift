import Foundation

/// A child process the test drives step by step: frozen with SIGSTOP, let run a little with SIGCONT, and
/// killed when the test sees the state it is waiting for — so what happens depends on events, not on how busy
/// the machine is.
final class SteppedChild {
    let process = Process()
    private let errURL: URL

    /// Starts `executable` with `arguments`, output discarded except standard error (kept for messages).
    init(_ executable: URL, _ arguments: [String], in directory: URL) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        errURL = FileManager.default.temporaryDirectory.appendingPathComponent("oac-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit { try? FileManager.default.removeItem(at: errURL) }

    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    enum Outcome: Equatable {
        /// The condition held while the child was frozen, and the child was killed with SIGKILL there.
        case killed
        /// The child exited before the condition was ever seen.
        case exited(Int32)
    }

    /// Freezes the child, then alternates a short run (`step` microseconds) with a look at `condition` while it is
    /// frozen. When the condition holds, the child dies by SIGKILL without running another instruction; when it
    /// exits first, that is the outcome. No deadline: a stopped child cannot finish, a running one always does.
    func kill(when condition: () -> Bool, step: useconds_t = 1000) -> Outcome {
        let pid = process.processIdentifier
        while true {
            Foundation.kill(pid, SIGSTOP)
            Self.waitUntilStopped(pid)
            if !process.isRunning || Self.hasExited(pid) {
                process.waitUntilExit()
                return .exited(process.terminationStatus)
            }
            if condition() {
                Foundation.kill(pid, SIGKILL)
                process.waitUntilExit()
                return process.terminationReason == .uncaughtSignal ? .killed : .exited(process.terminationStatus)
            }
            Foundation.kill(pid, SIGCONT)
            usleep(step)
        }
    }

    /// Waits until every thread of `pid` is stopped (or the process is gone), reading /proc: SIGSTOP is delivered
    /// asynchronously, and the test must not look at the disk while a thread still writes.
    private static func waitUntilStopped(_ pid: Int32) {
        let tasks = "/proc/\(pid)/task"
        while true {
            guard let ids = try? FileManager.default.contentsOfDirectory(atPath: tasks) else { return }
            let states = ids.compactMap { state(of: "\(tasks)/\($0)/stat") }
            if states.isEmpty || states.allSatisfy({ $0 == "T" || $0 == "t" || $0 == "Z" || $0 == "X" }) { return }
            usleep(50)
        }
    }

    private static func hasExited(_ pid: Int32) -> Bool {
        guard let s = state(of: "/proc/\(pid)/stat") else { return true }
        return s == "Z" || s == "X"
    }

    /// The state letter of a /proc stat file: the field after the parenthesised command name.
    private static func state(of path: String) -> Character? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[close...].dropFirst().first { $0 != " " }
    }
}
