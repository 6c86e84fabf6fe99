import Foundation

/// Runs an external program to completion (promtool, amtool, xmllint, …), for tests in any target. The CLI
/// tests drive `oac` itself through their own runner, which also stops a hung process.
public enum Command {
    public struct Result: Sendable {
        public var status: Int32
        /// stdout and stderr, interleaved as the program wrote them.
        public var output: String
        public var succeeded: Bool { status == 0 }
    }

    public static func run(_ executable: URL, _ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.standardInput = FileHandle.nullDevice
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs an installed tool (see `ExternalTool.require()`).
    public static func run(_ tool: ExternalTool, _ arguments: [String]) throws -> Result {
        try run(try tool.require(), arguments)
    }
}
