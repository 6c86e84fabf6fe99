import Foundation
import OACTestSupport
import Testing

/// A snippet-based reference test, after swift-openapi-generator's SnippetBasedReferenceTests: a catalog
/// fragment (one Service with one SLO over the standard prelude) goes in, and the exact text of one rule group
/// of one generated file comes out, written in the test.
struct RuleSnippet: Sendable, CustomTestStringConvertible {
    var name: String
    var catalog: CatalogBuilder
    /// The generated file, relative to the output root.
    var file: String
    /// The rule group's name, as in `- name: '…'`.
    var group: String
    /// The group's text from its `  - name:` line to the line before the next group, without the last newline.
    var expected: String

    var testDescription: String { name }

    /// The group as the compiler writes it.
    func actual(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outputs = try catalog.outputs(sourceLocation: sourceLocation)
        let text = try #require(outputs[file], "\(file) not written; written: \(outputs.keys.sorted())", sourceLocation: sourceLocation)
        return try #require(Self.group(group, in: text), "no group \(group) in \(file)", sourceLocation: sourceLocation)
    }

    /// Expects the generated group to be exactly `expected` (a mismatch shows a unified diff).
    func verify(sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectText(try actual(sourceLocation: sourceLocation), equals: expected, sourceLocation: sourceLocation)
    }

    /// One group of a rule file: its `  - name: 'NAME'` line and every line up to the next group.
    static func group(_ name: String, in text: String) -> String? {
        var out: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - name: ") { inside = line == "  - name: '\(name)'" }
            if inside { out.append(line) }
        }
        return out.isEmpty ? nil : out.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}

/// `promtool check rules` on one rule group.
enum PromtoolCheck {
    static func rules(_ group: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try Repository.temporaryDirectory("oac-snippet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("snippet.rules.yml")
        try Data("groups:\n\(group)\n".utf8).write(to: file)
        let run = try Command.run(.promtool, ["check", "rules", file.path])
        #expect(run.succeeded, "promtool check rules:\n\(run.output)", sourceLocation: sourceLocation)
        #expect(run.output.contains("SUCCESS"), "\(run.output)", sourceLocation: sourceLocation)
    }
}
