import Foundation
import Testing

@testable import OACPromQL

/// Parses or records a test failure (returns a dummy expression on failure).
func mustParse(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> Expr {
    do {
        return try PromQL.parse(source)
    } catch {
        Issue.record("failed to parse \(source): \(error)", sourceLocation: sourceLocation)
        return .number(.nan)
    }
}

/// The error thrown for `source`, or nil (recorded as a failure) when it parses.
func parseError(
    _ source: String, options: PromQL.Options = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) -> PromQLError? {
    do {
        let e = try PromQL.parse(source, options: options)
        Issue.record("expected an error for \(source), parsed as \(e)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Asserts that `source` fails at `line:column` with a message containing `message`.
func expectError(
    _ source: String, _ line: Int, _ column: Int, _ message: String,
    options: PromQL.Options = .default, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let err = parseError(source, options: options, sourceLocation: sourceLocation) else { return }
    #expect(err.line == line && err.column == column, "position of \(err) for \(source)", sourceLocation: sourceLocation)
    #expect(err.message.contains(message), "message \(err.message) for \(source)", sourceLocation: sourceLocation)
}

/// Selector shorthand for building expected trees.
func sel(_ name: String?, _ matchers: [LabelMatcher] = [], offset: PromDuration? = nil, at: AtModifier? = nil) -> Expr {
    .vectorSelector(VectorSelector(metricName: name, matchers: matchers, offset: offset, at: at))
}

func bin(_ lhs: Expr, _ op: BinaryOp, _ rhs: Expr, bool: Bool = false, matching: VectorMatching? = nil) -> Expr {
    .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: bool, matching: matching))
}

func m(_ name: String, _ op: MatchOp, _ value: String) -> LabelMatcher { LabelMatcher(name: name, op: op, value: value) }

/// Location of the fixtures directory, found next to this source file (`#filePath`), so the
/// tests work whether or not the test target declares `resources: [.copy("Fixtures")]`.
enum Fixtures {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func files(in dir: String, extensions: Set<String>) -> [URL] {
        let url = root.appendingPathComponent(dir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().map { url.appendingPathComponent($0) }.filter { extensions.contains($0.pathExtension) }
    }

    static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
}
