import Foundation
import OACCatalog
import OACDiagnostics
import OACOutput
import OACSupport

/// Reads a catalog from disk: one file, or every *.yaml / *.yml below a folder (recursively).
enum CatalogReader {
    struct Failure: Error {
        var diagnostics: Diagnostics
    }

    /// One catalog file found below the catalog path: its path as diagnostics show it (the user's path joined
    /// with the path below it) and its path below the catalog root (the file name for a one-file catalog).
    struct Entry {
        var path: String
        var relative: String
    }

    /// The files a catalog path stands for: the path itself, or every *.yaml / *.yml below a folder, skipping
    /// hidden names and folders. `read` and the `--check` fingerprint both use it, so they agree on the files.
    static func discover(_ path: String) -> (entries: [Entry], diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        var isDir: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            if let deleted = OutputFolder.deletedCurrentFolder(path) {
                diagnostics.error(deleted, rule: CheckID.readError, at: nil, hint: "run oac from a folder that exists, or give absolute paths")
                return ([], diagnostics)
            }
            diagnostics.error(
                "no such file or folder: \(path)", rule: CheckID.readError, at: nil,
                hint: "pass a catalog file or a folder of *.yaml files")
            return ([], diagnostics)
        }
        var entries: [Entry] = []
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
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { entries.append(Entry(path: base + "/" + rel, relative: rel)) }
            }
        } else {
            entries = [Entry(path: path, relative: (path as NSString).lastPathComponent)]
        }
        entries.sort { $0.path < $1.path }
        entries.removeAll { entry in
            var isFolder: ObjCBool = false
            return fm.fileExists(atPath: entry.path, isDirectory: &isFolder) && isFolder.boolValue
        }
        return (entries, diagnostics)
    }

    /// Paths in diagnostics are the user's path joined with the file's path below it. `inputs` holds the
    /// SHA-256 of the bytes of every file read (for the `.oac-inputs` fingerprint: of exactly what was loaded).
    static func read(_ path: String) -> (files: [SourceFile], diagnostics: Diagnostics, inputs: [InputFingerprint.CatalogFile]) {
        let fm = FileManager.default
        var (entries, diagnostics) = discover(path)
        var files: [SourceFile] = []
        var inputs: [InputFingerprint.CatalogFile] = []
        for entry in entries {
            let p = entry.path
            if let size = (try? fm.attributesOfItem(atPath: p))?[.size] as? NSNumber, size.intValue > CatalogLoader.Limits().maxFileBytes {
                diagnostics.error(
                    "file is \(size.intValue) bytes; the limit is \(CatalogLoader.Limits().maxFileBytes)",
                    rule: CheckID.inputLimit, at: SourceLocation(file: p, line: 1, column: 1),
                    hint: "a catalog file this large is not a catalog; split real catalogs into several files")
                continue
            }
            guard let data = fm.contents(atPath: p) else {
                diagnostics.error("cannot read \(p)", rule: CheckID.readError, at: SourceLocation(file: p, line: 1, column: 1))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error(
                    "the file is not UTF-8 text (invalid byte sequence)", rule: CheckID.readError,
                    at: invalidUTF8Location(data, file: p), hint: "save catalog files as UTF-8")
                continue
            }
            inputs.append(InputFingerprint.CatalogFile(path: entry.relative, sha256: data.withUnsafeBytes { SHA256.hex($0) }))
            // A UTF-8 byte order mark is legal YAML; drop it so columns on line 1 stay right.
            files.append(SourceFile(path: p, contents: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        }
        return (files, diagnostics, inputs)
    }

    /// The catalog's fingerprint entries from the files' bytes alone (no decoding, no YAML): nil when any file
    /// cannot be read as `read` would read it (the full check then reports why).
    static func fingerprint(_ path: String) -> [InputFingerprint.CatalogFile]? {
        let (entries, diagnostics) = discover(path)
        guard diagnostics.isEmpty, !entries.isEmpty else { return nil }
        let limit = CatalogLoader.Limits().maxFileBytes
        var out: [InputFingerprint.CatalogFile] = []
        out.reserveCapacity(entries.count)
        for entry in entries {
            guard let bytes = FileIO.read(entry.path, limit: limit) else { return nil }
            out.append(InputFingerprint.CatalogFile(path: entry.relative, sha256: SHA256.hex(bytes)))
        }
        return out
    }

    /// Line and column of the first byte that is not valid UTF-8.
    static func invalidUTF8Location(_ data: Data, file: String) -> SourceLocation {
        let bytes = [UInt8](data)
        var line = 1
        var column = 1
        var i = 0
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
            if length > 1, String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil {
            } else if length > 1 {
                return SourceLocation(file: file, line: line, column: column)
            }
            if b == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
