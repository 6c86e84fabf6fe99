import Foundation
import OACModel

/// What one `oac compile` read, written beside the output as `.oac-inputs`. Compile output is a pure function
/// of the oac build and the catalog files (their bytes and paths; no compile option changes the output, nor
/// does how the catalog path is spelled), so while the fingerprint matches, the files that compile wrote are
/// still what oac would write, and `oac compile --check` only has to verify them against the manifest, whose
/// SHA-256 is recorded here too.
///
/// ```
/// # oac compile inputs: while these match, `oac compile --check` verifies the files in .oac-manifest instead of rendering them
/// oac 0.1.0
/// build release                       (a release build; a debug build writes `build debug <sha256 of the binary>`)
/// catalog <sha256>  <path below the catalog root>     (one line per catalog file, sorted by path)
/// manifest <sha256 of .oac-manifest>
/// ```
public struct InputFingerprint: Sendable, Hashable {
    public static let fileName = Conventions.inputsFile
    static let header =
        "# oac compile inputs: while these match, `oac compile --check` verifies the files in \(Conventions.manifestFile) instead of rendering them"

    /// One catalog file: its path below the catalog root (the file name for a one-file catalog) and the
    /// SHA-256 of its bytes as read.
    public struct CatalogFile: Sendable, Hashable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// `OACVersion.current` of the build that compiled.
    public var version: String
    /// Which build of that version: `release` for release builds, which the version identifies (so every
    /// platform's release build of one version records the same bytes, and a committed output tree does not
    /// change with the machine that compiled it); `debug <SHA-256 of the executable>` for debug builds, so a
    /// rebuilt development binary (same version, different renderers) never matches.
    public var build: String
    /// Sorted by path.
    public var catalog: [CatalogFile]

    public init(version: String, build: String, catalog: [CatalogFile]) {
        self.version = version
        self.build = build
        // By bytes: String's `<` orders canonically equivalent names as equal.
        self.catalog = catalog.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The file's text, given the SHA-256 of the manifest written with it.
    public func text(manifestSHA256: String) -> String {
        var out = Self.header + "\n"
        out += "oac \(version)\n"
        out += "build \(build)\n"
        for file in catalog { out += "catalog \(file.sha256)  \(Self.escape(file.path))\n" }
        out += "manifest \(manifestSHA256)\n"
        return out
    }

    /// nil when `recorded` (the bytes of an `.oac-inputs`) is exactly what this fingerprint and manifest hash give,
    /// otherwise what differs, for people (`oac compile --check --verbose`). Bytes are compared, not strings:
    /// Swift string equality would take two spellings of the same accented file name as equal.
    public func difference(from recorded: [UInt8], manifestSHA256: String) -> String? {
        let expected = text(manifestSHA256: manifestSHA256)
        if Array(expected.utf8) == recorded { return nil }
        func index(_ text: String) -> [String: [String]] {
            var out: [String: [String]] = [:]
            for line in text.split(separator: "\n") {
                let key = line.prefix { $0 != " " }
                out[String(key), default: []].append(String(line.dropFirst(key.count)))
            }
            return out
        }
        let old = index(String(decoding: recorded, as: UTF8.self))
        let new = index(expected)
        if old["#"] != new["#"] { return "it is not in the format this oac writes" }
        if old["oac"] != new["oac"] { return "oac\(old["oac"]?.first ?? "") compiled it, this is oac \(version)" }
        if old["build"] != new["build"] { return "another build of oac compiled it" }
        if old["catalog"] != new["catalog"] {
            func files(_ lines: [String]?) -> [String: String] {
                Dictionary(
                    (lines ?? []).map { line in
                        let hash = String(line.dropFirst().prefix(64))
                        return (String(line.dropFirst(1 + 64 + 2)), hash)
                    }, uniquingKeysWith: { a, _ in a })
            }
            let was = files(old["catalog"])
            let now = files(new["catalog"])
            let changed = now.keys.filter { was[$0] != nil && was[$0] != now[$0] }.count
            let added = now.keys.filter { was[$0] == nil }.count
            let removed = was.keys.filter { now[$0] == nil }.count
            return "the catalog changed since the last compile (\(changed) changed, \(added) new, \(removed) removed files)"
        }
        if old["manifest"] != new["manifest"] { return "\(Conventions.manifestFile) changed since the last compile" }
        return "it does not match"
    }

    /// A file name may hold a newline or a backslash; escaped, every catalog file stays one line.
    static func escape(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" }) else { return path }
        var out = String.UnicodeScalarView()
        for c in path.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }
}
