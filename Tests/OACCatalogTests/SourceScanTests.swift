import Foundation
import Testing

@testable import OACCatalog

@Suite("Source scan")
struct SourceScanTests {
    /// The lines of a text as YAML numbers them: breaks are LF, CR LF and CR alone.
    static func yamlLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x0A: lines.append([])
            case 0x0D:
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                lines.append([])
            default: lines[lines.count - 1].append(bytes[i])
            }
            i += 1
        }
        return lines
    }

    /// What a line-by-line reader finds: every YAML line that holds a needle.
    static func reference(_ text: String, _ needles: [String], caseInsensitive: [String] = [], nonASCII: Bool = false)
        -> [String]
    {
        yamlLines(text).enumerated().compactMap { i, bytes in
            let line = String(decoding: bytes, as: UTF8.self)
            let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            func has(_ hay: [UInt8], _ needle: String) -> Bool {
                let n = Array(needle.utf8)
                guard hay.count >= n.count else { return false }
                return (0...(hay.count - n.count)).contains { Array(hay[$0..<($0 + n.count)]) == n }
            }
            let hit =
                needles.contains { has(bytes, $0) } || caseInsensitive.contains { has(lowered, $0) }
                || (nonASCII && bytes.contains { $0 >= 0x80 })
            return hit ? "\(i):\(line)" : nil
        }
    }

    static func scan(_ text: String, _ needles: [String], caseInsensitive: [String] = [], nonASCII: Bool = false) -> [String] {
        SourceScan.lines(
            of: text,
            matching: SourceScan.Query(
                needles: needles, caseInsensitiveNeedles: caseInsensitive,
                nonASCII: nonASCII)
        )
        .map { "\($0.index):\($0.line)" }
    }

    @Test("lines and their numbers are YAML's: LF, CR LF and a lone CR end a line")
    func matchesSplit() {
        let texts = [
            "", "x", "oac:ignore", "a\nb oac:ignore\nc", "oac:ignore\n", "\noac:ignore", "\n\n\noac:ignore\n\n",
            "a\r\nb oac:ignore\r\nc\r\n", "a\rb oac:ignore\r\r\n\nx oac:ignore", "é\noac:ignore é\n\u{301}x\n",
            "key: Password=1\nTOKEN\n token \n", "oac:ignoreoac:ignore\noac:ign\nore oac:ignore",
            String(repeating: "line\n", count: 100) + "# oac:ignore a\n" + String(repeating: "x\r\n", count: 50) + "oac:ignore"
        ]
        for text in texts {
            #expect(Self.scan(text, ["oac:ignore"]) == Self.reference(text, ["oac:ignore"]), "\(text.debugDescription)")
            #expect(
                Self.scan(text, ["oac:ignore", "x"], caseInsensitive: ["token", "password"], nonASCII: true)
                    == Self.reference(text, ["oac:ignore", "x"], caseInsensitive: ["token", "password"], nonASCII: true),
                "\(text.debugDescription)")
        }
    }

    @Test("in a CR LF file the lines are the LF file's lines")
    func crlfLinesAreLFLines() {
        let lf = "a: 1\n# oac:ignore x\nb: 2\n\nc: token oac:ignore\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Self.scan(crlf, ["oac:ignore"]) == ["1:# oac:ignore x", "4:c: token oac:ignore"])
        #expect(Self.scan(crlf, ["oac:ignore"]) == Self.scan(lf, ["oac:ignore"]))
    }

    @Test("random texts of a few bytes agree with the line-by-line reference")
    func randomTexts() {
        let alphabet: [String] = ["a", "A", "k", "K", "e", "y", "\n", "\r", "\r\n", " ", "é", "x", "ke", "Ey"]
        var rng = SplitMix64(seed: 1)
        for _ in 0..<2000 {
            let text = (0..<Int(rng.next() % 30)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            #expect(
                Self.scan(text, ["x"], caseInsensitive: ["key"], nonASCII: true)
                    == Self.reference(text, ["x"], caseInsensitive: ["key"], nonASCII: true), "\(text.debugDescription)")
        }
    }
}
