import Foundation
import Testing

/// A git repository in a temporary folder holding a copy of the example catalog under `catalog/`, for the tests
/// of what compares a change with its base (`oac lint --base`, the PR-check script). Nothing is committed yet.
struct ExampleCatalogRepository {
    /// The repository's folder, `<temporary folder>/repo` (a base worktree goes beside it).
    let url: URL

    init(_ prefix: String) throws {
        url = try TestSupport.temporaryDirectory(prefix).appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.repoRoot.appendingPathComponent("catalog/example"), to: catalog)
    }

    var catalog: URL { url.appendingPathComponent("catalog") }

    /// Runs git in the repository with a fixed author; a failure fails the test.
    func git(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"] + args, in: url)
        #expect(run.status == 0, "git \(args): \(run.stderr)", sourceLocation: sourceLocation)
    }

    /// Rewrites the catalog file at `path` (relative to `catalog/`) with `edit`; an edit that changes nothing fails
    /// the test.
    func edit(_ path: String, sourceLocation: SourceLocation = #_sourceLocation, _ edit: (String) -> String) throws {
        let file = catalog.appendingPathComponent(path)
        let before = try String(contentsOf: file, encoding: .utf8)
        let after = edit(before)
        #expect(before != after, "the edit of \(path) changed nothing", sourceLocation: sourceLocation)
        try Data(after.utf8).write(to: file)
    }

    /// Checks out the commit before HEAD in a worktree beside the repository; returns that worktree's catalog.
    func baseWorktree() throws -> URL {
        let base = url.deletingLastPathComponent().appendingPathComponent("base")
        try git(["worktree", "add", "-q", base.path, "HEAD~1"])
        return base.appendingPathComponent("catalog")
    }

    /// The file of the example catalog's service `bert-model-serving`, relative to `catalog/`.
    static let bert = "services/bert-model-serving.yaml"
}
