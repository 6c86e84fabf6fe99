import COACSystem
import Foundation
import OACOutput
import OACSupport

/// Writes an output tree atomically: everything goes to a temporary folder beside the target, which is
/// swapped into place in one step. A run that fails or is killed leaves the previous tree as it was.
///
/// The writer never follows a symbolic link it did not create (`--out` itself must not be one), never writes
/// outside `--out` (every generated path is relative, without `.`/`..`), refuses two outputs with one path,
/// and holds a lock on the folder around `--out` while it works, so two runs never mix their trees. Files users
/// put in `--out` stay the same files: they are hard-linked into the new tree (same inode: contents, mode,
/// mtime, owner and other hard links unchanged) and folders keep their modes; a file added while the run
/// renders is moved into the new tree after the swap.
struct OutputWriter {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static let manifestName = Manifest.fileName
    static let inputsName = InputFingerprint.fileName

    let destination: String
    /// What the command read (catalog files or folders): `--out` must not hold them or sit where they are read.
    var protecting: [String] = []
    let fm = FileManager.default

    init(destination: String, protecting: [String] = []) {
        self.destination = destination
        self.protecting = protecting
    }

    func write(_ files: [OutputFile]) throws {
        _ = try write(jobs: [RenderJob { files }])
    }

    /// What one write did: files written anew, files identical to the previous tree's (linked, untouched), and
    /// files of the previous tree's manifest that are no longer generated (removed with the old tree).
    struct Summary: Sendable, Hashable {
        var written = 0
        var unchanged = 0
        var removed = 0
        var total: Int { written + unchanged }
    }

    /// Why a generated path cannot be written below `--out` (absolute, empty parts, `.` or `..`), or nil.
    static func badPath(_ path: String) -> String? {
        if path.isEmpty || path.hasPrefix("/") { return "the generated path `\(path)` is not relative" }
        for part in path.split(separator: "/", omittingEmptySubsequences: false)
        where part.isEmpty || part == "." || part == ".." || part.contains("\0") {
            return "the generated path `\(path)` has an empty, `.` or `..` part"
        }
        if path == manifestName || path == inputsName { return "the generated path `\(path)` is reserved" }
        return nil
    }

