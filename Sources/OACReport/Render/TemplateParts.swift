/// Splits long report templates into partials of a few hundred tags each before the Mustache engine parses
/// them, so parsing costs time linear in the number of tags. swift-mustache's parser measures the rest of the
/// template (`String.distance(from:to:)`, linear in the characters left) at every tag it reads, so one template
/// of n tags costs time in n² (50,000 tags took 37 s); the same tags spread over partials of at most
/// `maxTagsPerPart` tags cost n × `maxTagsPerPart`.
///
/// The split renders the same text. A part is cut only right after a variable tag (`{{a}}`, `{{{a}}}`,
/// `{{&a}}`) of one section level, so every part holds whole sections; the parent includes the parts inline
/// (`{{>part}}{{>part}}`, never alone on a line, so never as a standalone partial with indentation). A line
/// holding a variable tag holds no standalone tag, so cutting it changes no standalone line, as long as the
/// part does not begin with what would look like a standalone line (whitespace, one section, comment or
/// partial tag, whitespace, the end of the line): there no cut is made. Templates that change delimiters
/// (`{{=<% %>=}}`) or use blocks and parents (`{{$a}}`, `{{<a}}`) are left whole.
enum TemplateParts {
    /// Tags a part holds at most (a part may hold one section more when no cut fits before it).
    static let maxTagsPerPart = 400
    /// Partial names of the parts: `oac.part.<template>.<n>`.
    static let namePrefix = "oac.part."

    struct Tag {
        /// Byte offsets of the whole tag, delimiters included.
        var start: Int
        var end: Int
        /// The byte after `{{` (`#`, `^`, `/`, `!`, `>`, `{`, `&`, …).
        var sigil: UInt8

