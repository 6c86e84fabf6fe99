import Foundation
import Testing

/// External programs the tests drive (promtool, amtool, prometheus, xmllint). In CI (`CI=true` or
/// `OAC_REQUIRE_TOOLS`) a missing tool is a failure; elsewhere the test says it was skipped.
enum Tools {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return ["CI", "OAC_REQUIRE_TOOLS"].contains { (env[$0] ?? "").lowercased() == "true" || env[$0] == "1" }
    }

    /// The tool, or nil after recording why (a failure in CI, a visible skip note elsewhere).
    static func require(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        if let url = find(name) { return url }
        if required {
            Issue.record("\(name) is not installed; `bash scripts/test.sh` installs it", sourceLocation: sourceLocation)
        } else {
            print("note: skipped, \(name) is not installed (run `bash scripts/test.sh` to install it)")
        }
        return nil
    }

    /// Every file below `root` whose name ends with `suffix`, sorted.
    static func files(in root: URL, endingWith suffix: String) -> [URL] {
        TestSupport.tree(root).keys.filter { $0.hasSuffix(suffix) }.sorted().map { root.appendingPathComponent($0) }
    }
}
