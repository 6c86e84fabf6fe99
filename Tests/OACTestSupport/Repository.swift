import Foundation
import OACCatalog

/// Where the repository is, for tests that read its catalogs, docs and goldens.
public enum Repository {
    /// The repository root (this file is Tests/OACTestSupport/Repository.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path below the root, e.g. `Repository.url("catalog/example")`.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A fresh empty folder in the temporary directory; remove it with `FileManager.removeItem` in a `defer`.
    public static func temporaryDirectory(_ name: String = "oac-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Repository {
    /// Every *.yaml / *.yml below a folder of the repository, as the CLI reads it, with paths relative to
    /// the repository (`catalog/example/…`).
    public static func catalog(_ relative: String) -> [SourceFile] {
        let root = url(relative)
        let walker = FileManager.default.enumerator(atPath: root.path)
        var files: [SourceFile] = []
        while let rel = walker?.nextObject() as? String {
            guard rel.hasSuffix(".yaml") || rel.hasSuffix(".yml"),
                let text = try? String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)
            else { continue }
            files.append(SourceFile(path: "\(relative)/\(rel)", contents: text))
        }
        return files.sorted { $0.path < $1.path }
    }
}
