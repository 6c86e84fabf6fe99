import Foundation
import Testing

@testable import OACCLI

@Suite("FileIO")
struct FileIOTests {
    @Test("removeTree removes nested folders and files, and removes symbolic links without following them")
    func removesTrees() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let keep = tmp.appendingPathComponent("keep")
        try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: keep.appendingPathComponent("file.txt"))
        let tree = tmp.appendingPathComponent("tree")
        for folder in ["a/b/c", "a/d", "e"] {
            try FileManager.default.createDirectory(at: tree.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for (i, file) in ["a/1", "a/b/2", "a/b/c/3", "a/d/4", "e/5", "6"].enumerated() {
            try Data("\(i)".utf8).write(to: tree.appendingPathComponent(file))
        }
        try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("a/link").path, withDestinationPath: keep.path)
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("empty"), withIntermediateDirectories: true)

        FileIO.removeTree(tree.path)

        #expect(!FileManager.default.fileExists(atPath: tree.path))
        #expect(FileManager.default.contents(atPath: keep.appendingPathComponent("file.txt").path) == Data("kept".utf8))
    }

    @Test("holds(_:exactly:) is true only for a regular file with exactly those bytes")
    func comparesFiles() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let big = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let path = tmp.appendingPathComponent("big").path
        try Data(big).write(to: URL(fileURLWithPath: path))
        func holds(_ bytes: [UInt8], _ at: String = path) -> Bool {
            bytes.withUnsafeBufferPointer { FileIO.holds(at, exactly: $0) }
        }
        #expect(holds(big))
        var changedAtEnd = big
        changedAtEnd[big.count - 1] &+= 1
        #expect(!holds(changedAtEnd), "same size, last byte differs (beyond the first chunk)")
        #expect(!holds(Array(big.dropLast())), "the file is longer")
        #expect(!holds(big + [0]), "the file is shorter")
        #expect(!holds(big, tmp.appendingPathComponent("absent").path))
        #expect(!holds([], tmp.path), "a folder holds nothing")
        let empty = tmp.appendingPathComponent("empty").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(holds([], empty))
        #expect(!holds([1], empty))
    }

    @Test("files(under:) lists every file below a folder, relative to it")
    func listsFiles() throws {
        let tmp = try TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("x/y"), withIntermediateDirectories: true)
        for file in ["top", "x/mid", "x/y/low"] { try Data().write(to: tmp.appendingPathComponent(file)) }
        #expect(FileIO.files(under: tmp.path).sorted() == ["top", "x/mid", "x/y/low"])
    }
}
