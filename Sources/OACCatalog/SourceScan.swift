import Foundation

/// Finds the lines of a source text that hold some bytes, without splitting the whole text into lines.
///
/// Readers that look at every line (lint's secret scan, `# oac:ignore` comments) only need the few lines that
/// contain a marker. Lines are numbered as YAML (libyaml) numbers them, so a diagnostic's line is the one its
/// YAML node reports: a line ends at LF, at CR LF or at a CR alone; the returned text holds neither.
public enum SourceScan {
    /// What makes a line interesting. A line is returned when it contains any of `needles` as bytes, any of
    /// `caseInsensitiveNeedles` (lowercase ASCII) after ASCII lowercasing, or, with `nonASCII`, any byte ≥ 0x80.
    public struct Query: Sendable {
        public var needles: [[UInt8]]
        public var caseInsensitiveNeedles: [[UInt8]]
        public var nonASCII: Bool

        public init(needles: [String] = [], caseInsensitiveNeedles: [String] = [], nonASCII: Bool = false) {
            self.needles = needles.map { Array($0.utf8) }.filter { !$0.isEmpty }
            self.caseInsensitiveNeedles = caseInsensitiveNeedles.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
            self.nonASCII = nonASCII
        }
    }

    /// The lines matching `query`, in order: their index (0 for the first line) and their text.
    public static func lines(of text: String, matching query: Query) -> [(index: Int, line: Substring)] {
        var text = text
        text.makeContiguousUTF8()
        let ranges: [(index: Int, range: Range<Int>)] =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                lineRanges(bytes, hits: hitOffsets(bytes, query))
            } ?? []
        let utf8 = text.utf8
        return ranges.map { entry in
            let lo = utf8.index(utf8.startIndex, offsetBy: entry.range.lowerBound)
            let hi = utf8.index(utf8.startIndex, offsetBy: entry.range.upperBound)
            return (entry.index, text[lo..<hi])
        }
    }

    /// Byte offsets where some needle (or a non-ASCII byte) starts, sorted.
    static func hitOffsets(_ bytes: UnsafeBufferPointer<UInt8>, _ query: Query) -> [Int] {
        var hits: [Int] = []
        for needle in query.needles { find(needle, in: bytes, into: &hits) }
        if !query.caseInsensitiveNeedles.isEmpty {
            let lowered = [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                for i in 0..<bytes.count {
                    let b = bytes[i]
                    out[i] = b &- 65 < 26 ? b | 0x20 : b
                }
                count = bytes.count
            }
            lowered.withUnsafeBufferPointer { low in
                for needle in query.caseInsensitiveNeedles { find(needle, in: low, into: &hits) }
            }
        }
        if query.nonASCII {
            for i in 0..<bytes.count where bytes[i] >= 0x80 {
                hits.append(i)
            }
        }
        hits.sort()
        return hits
    }

    /// Appends the offset of every occurrence of `needle` (memchr for its first byte, then a compare).
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, into hits: inout [Int]) {
        guard let base = bytes.baseAddress, needle.count <= bytes.count else { return }
        let first = Int32(needle[0])
        let n = needle.count
        let last = bytes.count - n
        var i = 0
        while i <= last {
            guard let p = memchr(base + i, first, last - i + 1) else { return }
            let at = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
            var j = 1
            while j < n, bytes[at + j] == needle[j] { j += 1 }
            if j == n { hits.append(at) }
            i = at + 1
        }
    }

    /// The line (index and byte range, without its line break) around each hit, each line once.
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>, hits: [Int]) -> [(index: Int, range: Range<Int>)] {
        guard !hits.isEmpty, let base = bytes.baseAddress else { return [] }
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        var out: [(index: Int, range: Range<Int>)] = []
        /// The end of the line starting at `from` (the offset of its CR or LF, or the end of the text) and
        /// where the next line starts.
        func lineEnd(_ from: Int) -> (end: Int, next: Int) {
            var i = from
            while i < bytes.count {
                let b = bytes[i]
                if b == lf { return (i, i + 1) }
                if b == cr { return (i, i + 1 < bytes.count && bytes[i + 1] == lf ? i + 2 : i + 1) }
                // Most bytes are neither: jump to the next LF or CR with memchr.
                let rest = bytes.count - i
                let nextLF = memchr(base + i, Int32(lf), rest).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
                let nextCR = memchr(base + i, Int32(cr), min(rest, nextLF - i)).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
                i = nextCR ?? nextLF
            }
            return (bytes.count, bytes.count + 1)
        }
        var lineStart = 0
        var lineIndex = 0
        var (end, next) = lineEnd(0)
        for hit in hits {
            if hit < lineStart { continue }  // already on a returned line
            while hit >= next {
                lineStart = next
                lineIndex += 1
                (end, next) = lineEnd(lineStart)
            }
            // A hit on the line break itself (a needle holding CR or LF) belongs to the line it ends.
            out.append((lineIndex, lineStart..<end))
            // Skip the remaining hits on this line.
            lineStart = next
            lineIndex += 1
            (end, next) = lineStart <= bytes.count ? lineEnd(lineStart) : (bytes.count, bytes.count + 1)
        }
        return out
    }
}
