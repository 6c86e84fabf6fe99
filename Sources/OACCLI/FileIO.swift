import COACSystem
import Foundation
import OACOutput
import OACSupport

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
    private let systemRead = Darwin.read
#endif

/// Whole-file reads and writes through the POSIX calls directly: an output tree is tens of thousands of
/// files, and Foundation's Data/URL layers cost more than the system calls themselves.
enum FileIO {
    struct Failure: LocalizedError, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
        var errorDescription: String? { description }
    }

    /// Creates or truncates `path` and writes `text` (mode 0666 less the umask, as Data.write does).
    static func write(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try write($0, to: path) }
    }

    /// Creates or truncates `path` and writes the file's bytes.
    static func write(_ file: OutputFile, to path: String) throws {
        try file.withUTF8 { try write($0, to: path) }
    }

    /// Creates `path`, which must not exist (not even as a symbolic link): how the output writer fills its
    /// fresh staging folder, so two outputs with one path are an error, never one silently replacing the other.
    static func create(_ file: OutputFile, at path: String) throws {
        try file.withUTF8 { try write($0, to: path, exclusive: true) }
    }

    static func create(_ text: String, at path: String) throws {
        var text = text
        try text.withUTF8 { try write($0, to: path, exclusive: true) }
    }

    static func write(_ buffer: UnsafeBufferPointer<UInt8>, to path: String, exclusive: Bool = false) throws {
        let flags = exclusive ? O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        let fd = open(path, flags, 0o666)
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        defer { close(fd) }
        var offset = 0
        while offset < buffer.count {
            let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, code: errno)
            }
            offset += n
        }
    }

    /// Replaces the regular file at `path` (or creates it) with `text` in one rename: a temporary file beside
    /// it, then `rename`. Refused when `path` is anything but a regular file (a symbolic link, a device such as
    /// /dev/full, a FIFO, a folder), so no link is followed and no special file is replaced.
    static func replace(_ path: String, with text: String) throws {
        if let kind = kind(path), kind != S_IFREG {
            let what = kind == S_IFLNK ? "a symbolic link" : kind == S_IFDIR ? "a folder" : "not a regular file (a device, FIFO or socket)"
            throw WriteRefusal(description: "\(path) is \(what); oac only replaces regular files")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary =
            (folder.isEmpty ? "" : folder + "/") + ".\((path as NSString).lastPathComponent).oac-tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try create(text, at: temporary)
        } catch let failure as Failure {
            throw WriteRefusal(description: "cannot write \(path): \(String(cString: strerror(failure.code)))")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteRefusal(description: "cannot write \(path): \(String(cString: strerror(code)))")
        }
    }

    struct WriteRefusal: Error, CustomStringConvertible {
        var description: String
    }

    /// The bytes of a regular file, or nil when it cannot be read (absent, a folder, a FIFO or device, no
    /// permission) or is larger than `limit` bytes. Opened without blocking, so a FIFO never stalls a run.
    static func read(_ path: String, limit: Int = .max) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while true {
            if offset == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            offset += n
        }
        bytes.removeLast(bytes.count - offset)
        return bytes
    }

    /// Whether `path` is a regular file holding exactly `expected`: compares sizes first, then reads in
    /// chunks without allocating the whole file (replacing a tree compares every file with its old copy).
    /// A symbolic link, FIFO or device at `path` is never opened (no link is followed, no open can block).
    static func holds(_ path: String, exactly expected: UnsafeBufferPointer<UInt8>) -> Bool {
        var before = stat()
        guard lstat(path, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG else { return false }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == expected.count else { return false }
        let chunk = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk + 1, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            // One byte more than what is left, so a file that grew since fstat is seen.
            let n = systemRead(fd, buffer, min(chunk, expected.count - offset + 1))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            if n == 0 { return offset == expected.count }
            guard offset + n <= expected.count, memcmp(buffer, expected.baseAddress! + offset, n) == 0 else { return false }
            offset += n
        }
    }

    /// SHA-256 (hex) of a regular file's bytes, or nil when it cannot be read. `buffer` is scratch space,
    /// grown as needed and kept for the next call (hashing a tree of files allocates once per thread).
    static func sha256(_ path: String, buffer: inout [UInt8]) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // One byte more than the size, so the read that finds the end needs no growth.
        if buffer.count < Int(info.st_size) + 1 { buffer = [UInt8](repeating: 0, count: Int(info.st_size) + 1) }
        var offset = 0
        while true {
            if offset == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            offset += n
        }
        return buffer.withUnsafeBytes { SHA256.hex(UnsafeRawBufferPointer(rebasing: $0[0..<offset])) }
    }

    /// Paths below `root` (relative to it) of everything that is not a folder; folders are walked, symbolic
    /// links to folders are not.
    static func files(under root: String) -> [String] {
        var out: [String] = []
        func walk(_ rel: String) {
            for (name, isFolder) in entries(of: rel.isEmpty ? root : root + "/" + rel) {
                let path = rel.isEmpty ? name : rel + "/" + name
                if isFolder { walk(path) } else { out.append(path) }
            }
        }
        walk("")
        return out
    }

    /// Removes a folder and everything below it, like `rm -rf` (symbolic links are removed, not followed):
    /// the folders are listed first, then emptied on every core (unlinking tens of thousands of files is kernel
    /// work that two folders can share), then removed deepest first. Whatever remains (no permission, a file
    /// added meanwhile) is left to FileManager.
    static func removeTree(_ root: String) {
        var folders: [String] = []
        func walk(_ folder: String) {
            folders.append(folder)
            for (name, isFolder) in entries(of: folder) where isFolder { walk(folder + "/" + name) }
        }
        walk(root)
        let all = folders
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            _ = oac_unlink_files_in(all[i])
        }
        for folder in folders.reversed() { rmdir(folder) }
        if FileManager.default.fileExists(atPath: root) { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Paths below `root` (relative to it) of every folder, deepest last; symbolic links to folders are not walked.
    static func folders(under root: String) -> [String] {
        var out: [String] = []
        func walk(_ rel: String) {
            for (name, isFolder) in entries(of: rel.isEmpty ? root : root + "/" + rel) where isFolder {
                let path = rel.isEmpty ? name : rel + "/" + name
                out.append(path)
                walk(path)
            }
        }
        walk("")
        return out
    }

    /// What `path` itself is (a symbolic link is not followed): nil when nothing is there.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The names in a folder (without `.` and `..`) and whether each is a folder (not a link to one).
    private static func entries(of folder: String) -> [(name: String, isFolder: Bool)] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var out: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            out.append((name, isFolder))
        }
        return out
    }

    /// Whether `path` is a regular file.
    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// Creates each folder of an output tree once, whichever thread needs it first.
final class FolderMaker: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Set<String> = []

    func ensure(_ folder: String) throws {
        lock.lock()
        defer { lock.unlock() }
        if made.contains(folder) { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        made.insert(folder)
    }
}
