import Foundation
import Testing
import Yams

@testable import OACCatalog

/// `LibYAMLComposer` against Yams' `Parser`: wherever the composer reads a text, Yams must read it without an
/// error and into the same nodes (text, style, line and column of every node, pairs and items in order).
@Suite("libyaml composer against Yams")
struct FastYAMLTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A tree as text: everything the catalog reader can see of it.
    static func dump(_ node: YAMLNode, into out: inout String) {
        switch node {
        case .scalar(let s):
            out += "S\(s.style.rawValue)@\(s.mark.line):\(s.mark.column)\(s.string.debugDescription)"
        case .mapping(let m):
            out += "M@\(m.mark.line):\(m.mark.column){"
            for (k, v) in m {
                dump(k, into: &out)
                out += "="
                dump(v, into: &out)
                out += ","
            }
            out += "}"
        case .sequence(let s):
            out += "L@\(s.mark.line):\(s.mark.column)["
            for item in s {
                dump(item, into: &out)
                out += ","
            }
            out += "]"
        case .alias(let mark):
            out += "A@\(mark.line):\(mark.column)"
        }
    }

    static func dump(_ roots: [YAMLNode]) -> String {
        var out = ""
        for r in roots {
            dump(r, into: &out)
            out += "\n---\n"
        }
        return out
    }

    /// What Yams reads (the first `maxDocuments` documents), or nil when it throws.
    static func yams(_ text: String, maxDocuments: Int) -> [YAMLNode]? {
        guard let parser = try? Parser(yaml: text, resolver: .basic) else { return nil }
        var roots: [YAMLNode] = []
        while roots.count < maxDocuments {
            do {
                guard let root = try parser.nextRoot() else { break }
                roots.append(YAMLNode(root))
            } catch {
                return nil
            }
        }
        return roots
    }

    /// The repeated keys Yams reports for `text` (their names and the place), or nil when it reports none.
    static func yamsDuplicates(_ text: String, maxDocuments: Int) -> LibYAMLComposer.DuplicateKeys? {
        guard let parser = try? Parser(yaml: text, resolver: .basic) else { return nil }
        for _ in 0..<maxDocuments {
            do {
                guard try parser.nextRoot() != nil else { return nil }
            } catch YamlError.duplicatedKeysInMapping(let names, let context) {
                return LibYAMLComposer.DuplicateKeys(names: names, mark: YAMLMark(line: context.mark.line, column: context.mark.column))
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Compares both readers on `text`; returns whether the composer read it. Where Yams stops at repeated keys,
    /// the composer must report the same keys at the same place first.
    @discardableResult
    static func compare(_ text: String, _ name: String, maxDocuments: Int = 10_001) -> Bool {
        guard let fast = LibYAMLComposer.documents(text, maxDocuments: maxDocuments) else { return false }
        if let first = fast.duplicates.first {
            #expect(yamsDuplicates(text, maxDocuments: maxDocuments) == first, "\(name)")
            return true
        }
        guard let slow = yams(text, maxDocuments: maxDocuments) else {
            Issue.record("\(name): the composer read what Yams rejects")
            return true
        }
        #expect(dump(fast.documents) == dump(slow), "\(name)")
        return true
    }

    static func files(under folder: String) -> [URL] {
        let root = repoRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension) || $0.path.contains("/fuzz/") }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    @Test("every catalog, broken catalog, hostile fixture and fuzz input reads the same as with Yams")
    func repositoryInputs() throws {
        let all =
            Self.files(under: "catalog") + Self.files(under: "Tests/OACCLITests/Fixtures/hostile")
            + Self.files(under: "fuzz/corpus") + Self.files(under: "fuzz/regressions")
        #expect(all.count > 100)
        var composed = 0
        for url in all {
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8) else { continue }
            if Self.compare(text, url.path) { composed += 1 }
        }
        // Most of them are plain catalogs the composer reads (the rest go to Yams).
        #expect(composed > all.count / 2)
    }

    @Test("mutated catalogs read the same as with Yams (or go to Yams)")
    func mutations() throws {
        let seeds = try ["catalog/example", "catalog/minimal"].flatMap { Self.files(under: $0) }
            .map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(!seeds.isEmpty)
        let inserts = [
            ":", ": ", "-", "- ", "{", "}", "[", "]", ",", "#", " #", "'", "\"", "\\", "&a ", "*a", "!!str ",
            "! ", "? ", "|", ">", "\t", "\n", "\r\n", "\r", "---\n", "...\n", "%YAML 1.1\n", "é", "\u{85}",
            "\u{2028}", "\u{FEFF}", "  ", "~", "null", "\"\\u00e9\"", "'it''s'", "key: value\n", "a: 1\na: 2\n"
        ]
        var rng = SplitMix64(seed: 9)
        var composed = 0
        var total = 0
        for (s, seed) in seeds.enumerated() {
            let bytes = Array(seed.utf8)
            for m in 0..<300 {
                var mutated = bytes
                for _ in 0...(m % 3) {
                    let at = Int(rng.next() % UInt64(mutated.count + 1))
                    switch rng.next() % 4 {
                    case 0 where at < mutated.count:
                        mutated.remove(at: at)
                    case 1:
                        // Duplicate a line: duplicate keys, repeated list items.
                        let lines = String(decoding: mutated, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                        let i = Int(rng.next() % UInt64(lines.count))
                        var copy = Array(lines)
                        copy.insert(lines[i], at: i)
                        mutated = Array(copy.joined(separator: "\n").utf8)
                    default:
                        let insert = inserts[Int(rng.next() % UInt64(inserts.count))]
                        mutated.insert(contentsOf: Array(insert.utf8), at: at)
                    }
                }
                // Byte edits can split a character; the loader only ever sees valid UTF-8.
                guard let text = String(validating: mutated, as: UTF8.self) else { continue }
                total += 1
                if Self.compare(text, "seed \(s) mutation \(m)") { composed += 1 }
            }
        }
        #expect(total > 500)
        #expect(composed > total / 10)
    }

    @Test("documents after the limit are not read; anchors, aliases and tags go to Yams")
    func givesUp() {
        #expect(LibYAMLComposer.documents("a: 1\n---\nb: [\n", maxDocuments: 1).map { $0.documents.count } == 1)
        #expect(LibYAMLComposer.documents("a: 1\n---\nb: [\n", maxDocuments: 2) == nil)
        #expect(LibYAMLComposer.documents("a: &x 1\nb: *x\n", maxDocuments: 5) == nil)
        #expect(LibYAMLComposer.documents("a: !!str 1\n", maxDocuments: 5) == nil)
        #expect(LibYAMLComposer.documents("? [a]\n: 1\n", maxDocuments: 5) == nil)
        #expect(LibYAMLComposer.documents("a: 1\n", maxDocuments: 5)?.documents.count == 1)
        for text in ["a: 1\nb: {x: 1, x: 2}\n", "\u{E9}: 1\ne\u{301}: 2\n", "a: [1, 2\n"] {
            #expect(Self.yams(text, maxDocuments: 5) == nil)
        }
    }

    @Test("repeated keys are reported as Yams reports them, in every mapping, and the first value of each key is read")
    func duplicateKeys() throws {
        let text = "a: 1\nb: {x: 1, y: 2, x: 3}\nc: 4\na: 5\n---\nz: 1\nz: 2\n"
        let composed = try #require(LibYAMLComposer.documents(text, maxDocuments: 5))
        #expect(
            composed.duplicates == [
                .init(names: ["x"], mark: YAMLMark(line: 2, column: 5)),
                .init(names: ["a"], mark: YAMLMark(line: 1, column: 1)),
                .init(names: ["z"], mark: YAMLMark(line: 6, column: 1))
            ])
        #expect(Self.yamsDuplicates(text, maxDocuments: 5) == composed.duplicates.first)
        #expect(
            Self.dump(composed.documents) == Self.dump(try #require(Self.yams("a: 1\nb: {x: 1, y: 2}\nc: 4\n# a: 5\n---\nz: 1\n# z: 2\n", maxDocuments: 5))))
        // Several repeated keys in one mapping: sorted, at the first one's first place; `"a"` and `a` are one key.
        let several = try #require(LibYAMLComposer.documents("b: 1\n\"a\": 2\nb: 3\na: 4\n", maxDocuments: 5))
        #expect(several.duplicates == [.init(names: ["a", "b"], mark: YAMLMark(line: 2, column: 1))])
        #expect(Self.yamsDuplicates("b: 1\n\"a\": 2\nb: 3\na: 4\n", maxDocuments: 5) == several.duplicates.first)
        // Canonically equivalent keys are the same key to Yams (Swift String equality).
        #expect(LibYAMLComposer.documents("\u{E9}: 1\ne\u{301}: 2\n", maxDocuments: 5)?.duplicates.count == 1)
    }
}

/// A small seeded generator (the mutations must be the same on every run).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
