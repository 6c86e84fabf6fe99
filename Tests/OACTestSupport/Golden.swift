import Foundation
import OACRender
import Testing

/// Compares text with a committed golden file. `OAC_RECORD=1` rewrites the file and fails, so a recording
/// run is never green. A mismatch shows the production unified diff (`oac compile --check --diff` uses it too).
public func assertGolden(_ actual: String, matches golden: URL, sourceLocation: SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["OAC_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: golden)
        Issue.record("recorded \(golden.path); run again without OAC_RECORD", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
        Issue.record("missing golden file \(golden.path); record it with OAC_RECORD=1 swift test", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("\(golden.path) differs:\n\(textDiff(expected: expected, actual: actual))", sourceLocation: sourceLocation)
    }
}

/// Expects two texts to be equal; a mismatch is shown as a unified diff (expected → actual), which reads far
/// better than two long strings side by side.
public func expectText(_ actual: String, equals expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if actual != expected {
        Issue.record("text differs:\n\(textDiff(expected: expected, actual: actual))", sourceLocation: sourceLocation)
    }
}

/// The unified diff of an expected and an actual text, for mismatch messages.
public func textDiff(expected: String, actual: String) -> String {
    UnifiedDiff.render(old: expected, new: actual, oldName: "expected", newName: "actual")
}
