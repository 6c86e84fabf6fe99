import Foundation
import OACDiagnostics
import OACOutput
import OACSupport

/// The fast path of `oac compile --check`. Compile output is a pure function of the oac build and the catalog
/// files, so when `.oac-inputs` in the output folder matches the catalog and the running oac, and every file the
/// manifest lists still has the SHA-256 it lists, the folder is what oac would write: nothing needs loading or
/// rendering. Anything else takes the full check (render and compare), which names every stale, missing and
/// extra file exactly as before.
enum InputsCheck {
    enum Outcome: Equatable {
        /// The folder holds exactly what oac would write: `files` generated files.
        case upToDate(files: Int)
        /// Why the fast path cannot decide.
        case fullCheck(reason: String)
    }

    /// The fingerprint of the catalog at `catalog` as the running oac would record it; nil when the executable
    /// or a catalog file cannot be read.
    static func current(catalog: String) -> InputFingerprint? {
        guard let build = buildIdentity, let files = CatalogReader.fingerprint(catalog) else { return nil }
        return InputFingerprint(version: OACVersion.current, build: build, catalog: files)
    }

    /// The build line of `.oac-inputs`: `release` in release builds (the version identifies them: the same
    /// version compiled on another platform records the same bytes), `debug <SHA-256 of the running executable>`
    /// in debug builds (on Linux `/proc/self/exe`: the file that was started, even if it was replaced since), so a
    /// rebuilt development binary never takes the fast path with another binary's fingerprint.
    static let buildIdentity: String? = {
        #if DEBUG
            return executableSHA256.map { "debug \($0)" }
        #else
            return "release"
        #endif
    }()

    static let executableSHA256: String? = {
        for path in ["/proc/self/exe", Bundle.main.executablePath].compactMap({ $0 }) {
            if let bytes = FileIO.read(path) { return SHA256.hex(bytes) }
        }
        return nil
    }()

    static func run(catalog: String, out: String) -> Outcome {
        let root = out.hasSuffix("/") ? out : out + "/"
        let inputsName = InputFingerprint.fileName
        let manifestName = Manifest.fileName
        guard let recorded = FileIO.read(root + inputsName) else {
            return .fullCheck(reason: "no \(inputsName) in \(out) (`oac compile` writes it)")
        }
        guard let manifestBytes = FileIO.read(root + manifestName) else {
            return .fullCheck(reason: "no \(manifestName) in \(out)")
        }
        guard let inputs = current(catalog: catalog) else {
            return .fullCheck(reason: "the catalog or the oac executable cannot be read")
        }
        if let difference = inputs.difference(from: recorded, manifestSHA256: SHA256.hex(manifestBytes)) {
            return .fullCheck(reason: "\(inputsName) does not match: \(difference)")
        }
        // The manifest is the one that compile wrote, so it lists exactly the files oac would write now.
        guard let entries = Manifest.canonicalEntries(manifestBytes) else {
            return .fullCheck(reason: "\(manifestName) is not in the form oac writes")
        }
        let differing = verify(entries, root: root)
        if let first = differing.first {
            return .fullCheck(
                reason: "\(differing.count) generated file\(differing.count == 1 ? "" : "s") missing or not as listed in \(manifestName), first \(first)")
        }
        return .upToDate(files: entries.count)
    }

    /// Paths (in `entries` order) whose file is absent, unreadable or has another SHA-256 than listed; hashed
    /// on every core, in contiguous runs of the sorted list.
    static func verify(_ entries: [(path: String, sha256: String)], root: String) -> [String] {
        let chunks = min(entries.count, ProcessInfo.processInfo.activeProcessorCount * 16)
        guard chunks > 0 else { return [] }
        let results = ParallelSlots<[String]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var buffer: [UInt8] = []
            var bad: [String] = []
            for i in (entries.count * chunk / chunks)..<(entries.count * (chunk + 1) / chunks) {
                let (path, listed) = entries[i]
                if FileIO.sha256(root + path, buffer: &buffer) != listed { bad.append(path) }
            }
            results[chunk] = bad
        }
        return results.values.flatMap { $0 ?? [] }
    }
}
