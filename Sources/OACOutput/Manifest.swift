import Foundation
import OACModel

/// The list of files oac generated in an output folder, with their SHA-256, in `sha256sum` format
/// (`<hex>  <path>`), so a later run can tell generated files from files users added, and spot hand edits.
public struct Manifest: Sendable, Hashable {
    public static let fileName = Conventions.manifestFile

    /// path → hex digest.
    public var entries: [String: String]

    public init(entries: [String: String]) { self.entries = entries }

    public init(files: [OutputFile]) {
        entries = Dictionary(files.map { ($0.path, SHA256.hex($0)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads a manifest; an older manifest that lists bare paths is accepted (no hashes known).
    public init(parsing text: String) {
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].count == 64, parts[1].hasPrefix(" ") {
                entries[String(parts[1].dropFirst())] = String(parts[0])
            } else {
                entries[String(line)] = ""
            }
        }
        self.entries = entries
    }

    /// The entries of a manifest in exactly the form `text` writes (`<64 lowercase hex>  <path>` lines), in
    /// file order, read as bytes; nil for anything else. Tens of thousands of lines take milliseconds here,
    /// against a tenth of a second for `init(parsing:)` (String splitting by Character).
    public static func canonicalEntries(_ bytes: [UInt8]) -> [(path: String, sha256: String)]? {
        var out: [(path: String, sha256: String)] = []
        var start = 0
        let newline = UInt8(ascii: "\n")
        let space = UInt8(ascii: " ")
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: newline), end - start > 66 else { return nil }
            for i in start..<(start + 64) {
                let b = bytes[i]
                guard (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) else { return nil }
            }
            guard bytes[start + 64] == space, bytes[start + 65] == space else { return nil }
            out.append((String(decoding: bytes[(start + 66)..<end], as: UTF8.self), String(decoding: bytes[start..<(start + 64)], as: UTF8.self)))
            start = end + 1
        }
        return out
    }

    public var text: String {
        let sorted = entries.sorted { $0.key < $1.key }
        var out = ""
        out.reserveCapacity(sorted.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 3 })
        for (path, hash) in sorted {
            out += hash
            out += "  "
            out += path
            out += "\n"
        }
        return out
    }
}

/// What `oac compile --check` finds when it compares the output it would write with what is on disk.
public struct Drift: Sendable, Hashable {
    /// Generated files whose content on disk differs from what oac would write now.
    public var stale: [String] = []
    /// Generated files that are not on disk.
    public var missing: [String] = []
    /// Files an earlier run generated (listed in the manifest) that oac would no longer write.
    public var extra: [String] = []

    public init() {}

    public var isClean: Bool { stale.isEmpty && missing.isEmpty && extra.isEmpty }

    /// Compares `outputs` with the files on disk (`read(path)` returns nil when absent) and the old manifest.
    public static func compute(outputs: [OutputFile], manifest: Manifest?, read: (String) -> String?) -> Drift {
        var d = Drift()
        let generated = Set(outputs.map(\.path))
        for file in outputs.sorted(by: { $0.path < $1.path }) {
            guard let onDisk = read(file.path) else {
                d.missing.append(file.path)
                continue
            }
            if onDisk != file.contents { d.stale.append(file.path) }
        }
        for path in (manifest?.entries.keys.sorted() ?? []) where !generated.contains(path) && read(path) != nil {
            d.extra.append(path)
        }
        return d
    }
}
