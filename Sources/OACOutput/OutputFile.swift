import Foundation
import OACSupport

/// One generated file: a path relative to the output folder and its exact bytes, UTF-8 text.
///
/// Renderers that build text hand over a String; the JSON writers hand over their byte buffer as it is, so
/// hundreds of megabytes of dashboards are neither copied nor validated again on the way to disk.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    private var storage: Storage

    private enum Storage: Sendable {
        case text(String)
        case utf8([UInt8])
        case owned(OwnedBytes)
    }

    public init(path: String, contents: String) {
        self.path = path
        storage = .text(contents)
    }

    /// A file from bytes that are valid UTF-8 (as `JSONWriter` writes them).
    public init(path: String, utf8: [UInt8]) {
        self.path = path
        storage = .utf8(utf8)
    }

    /// A file from a JSONWriter's buffer, handed over without a copy.
    public init(path: String, owned: OwnedBytes) {
        self.path = path
        storage = .owned(owned)
    }

    /// The text of the file (made from the bytes on each call when the file was made from bytes).
    public var contents: String {
        get {
            switch storage {
            case .text(let s): s
            case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
            case .owned(let bytes): bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
            }
        }
        set { storage = .text(newValue) }
    }

    /// Calls `body` with the file's bytes, without copying them.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .text(var s): return try s.withUTF8(body)
        case .utf8(let bytes): return try bytes.withUnsafeBufferPointer(body)
        case .owned(let bytes): return try bytes.withUnsafeBufferPointer(body)
        }
    }

    public static func == (l: OutputFile, r: OutputFile) -> Bool {
        l.path == r.path && l.withUTF8 { a in r.withUTF8 { b in a.elementsEqual(b) } }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Work that renders a few output files, independent of every other job: `oac compile` runs jobs on every
/// core and writes (or compares) each file as soon as it exists, so the whole tree is never in memory.
public struct RenderJob: Sendable {
    public var run: @Sendable () -> [OutputFile]

    public init(_ run: @escaping @Sendable () -> [OutputFile]) { self.run = run }

    /// Every job's files, in job order (jobs run concurrently).
    public static func runAll(_ jobs: [RenderJob]) -> [OutputFile] {
        let results = ParallelSlots<[OutputFile]>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in results[i] = jobs[i].run() }
        return results.values.flatMap { $0 ?? [] }
    }
}

extension OutputFile {
    /// A JSON file: `value` as pretty JSON with sorted keys and a trailing newline (`JSONWriter.document`),
    /// written straight into the file's bytes.
    public init<T: JSONWritable>(path: String, json value: T) {
        self.init(path: path, owned: JSONWriter.ownedDocument(value))
    }
}
