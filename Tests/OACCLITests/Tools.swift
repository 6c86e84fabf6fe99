import Foundation

/// Files of an output tree the external tools are run on. Tests that run a tool carry `.requires(_:)` and
/// get it from `ExternalTool` (Tests/OACTestSupport/ExternalTool.swift).
enum Tools {
    /// Every file below `root` whose name ends with `suffix`, sorted.
    static func files(in root: URL, endingWith suffix: String) -> [URL] {
        TestSupport.tree(root).keys.filter { $0.hasSuffix(suffix) }.sorted().map { root.appendingPathComponent($0) }
    }
}
