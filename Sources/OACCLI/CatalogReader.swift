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
            if let size = (try? fm.attributesOfItem(atPath: p))?[.size] as? NSNumber, size.intValue > CatalogLoader.Limits().maxFileBytes {
                diagnostics.error("file is \(size.intValue) bytes; the limit is \(CatalogLoader.Limits().maxFileBytes)",
                                  rule: CheckID.inputLimit, at: SourceLocation(file: p, line: 1, column: 1),
                                  hint: "a catalog file this large is not a catalog; split real catalogs into several files")
                continue
            }
            guard let data = fm.contents(atPath: p) else {
                diagnostics.error("cannot read \(p)", rule: CheckID.readError, at: SourceLocation(file: p, line: 1, column: 1))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error("the file is not UTF-8 text (invalid byte sequence)", rule: CheckID.readError,
                                  at: invalidUTF8Location(data, file: p), hint: "save catalog files as UTF-8")
                continue
            }
            // A UTF-8 byte order mark is legal YAML; drop it so columns on line 1 stay right.
            files.append(SourceFile(path: p, contents: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        }
        return (files, diagnostics)
    }

    /// Line and column of the first byte that is not valid UTF-8.
    static func invalidUTF8Location(_ data: Data, file: String) -> SourceLocation {
        let bytes = [UInt8](data)
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(file: file, line: line, column: column)
            }
            if i + length > bytes.count { return SourceLocation(file: file, line: line, column: column) }
            if length > 1, let _ = String(validating: bytes[i..<(i + length)], as: UTF8.self) {} else if length > 1 {
                return SourceLocation(file: file, line: line, column: column)
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
