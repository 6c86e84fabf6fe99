import Foundation
import Testing

/// A program some tests drive to judge output as its real consumer does.
///
/// A test that runs one carries the `.requires(_:)` trait: when the tool is not installed the test is reported
/// as SKIPPED (with the reason), never silently passed. Under `OAC_REQUIRE_TOOLS=1` (set by scripts/test.sh
/// in CI) or `CI=true` the test runs anyway and `require()` fails it: in CI a missing tool is a failure.
public enum ExternalTool: String, Sendable, CaseIterable {
    case promtool, amtool, xmllint, kubectl, prometheus, python3

    /// The tool on PATH, or nil.
    public var url: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init)
        for dir in dirs {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(rawValue)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    public var isInstalled: Bool { url != nil }

    /// Whether a missing tool fails the run: `OAC_REQUIRE_TOOLS` set to `1`/`true`, or `CI=true`.
    public static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return ["CI", "OAC_REQUIRE_TOOLS"].contains { ["1", "true"].contains(env[$0]?.lowercased() ?? "") }
    }

    public struct Missing: Error, CustomStringConvertible {
        public var tool: ExternalTool
        public var description: String {
            "`\(tool.rawValue)` is not installed and tools are required (OAC_REQUIRE_TOOLS/CI); `bash scripts/test.sh` installs it"
        }
    }

    /// The tool's path. Inside a test marked `.requires(tool)` it is only missing when tools are required,
    /// and then this throws, which fails the test.
    public func require() throws -> URL {
        guard let url else { throw Missing(tool: self) }
        return url
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where the tools are installed (reported as skipped otherwise), or always when tools
    /// are required (`OAC_REQUIRE_TOOLS=1`, `CI=true`), so that in CI a missing tool fails the test.
    public static func requires(_ tools: ExternalTool..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let names = tools.map(\.rawValue).joined(separator: ", ")
        return .enabled(
            if: ExternalTool.required || tools.allSatisfy(\.isInstalled),
            Comment(rawValue: "needs \(names), not installed here (set OAC_REQUIRE_TOOLS=1 to make that a failure)"),
            sourceLocation: sourceLocation)
    }
}
