import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which folders a command may replace with an output tree, and the lock that keeps two runs from writing one.
enum OutputFolder {
    /// Why `out` must not be written by a command that read `inputs` (catalog files or folders), or nil when it
    /// may. Refused: an empty path (an unset `$OUT_DIR`), `/`, the current folder or one containing it, a path
    /// holding a catalog input, and a folder inside a catalog folder that the loader would read back (one whose
    /// path below the catalog has no hidden name).
    static func refusal(_ out: String, inputs: [String] = []) -> String? {
        if out.isEmpty { return "--out is empty (an unset variable?); give the output folder" }
        guard let cwd = currentFolder() else {
            // A deleted current folder: relative paths name nothing; absolute ones are compared as usual.
            if let relative = ([out] + inputs).first(where: { !$0.isEmpty && !$0.hasPrefix("/") }) {
                return "the current folder no longer exists (it was deleted), so the relative path \(relative) names nothing; give absolute paths"
            }
            return refusal(absolute: out, inputs: inputs, cwd: nil)
        }
        return refusal(absolute: out, inputs: inputs, cwd: resolved(cwd))
    }

    /// The current folder, or nil when it no longer exists (`mkdir d; cd d; rmdir d; oac …`).
    static func currentFolder() -> String? {
        guard let path = getcwd(nil, 0) else { return nil }
        defer { free(path) }
        return String(cString: path)
    }

    /// Why a relative path cannot be read: the current folder was deleted (nil when it exists or the path is
    /// absolute).
    static func deletedCurrentFolder(_ path: String) -> String? {
        guard !path.hasPrefix("/"), currentFolder() == nil else { return nil }
        return "the current folder no longer exists (it was deleted), so the relative path \(path) names nothing"
    }

    private static func refusal(absolute out: String, inputs: [String], cwd: String?) -> String? {
        let target = resolved(out)
        if target == "/" { return "--out \(out) is the root folder" }
        if let cwd, target == cwd || cwd.hasPrefix(target + "/") {
            return "--out \(out) is the current folder or contains it; oac replaces the whole --out folder"
        }
        for input in inputs where !input.isEmpty {
            let source = resolved(input)
            if source == target || source.hasPrefix(target + "/") {
                return "--out \(out) is or contains the catalog \(input); give a folder of its own"
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue,
                target.hasPrefix(source + "/"),
                !target.dropFirst(source.count + 1).split(separator: "/").contains(where: { $0.hasPrefix(".") })
            {
                return "--out \(out) is inside the catalog folder \(input): the next run would read the generated YAML as catalog"
            }
        }
        return nil
    }

    /// The absolute path with symbolic links resolved as far as the path exists (the rest appended as given).
    static func resolved(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        // Without a current folder a relative path stays relative: nothing to resolve it against.
        guard absolute.hasPrefix("/") else { return absolute }
        var existing = absolute
        var rest: [String] = []
        while existing != "/", realpath(existing, nil) == nil {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var base = existing
        if let real = realpath(existing, nil) {
            base = String(cString: real)
            free(real)
        }
        for part in rest { base = base == "/" ? "/" + part : base + "/" + part }
        return base
    }

    /// An exclusive lock on the folder that holds `--out` (flock on its descriptor: released when the process
    /// ends, however it ends). A second run into the same parent waits, saying so on standard error.
    final class Lock {
        private let fd: Int32

        init(parent: String, out: String) throws {
            fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                throw OutputWriter.WriteError(description: "cannot open \(parent): \(String(cString: strerror(errno)))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            Terminal.standardError("oac: waiting for another oac writing into \(parent) (\(out))\n")
            while flock(fd, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw OutputWriter.WriteError(description: "cannot lock \(parent): \(String(cString: strerror(code)))")
            }
        }

        deinit { close(fd) }
    }
}
