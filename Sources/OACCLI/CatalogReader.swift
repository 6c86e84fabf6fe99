import Foundation
import OACCatalog
import OACDiagnostics

/// Reads a catalog from disk: one file, or every *.yaml / *.yml below a folder (recursively).
enum CatalogReader {
    struct Failure: Error {
        var diagnostics: Diagnostics
    }

    /// Paths in diagnostics are the user's path joined with the file's path below it.
    static func read(_ path: String) -> (files: [SourceFile], diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        var isDir: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            diagnostics.error("no such file or folder: \(path)", rule: CheckID.readError, at: nil,
                              hint: "pass a catalog file or a folder of *.yaml files")
            return ([], diagnostics)
        }
        var paths: [String] = []
        if isDir.boolValue {
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let walker = fm.enumerator(atPath: path) else {
                diagnostics.error("cannot list folder \(path)", rule: CheckID.readError, at: nil)
                return ([], diagnostics)
            }
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { paths.append(base + "/" + rel) }
            }
        } else {
            paths = [path]
        }
        paths.sort()
        var files: [SourceFile] = []
        for p in paths {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: p, isDirectory: &isFolder), isFolder.boolValue { continue }
            guard let data = fm.contents(atPath: p) else {
                diagnostics.error("cannot read \(p)", rule: CheckID.readError, at: SourceLocation(file: p, line: 1, column: 1))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.error("\(p) is not UTF-8 text", rule: CheckID.readError,
                                  at: SourceLocation(file: p, line: 1, column: 1),
                                  hint: "save catalog files as UTF-8")
                continue
            }
            files.append(SourceFile(path: p, contents: text))
        }
        return (files, diagnostics)
    }
}
