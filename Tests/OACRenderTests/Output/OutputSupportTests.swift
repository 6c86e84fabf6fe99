import Foundation
import OACOutput
import OACSupport
import Testing

@testable import OACRender

@Suite("Manifest, hashes and diffs")
struct OutputSupportTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test("the accelerated and portable SHA-256 agree on every length around the block and padding edges")
    func sha256Paths() {
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<4200 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        for n in Array(0...200) + [255, 256, 257, 1000, 4095, 4096, 4200] {
            let slice = Array(bytes.prefix(n))
            #expect(SHA256.digest(slice) == SHA256.portableDigest(slice), "length \(n)")
        }
        // A test that always passes on a CPU without SHA extensions would say nothing: say which path ran.
        print("SHA-256 uses the CPU's SHA extensions: \(SHA256.accelerated)")
    }

    @Test("the manifest round-trips in sha256sum format and reads older path-only manifests")
    func manifest() {
        let m = Manifest(files: [OutputFile(path: "b.yml", contents: "x"), OutputFile(path: "a.yml", contents: "")])
        #expect(m.text.hasPrefix("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.yml\n"))
        #expect(Manifest(parsing: m.text) == m)
        #expect(Manifest(parsing: "a.yml\nb.yml\n").entries == ["a.yml": "", "b.yml": ""])
        // The byte-level reader of the fast --check takes exactly the form `text` writes, nothing else.
        let canonical = Manifest.canonicalEntries(Array(m.text.utf8))
        #expect(canonical?.map(\.path) == ["a.yml", "b.yml"])
        #expect(canonical.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.path, $0.sha256) }) } == m.entries)
        #expect(Manifest.canonicalEntries([])?.isEmpty == true)
        let hash = SHA256.hex("x")
        for bad in ["a.yml\n", "\(hash)  a.yml", "\(hash) a.yml\n", "\(hash.uppercased())  a.yml\n", "\(hash)  \n", "\(hash)  a.yml\n\n"] {
            #expect(Manifest.canonicalEntries(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test("the input fingerprint lists the build and the catalog files by byte order, one line each")
    func inputFingerprint() {
        let h = { (c: Character) in String(repeating: c, count: 64) }
        let f = InputFingerprint(
            version: "1.2.3", build: "debug \(h("e"))",
            catalog: [
                .init(path: "services/b.yaml", sha256: h("b")),
                .init(path: "Z.yaml", sha256: h("c")),
                .init(path: "a\nb\\c.yml", sha256: h("a"))
            ])
        let text = f.text(manifestSHA256: h("m"))
        #expect(
            text == """
                # oac compile inputs: while these match, `oac compile --check` verifies the files in .oac-manifest instead of rendering them
                oac 1.2.3
                build debug \(h("e"))
                catalog \(h("c"))  Z.yaml
                catalog \(h("a"))  a\\nb\\\\c.yml
                catalog \(h("b"))  services/b.yaml
                manifest \(h("m"))

                """)
        #expect(f.difference(from: Array(text.utf8), manifestSHA256: h("m")) == nil)
        #expect(f.difference(from: Array(text.utf8), manifestSHA256: h("n")) == ".oac-manifest changed since the last compile")
        #expect(f.difference(from: [], manifestSHA256: h("m")) == "it is not in the format this oac writes")
        var other = f
        other.version = "1.2.2"
        #expect(
            f.difference(from: Array(other.text(manifestSHA256: h("m")).utf8), manifestSHA256: h("m"))
                == "oac 1.2.2 compiled it, this is oac 1.2.3")
        other = f
        other.build = "release"
        #expect(
            f.difference(from: Array(other.text(manifestSHA256: h("m")).utf8), manifestSHA256: h("m"))
                == "another build of oac compiled it")
        other = InputFingerprint(
            version: "1.2.3", build: "debug \(h("e"))",
            catalog: [
                .init(path: "services/b.yaml", sha256: h("0")), .init(path: "Z.yaml", sha256: h("c")), .init(path: "old.yaml", sha256: h("1"))
            ])
        #expect(
            f.difference(from: Array(other.text(manifestSHA256: h("m")).utf8), manifestSHA256: h("m"))
                == "the catalog changed since the last compile (1 changed, 1 new, 1 removed files)")
        // Two spellings of "é" are equal Swift strings but different file names: compared as bytes.
        let composed = InputFingerprint(version: "1", build: "debug \(h("e"))", catalog: [.init(path: "caf\u{E9}.yaml", sha256: h("a"))])
        let decomposed = InputFingerprint(version: "1", build: "debug \(h("e"))", catalog: [.init(path: "cafe\u{301}.yaml", sha256: h("a"))])
        #expect(composed.difference(from: Array(decomposed.text(manifestSHA256: h("m")).utf8), manifestSHA256: h("m")) != nil)
    }

    @Test("drift lists stale, missing and extra files and ignores files oac never generated")
    func drift() {
        let outputs = [
            OutputFile(path: "a", contents: "1\n"), OutputFile(path: "b", contents: "2\n"),
            OutputFile(path: "c", contents: "3\n")
        ]
        let disk = ["a": "1\n", "b": "changed\n", "old": "x", "mine.md": "notes"]
        let manifest = Manifest(entries: ["a": "", "b": "", "old": ""])
        let d = Drift.compute(outputs: outputs, manifest: manifest, read: { disk[$0] })
        #expect(d.stale == ["b"])
        #expect(d.missing == ["c"])
        #expect(d.extra == ["old"])
        #expect(!d.isClean)
        let exact = Dictionary(uniqueKeysWithValues: outputs.map { ($0.path, $0.contents) })
        #expect(Drift.compute(outputs: outputs, manifest: nil, read: { exact[$0] }).isClean)
    }

    @Test("a unified diff shows changed lines with context and hunk headers")
    func unifiedDiff() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let d = UnifiedDiff.render(old: old, new: new, oldName: "a/f", newName: "b/f")
        #expect(
            d == """
                --- a/f
                +++ b/f
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8

                """)
        #expect(UnifiedDiff.render(old: old, new: old, oldName: "a", newName: "b").isEmpty)
    }
}

@Suite("Output files and render jobs")
struct OutputFileTests {
    @Test("a file of text, of bytes and of a JSON writer's handed-over buffer hold the same bytes and compare equal")
    func storagesAgree() {
        let value = [["a", "é \"quoted\"\n"], [], [String(repeating: "x", count: 70_000)]]
        let text = StableJSON.text(value)
        // A capacity below the document's size: the handed-over buffer is one the writer grew.
        let fromOwned = OutputFile(path: "x.json", owned: JSONWriter.ownedDocument(value, capacity: 256))
        let fromText = OutputFile(path: "x.json", contents: text)
        let fromBytes = OutputFile(path: "x.json", utf8: JSONWriter.document(value))
        #expect(fromOwned.contents == text)
        #expect(fromText == fromBytes && fromBytes == fromOwned)
        #expect(SHA256.hex(fromOwned) == SHA256.hex(text))
        #expect(OutputFile(path: "x.json", json: value) == fromText)
    }

    @Test("Once works its value out a single time, however many threads ask at once")
    func onceRunsOnce() {
        let counter = ParallelSlots<Int>(count: 1)
        let lock = NSLock()
        let once = Once { () -> Int in
            lock.lock()
            counter[0] = (counter[0] ?? 0) + 1
            lock.unlock()
            return 42
        }
        let results = ParallelSlots<Int>(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { i in results[i] = once.value }
        #expect(results.values.allSatisfy { $0 == 42 })
        #expect(counter[0] == 1)
    }
}
