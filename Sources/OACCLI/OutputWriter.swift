import COACSystem
import Foundation
import OACOutput
import OACSupport

/// Writes an output tree atomically: everything goes to a temporary folder beside the target, which is
/// swapped into place in one step. A run that fails or is killed leaves the previous tree as it was.
struct OutputWriter {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static let manifestName = Manifest.fileName
    static let inputsName = InputFingerprint.fileName

    let destination: String
    let fm = FileManager.default

    func write(_ files: [OutputFile]) throws {
        _ = try write(jobs: [RenderJob { files }])
    }

    /// Runs the jobs on every core, writing and hashing each file as soon as it is rendered (the tree is never
    /// held in memory), then swaps the tree in. Returns the number of files written. With `inputs` (what
    /// `oac compile` read), `.oac-inputs` records them with the manifest's SHA-256 (`oac compile --check`).
    @discardableResult
    func write(jobs: [RenderJob], inputs: InputFingerprint? = nil, clock: PhaseClock? = nil) throws -> Int {
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(description: "the parent folder of --out does not exist: \(parent.path)")
        }
        guard fm.isWritableFile(atPath: parent.path) else {
            throw WriteError(description: "cannot write in \(parent.path): permission denied")
        }
        if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
            throw WriteError(description: "--out \(target.path) is a file, not a folder")
        }
        removeAbandonedStaging(parent: parent, name: target.lastPathComponent)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).oac-new-\(token)")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            let root = staging.path
            let folders = FolderMaker()
            let exists = fm.fileExists(atPath: target.path)
            let previousRoot = exists ? target.path : nil
            // The old tree does not change until the swap: look for files users added to it while rendering.
            let foreign = exists ? ForeignFiles(scanning: target.path) : nil
            let results = ParallelSlots<Result<[(path: String, hash: String)], Error>>(count: jobs.count)
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                results[i] = Result {
                    try jobs[i].run().map { file in
                        let path = root + "/" + file.path
                        if let slash = path.lastIndex(of: "/") { try folders.ensure(String(path[..<slash])) }
                        // An unchanged file is linked from the previous tree: no new inode, no copy (allocating
                        // inodes next to thousands just freed is most of the cost of writing a tree again).
                        if let previousRoot, file.withUTF8({ FileIO.holds(previousRoot + "/" + file.path, exactly: $0) }),
                           link(previousRoot + "/" + file.path, path) == 0 {
                            return (file.path, SHA256.hex(file))
                        }
                        try FileIO.write(file, to: path)
                        return (file.path, SHA256.hex(file))
                    }
                }
            }
            clock?.lap("render and write")
            var entries: [String: String] = [:]
            for result in results.values {
                for (path, hash) in try result?.get() ?? [] where entries[path] == nil { entries[path] = hash }
            }
            if let foreign { try keep(foreign.paths.filter { entries[$0] == nil }, from: target, into: staging) }
            let manifest = Manifest(entries: entries).text
            try FileIO.write(manifest, to: staging.appendingPathComponent(Self.manifestName).path)
            if let inputs {
                try FileIO.write(inputs.text(manifestSHA256: SHA256.hex(manifest)),
                                 to: staging.appendingPathComponent(Self.inputsName).path)
            }
            clock?.lap("manifest")
            if exists {
                try swap(staging, target)
                clock?.lap("swap")
                FileIO.removeTree(staging.path)  // now holds the previous tree
                clock?.lap("remove old tree")
            } else {
                try fm.moveItem(at: staging, to: target)
                clock?.lap("move into place")
            }
            return entries.count
        } catch let error as WriteError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw WriteError(description: "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    /// A run killed mid-write leaves its staging folder behind (never the target): remove those whose
    /// process is gone, so they do not pile up.
    private func removeAbandonedStaging(parent: URL, name: String) {
        guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings where sibling.hasPrefix(".\(name).oac-new-") || sibling.hasPrefix(".\(name).oac-old-") {
            guard let pidText = sibling.components(separatedBy: ".oac-").last?.split(separator: "-").dropFirst().first,
                  let pid = Int32(pidText) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(at: parent.appendingPathComponent(sibling))
            }
        }
    }

    /// Files in the old tree that oac did not generate (not in its manifest) are carried over untouched. The
    /// old `.oac-inputs` is not: it describes the old tree (a tree written without inputs has none).
    private func keep(_ paths: [String], from old: URL, into staging: URL) throws {
        for rel in paths {
            let dest = staging.appendingPathComponent(rel)
            try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: old.appendingPathComponent(rel), to: dest)
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

    init(scanning root: String) {
        Thread.detachNewThread { [self] in
            let bytes = FileIO.read(root + "/" + Manifest.fileName) ?? []
            let listed = Set(Manifest.canonicalEntries(bytes)?.map(\.path)
                             ?? Array(Manifest(parsing: String(decoding: bytes, as: UTF8.self)).entries.keys))
            found = FileIO.files(under: root).filter {
                $0 != Manifest.fileName && $0 != InputFingerprint.fileName && !listed.contains($0)
            }.sorted()
            done.signal()
        }
    }

    /// Relative paths, sorted.
    var paths: [String] {
        done.wait()
        done.signal()
        return found
    }
}