    /// Runs the jobs on every core, writing and hashing each file as soon as it is rendered (the tree is never
    /// held in memory), then swaps the tree in. Returns what it wrote, kept and removed. With `inputs` (what
    /// `oac compile` read), `.oac-inputs` records them with the manifest's SHA-256 (`oac compile --check`).
    @discardableResult
    func write(jobs: [RenderJob], inputs: InputFingerprint? = nil, clock: PhaseClock? = nil) throws -> Summary {
        if let refusal = OutputFolder.refusal(destination, inputs: protecting) { throw WriteError(description: refusal) }
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(description: "the parent folder of --out does not exist: \(parent.path)")
        }
        guard fm.isWritableFile(atPath: parent.path) else {
            throw WriteError(description: "cannot write in \(parent.path): permission denied")
        }
        let lock = try OutputFolder.Lock(parent: parent.path, out: destination)
        defer { withExtendedLifetime(lock) {} }
        switch FileIO.kind(target.path) {
        case nil, S_IFDIR?: break
        case S_IFLNK?:
            throw WriteError(
                description:
                    "--out \(target.path) is a symbolic link; give the folder it points to (oac replaces --out and never follows a link it did not create)")
        case S_IFREG?: throw WriteError(description: "--out \(target.path) is a file, not a folder")
        default: throw WriteError(description: "--out \(target.path) is not a folder (a FIFO, socket or device)")
        }
        removeAbandonedStaging(parent: parent, name: target.lastPathComponent)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).oac-new-\(token)")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            let root = staging.path
            let folders = FolderMaker()
            let exists = FileIO.kind(target.path) == S_IFDIR
            let previousRoot = exists ? target.path : nil
            // The old tree does not change until the swap: look for files users added to it while rendering.
            let foreign = exists ? ForeignFiles(scanning: target.path) : nil
            let results = ParallelSlots<Result<[(path: String, hash: String, unchanged: Bool)], Error>>(count: jobs.count)
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                results[i] = Result {
                    try jobs[i].run().map { file in
                        if let bad = Self.badPath(file.path) { throw WriteError(description: bad) }
                        let path = root + "/" + file.path
                        if let slash = path.lastIndex(of: "/") { try folders.ensure(String(path[..<slash])) }
                        // An unchanged file is linked from the previous tree: no new inode, no copy (allocating
                        // inodes next to thousands just freed is most of the cost of writing a tree again).
                        if let previousRoot, file.withUTF8({ FileIO.holds(previousRoot + "/" + file.path, exactly: $0) }),
                            link(previousRoot + "/" + file.path, path) == 0
                        {
                            return (file.path, SHA256.hex(file), true)
                        }
                        do {
                            try FileIO.create(file, at: path)
                        } catch let failure as FileIO.Failure where failure.code == EEXIST {
                            throw WriteError(description: "two generated files have the same path \(file.path)")
                        }
                        return (file.path, SHA256.hex(file), false)
                    }
                }
            }
            clock?.lap("render and write")
            var entries: [String: String] = [:]
            var summary = Summary()
            for result in results.values {
                for (path, hash, unchanged) in try result?.get() ?? [] {
                    if entries[path] != nil { throw WriteError(description: "two generated files have the same path \(path)") }
                    entries[path] = hash
                    if unchanged { summary.unchanged += 1 } else { summary.written += 1 }
                }
            }
            summary.removed = foreign?.listed.count { entries[$0] == nil } ?? 0
            var kept: Set<String> = []
            if let foreign {
                kept = Set(foreign.paths.filter { entries[$0] == nil })
                // Folders users made (none of the old manifest's files below them) are kept, even empty.
                let listedFolders = Set(foreign.listed.flatMap(Self.ancestors))
                let userFolders = foreign.folders.filter { !listedFolders.contains($0) }
                try keep(kept.sorted(), folders: userFolders, allFolders: foreign.folders, generated: entries, from: target, into: staging)
            }
            let manifest = Manifest(entries: entries).text
            try FileIO.create(manifest, at: staging.appendingPathComponent(Self.manifestName).path)
            if let inputs {
                try FileIO.create(
                    inputs.text(manifestSHA256: SHA256.hex(manifest)),
                    at: staging.appendingPathComponent(Self.inputsName).path)
            }
            clock?.lap("manifest")
            if exists {
                try swap(staging, target)
                clock?.lap("swap")
                // `staging` now holds the previous tree: a file written into it since the scan is moved over.
                if let foreign { rescue(from: staging, listed: foreign.listed, kept: Set(foreign.paths), generated: entries, into: target) }
                FileIO.removeTree(staging.path)
                clock?.lap("remove old tree")
            } else {
                try fm.moveItem(at: staging, to: target)
                clock?.lap("move into place")
            }
            return summary
        } catch let error as WriteError {
            FileIO.removeTree(staging.path)
            throw error
        } catch {
            FileIO.removeTree(staging.path)
            throw WriteError(description: "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    /// A run killed mid-write leaves its staging folder behind (never the target): remove those whose
    /// process is gone, so they do not pile up.
    private func removeAbandonedStaging(parent: URL, name: String) {
        guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings where sibling.hasPrefix(".\(name).oac-new-") || sibling.hasPrefix(".\(name).oac-old-") {
            guard let pidText = sibling.components(separatedBy: ".oac-").last?.split(separator: "-").dropFirst().first,
                let pid = Int32(pidText)
            else { continue }
            if kill(pid, 0) != 0, errno == ESRCH, FileIO.kind(parent.appendingPathComponent(sibling).path) == S_IFDIR {
                FileIO.removeTree(parent.appendingPathComponent(sibling).path)
            }
        }
    }

    /// Files in the old tree that oac did not generate (not in its manifest) are kept: hard-linked into the new
    /// tree, so they stay the same files (a copy only where the system refuses the link); the folders holding
    /// them keep their modes. The old `.oac-inputs` is not kept: it describes the old tree.
    private func keep(
        _ paths: [String], folders: [String], allFolders: [String], generated: [String: String],
        from old: URL, into staging: URL
    ) throws {
        let generatedFolders = Set(generated.keys.flatMap(Self.ancestors))
        for rel in folders {
            if generated[rel] != nil { throw inTheWay(rel) }
            let dest = staging.path + "/" + rel
            if FileIO.kind(dest) == nil { try fm.createDirectory(atPath: dest, withIntermediateDirectories: true) }
        }
        for rel in paths {
            if generatedFolders.contains(rel) { throw inTheWay(rel) }
            let source = old.path + "/" + rel
            let dest = staging.path + "/" + rel
            let folder = (dest as NSString).deletingLastPathComponent
            if FileIO.kind(folder) == nil { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            if link(source, dest) == 0 { continue }
            if errno == EEXIST { throw inTheWay(rel) }
            if errno == ENOENT { continue }  // removed by its owner since the scan
            try fm.copyItem(atPath: source, toPath: dest)
        }
        // Modes last (a folder made read-only must still receive its files); deepest first.
        let userFolders = Set(folders)
        for rel in allFolders.reversed() {
            var info = stat()
            if lstat(old.path + "/" + rel, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
                FileIO.kind(staging.path + "/" + rel) == S_IFDIR
            {
                chmod(staging.path + "/" + rel, info.st_mode & 0o7777)
                if userFolders.contains(rel) {
                    var times = [info.st_atim, info.st_mtim]
                    utimensat(AT_FDCWD, staging.path + "/" + rel, &times, AT_SYMLINK_NOFOLLOW)
                }
            }
        }
    }

    /// `a/b/c.yaml` → `a`, `a/b`.
    static func ancestors(_ path: String) -> [String] {
        var out: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            out.append(String(path[..<slash]))
            index = path.index(after: slash)
        }
        return out
    }

    private func inTheWay(_ rel: String) -> WriteError {
        WriteError(description: "\(destination)/\(rel) was not generated by oac and is in the way of a generated file or folder; move it and run again")
    }

    /// After the swap: files that appeared in the previous tree while this run rendered (not listed in its
    /// manifest, not seen by the scan) are moved into the new tree, where nothing else has their path; otherwise they are left beside it
    /// and named on standard error, never deleted.
    private func rescue(from old: URL, listed: Set<String>, kept: Set<String>, generated: [String: String], into target: URL) {
        let late = FileIO.files(under: old.path).filter {
            $0 != Manifest.fileName && $0 != InputFingerprint.fileName && !listed.contains($0) && !kept.contains($0)
        }
        for rel in late {
            let dest = target.path + "/" + rel
            let folder = (dest as NSString).deletingLastPathComponent
            if generated[rel] == nil, FileIO.kind(dest) == nil,
                (try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
                rename(old.path + "/" + rel, dest) == 0
            {
                continue
            }
            let aside = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).oac-saved-\(ProcessInfo.processInfo.processIdentifier)")
            let saved = aside.path + "/" + rel
            try? fm.createDirectory(atPath: (saved as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if rename(old.path + "/" + rel, saved) == 0 {
                Terminal.standardError("warning: \(rel) was written into --out during the run and collides with a generated file; it was moved to \(saved)\n")
            }
        }
    }

    /// One atomic exchange where the kernel offers it; otherwise two renames with the old tree kept until the end.
    private func swap(_ staging: URL, _ target: URL) throws {
        if oac_rename_exchange(staging.path, target.path) == 0 { return }
        let aside = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).oac-old-\(ProcessInfo.processInfo.processIdentifier)")
        try fm.moveItem(at: target, to: aside)
        do {
            try fm.moveItem(at: staging, to: target)
        } catch {
            try? fm.moveItem(at: aside, to: target)
            throw error
        }
        try fm.moveItem(at: aside, to: staging)
    }
}

/// The files of an old output tree that its manifest does not list (and that are not the manifest or
/// `.oac-inputs`): files users put there, which a new tree keeps. Found on a background thread, so walking a
/// tree of tens of thousands of files overlaps rendering; `paths` waits for the walk.
final class ForeignFiles: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var found: [String] = []
    private var foundFolders: [String] = []
    private var listedPaths: Set<String> = []

    init(scanning root: String) {
        Thread.detachNewThread { [self] in
            let bytes = FileIO.read(root + "/" + Manifest.fileName) ?? []
            let listed = Set(
                Manifest.canonicalEntries(bytes)?.map(\.path)
                    ?? Array(Manifest(parsing: String(decoding: bytes, as: UTF8.self)).entries.keys))
            listedPaths = listed
            found = FileIO.files(under: root).filter {
                $0 != Manifest.fileName && $0 != InputFingerprint.fileName && !listed.contains($0)
            }.sorted()
            foundFolders = FileIO.folders(under: root)
            done.signal()
        }
    }

    /// Relative paths, sorted.
    var paths: [String] {
        done.wait()
        done.signal()
        return found
    }

    /// Every folder of the old tree (relative), parents before children.
    var folders: [String] {
        done.wait()
        done.signal()
        return foundFolders
    }

    /// The paths the old manifest lists.
    var listed: Set<String> {
        done.wait()
        done.signal()
        return listedPaths
    }
}