        var isVariable: Bool {
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "="),
                UInt8(ascii: "$"), UInt8(ascii: "<"):
                false
            default: true
            }
        }
        var opens: Bool { sigil == UInt8(ascii: "#") || sigil == UInt8(ascii: "^") }
        var closes: Bool { sigil == UInt8(ascii: "/") }
    }

    /// The tags of a template with the default delimiters, or nil when it cannot be split (delimiter changes,
    /// blocks, parents, an unclosed tag or unbalanced sections: the engine then judges it whole).
    static func tags(_ b: [UInt8]) -> [Tag]? {
        var out: [Tag] = []
        var i = 0
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        while i + 1 < b.count {
            guard b[i] == open, b[i + 1] == open else {
                i += 1
                continue
            }
            let sigilAt = i + 2
            guard sigilAt < b.count else { return nil }
            let triple = b[sigilAt] == open
            let closing = triple ? 3 : 2
            var end = sigilAt
            while end + closing <= b.count, !(b[end] == close && b[end + 1] == close && (!triple || b[end + 2] == close)) { end += 1 }
            guard end + closing <= b.count else { return nil }
            let sigil = b[sigilAt]
            if sigil == UInt8(ascii: "=") || sigil == UInt8(ascii: "$") || sigil == UInt8(ascii: "<") { return nil }
            out.append(Tag(start: i, end: end + closing, sigil: sigil))
            i = end + closing
        }
        return out
    }

    /// The templates with every long one split into parts (extra partials), and the most tags any resulting
    /// template holds.
    static func split(_ sources: [String: String], maxTags: Int = maxTagsPerPart) -> (sources: [String: String], largest: Int) {
        let maxTags = max(2, maxTags)
        var out: [String: String] = [:]
        var largest = 0
        for name in sources.keys.sorted() {
            let text = sources[name]!
            let bytes = Array(text.utf8)
            guard let tags = tags(bytes), tags.count > maxTags, let matches = matching(tags, bytes) else {
                out[name] = text
                largest = max(largest, (try? TemplateCheck.scan(text, name: name))?.tags ?? 0)
                continue
            }
            var splitter = Splitter(bytes: bytes, tags: tags, matches: matches, maxTags: maxTags, name: name, taken: Set(sources.keys))
            let (top, count) = splitter.level(tagRange: 0..<tags.count, bytes: 0..<bytes.count)
            out[name] = String(decoding: top, as: UTF8.self)
            largest = max(largest, count)
            for (part, partText) in splitter.parts {
                out[part.name] = String(decoding: partText, as: UTF8.self)
                largest = max(largest, part.tags)
            }
        }
        return (out, largest)
    }

    /// For each opening tag the index of its closing tag; nil when sections do not balance or a closing tag
    /// names another section (the engine then reports the error at its place in the whole template).
    static func matching(_ tags: [Tag], _ b: [UInt8]) -> [Int: Int]? {
        func name(_ t: Tag) -> ArraySlice<UInt8> {
            var lo = t.start + 3
            var hi = t.end - 2
            while lo < hi, b[lo] == UInt8(ascii: " ") || b[lo] == UInt8(ascii: "\t") { lo += 1 }
            while hi > lo, b[hi - 1] == UInt8(ascii: " ") || b[hi - 1] == UInt8(ascii: "\t") { hi -= 1 }
            return b[lo..<hi]
        }
        var stack: [Int] = []
        var out: [Int: Int] = [:]
        for (i, t) in tags.enumerated() {
            if t.opens { stack.append(i) }
            if t.closes {
                guard let o = stack.popLast(), name(tags[o]) == name(t) else { return nil }
                out[o] = i
            }
        }
        return stack.isEmpty ? out : nil
    }

    struct Part {
        var name: String
        var tags: Int
    }

    struct Splitter {
        let bytes: [UInt8]
        let tags: [Tag]
        let matches: [Int: Int]
        let maxTags: Int
        let name: String
        var taken: Set<String>
        var parts: [(Part, [UInt8])] = []

        init(bytes: [UInt8], tags: [Tag], matches: [Int: Int], maxTags: Int, name: String, taken: Set<String>) {
            self.bytes = bytes
            self.tags = tags
            self.matches = matches
            self.maxTags = maxTags
            self.name = name
            self.taken = taken
        }

        /// One item of a section level: a tag, or a whole section (its body already split).
        struct Item {
            var bytes: Range<Int>
            var text: [UInt8]
            var tags: Int
            var isVariable: Bool
        }

        /// Whether the text from `p` to the end of its line (or of the level) would read as a standalone line
        /// at the start of a part: blanks, one non-variable tag, blanks.
        func looksStandalone(from p: Int, tagIndex: Int, end: Int) -> Bool {
            var i = p
            func blanks() { while i < end, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 } }
            blanks()
            guard tagIndex < tags.count, tags[tagIndex].start == i, !tags[tagIndex].isVariable else { return false }
            i = tags[tagIndex].end
            blanks()
            return i >= end || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\r")
        }

        /// The text of the level made of `tagRange` within `bytes` (a section's body or the whole template),
        /// with runs of items moved to parts, and the number of tags the text keeps.
        mutating func level(tagRange: Range<Int>, bytes range: Range<Int>) -> ([UInt8], Int) {
            var items: [Item] = []
            var i = tagRange.lowerBound
            while i < tagRange.upperBound {
                let t = tags[i]
                if t.opens, let j = matches[i] {
                    let (body, count) = level(tagRange: (i + 1)..<j, bytes: t.end..<tags[j].start)
                    let text = Array(bytes[t.start..<t.end]) + body + Array(bytes[tags[j].start..<tags[j].end])
                    items.append(Item(bytes: t.start..<tags[j].end, text: text, tags: count + 2, isVariable: false))
                    i = j + 1
                } else {
                    items.append(Item(bytes: t.start..<t.end, text: Array(bytes[t.start..<t.end]), tags: 1, isVariable: t.isVariable))
                    i += 1
                }
            }
            // Cuts: after variable items, once a part holds enough tags.
            var cuts: [Int] = []  // item indices after which a cut is made
            var sinceCut = 0
            var total = 0
            for (k, item) in items.enumerated() {
                total += item.tags
                sinceCut += item.tags
                guard item.isVariable, k + 1 < items.count, sinceCut >= maxTags || cuts.isEmpty && sinceCut >= maxTags / 2 else { continue }
                let nextTag = tagIndex(startingAt: items[k + 1].bytes.lowerBound, in: tagRange)
                if looksStandalone(from: item.bytes.upperBound, tagIndex: nextTag, end: range.upperBound) { continue }
                cuts.append(k)
                sinceCut = 0
            }
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var position = range.lowerBound
            func gap(to p: Int, into text: inout [UInt8]) {
                text += bytes[position..<p]
                position = p
            }
            guard total > maxTags, cuts.count >= 2 else {
                for item in items {
                    gap(to: item.bytes.lowerBound, into: &out)
                    out += item.text
                    position = item.bytes.upperBound
                }
                gap(to: range.upperBound, into: &out)
                return (out, total)
            }
            var kept = 0
            var k = 0
            // Items up to and including the first cut stay here; each run between two cuts becomes a part.
            while k <= cuts[0] {
                gap(to: items[k].bytes.lowerBound, into: &out)
                out += items[k].text
                position = items[k].bytes.upperBound
                kept += items[k].tags
                k += 1
            }
            var refs: [String] = []
            for c in 1..<cuts.count {
                var partText: [UInt8] = []
                var partTags = 0
                while k <= cuts[c] {
                    gap(to: items[k].bytes.lowerBound, into: &partText)
                    partText += items[k].text
                    position = items[k].bytes.upperBound
                    partTags += items[k].tags
                    k += 1
                }
                let partName = newName()
                parts.append((Part(name: partName, tags: partTags), partText))
                refs.append(partName)
            }
            // More parts than a part may hold tags: include them through parts of parts (a tree), each holding
            // at least two, so no inclusion stands alone on its line.
            while refs.count > maxTags {
                var grouped: [String] = []
                var start = 0
                while start < refs.count {
                    var end = min(start + maxTags, refs.count)
                    if refs.count - end == 1 { end += 1 }
                    let group = refs[start..<end]
                    let partName = newName()
                    parts.append((Part(name: partName, tags: group.count), Array(group.map { "{{>\($0)}}" }.joined().utf8)))
                    grouped.append(partName)
                    start = end
                }
                refs = grouped
            }
            out += Array(refs.map { "{{>\($0)}}" }.joined().utf8)
            kept += refs.count
            while k < items.count {
                gap(to: items[k].bytes.lowerBound, into: &out)
                out += items[k].text
                position = items[k].bytes.upperBound
                kept += items[k].tags
                k += 1
            }
            gap(to: range.upperBound, into: &out)
            return (out, kept)
        }

        /// The index of the tag starting at byte `p` (items start with a tag).
        func tagIndex(startingAt p: Int, in range: Range<Int>) -> Int {
            var lo = range.lowerBound
            var hi = range.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2
                if tags[mid].start < p { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        mutating func newName() -> String {
            // Only characters a partial name may hold.
            let safe = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
            var candidate = "\(TemplateParts.namePrefix)\(safe).\(parts.count + 1)"
            while taken.contains(candidate) { candidate += "_" }
            taken.insert(candidate)
            return candidate
        }
    }
}
