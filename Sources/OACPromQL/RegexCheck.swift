import Foundation

// Length: one file on purpose (~570 lines): one walk over Go's RE2 grammar, each branch next to the rule it
// enforces and the ICU text it writes; splitting it would separate a syntax rule from its translation.

/// Validation of RE2 regular expressions (the syntax Prometheus uses for `=~` / `!~`, Go's `regexp/syntax`
/// with Perl flags), the one regex check of oac: every selector, query and stream selector of a catalog
/// reaches it through `PromQL.parse` / `PromQL.parseSelector`.
///
/// A walk over the pattern applies Go's rules: which escapes exist (`\d \pL \x41 \Q…\E`, octal `\012`;
/// no back-references, `\Z`, `\G`, `\K`…), which groups (`(?:…)`, `(?P<name>…)`, flags `imsU`; no
/// look-around, atomic groups, comments, `(?<name>…)` (Go 1.22+ only)), repetitions (no possessive or
/// nested `a**`, counts at most 1000), POSIX classes by name, ranges in order, parentheses balanced.
/// The walk also writes the pattern in ICU syntax, compiled fully anchored as Prometheus anchors it
/// (`^(?s:pattern)$`) as a last check and to answer whether it matches the empty string.
///
/// Results are remembered by pattern text: a catalog repeats a few patterns (`code=~"5.."`) thousands of
/// times, and compiling one costs more than parsing the rest of a selector.
enum RegexCheck {
    /// A problem and where it starts (0-based index in the pattern's Unicode scalars).
    struct Problem: Equatable, Sendable {
        var message: String
        var offset: Int
    }

    /// Returns nil when valid, otherwise a description of the problem.
    static func problem(in pattern: String) -> String? { check(pattern)?.message }

    /// The problem with its position in the pattern, or nil when the pattern is valid RE2.
    static func check(_ pattern: String) -> Problem? { memo.entry(pattern).problem }

    /// Whether the anchored pattern matches the empty string (nil if it does not compile).
    static func matchesEmpty(_ pattern: String) -> Bool? { memo.entry(pattern).matchesEmpty }

    // MARK: - Memo

    struct Entry: Sendable {
        var problem: Problem?
        var matchesEmpty: Bool?
    }

    static let memo = Memo()

    /// Bounded: only short patterns, and a limited number of them, are remembered.
    final class Memo: @unchecked Sendable {
        static let limit = (entries: 4096, bytes: 256)
        private let lock = NSLock()
        private var known: [String: Entry] = [:]

        func entry(_ pattern: String) -> Entry {
            let cacheable = pattern.utf8.count <= Self.limit.bytes
            if cacheable {
                lock.lock()
                let hit = known[pattern]
                lock.unlock()
                if let hit { return hit }
            }
            let entry = RegexCheck.evaluate(pattern)
            if cacheable {
                lock.lock()
                if known.count < Self.limit.entries { known[pattern] = entry }
                lock.unlock()
            }
            return entry
        }
    }

    /// The pattern as Prometheus applies it (`^(?s:pattern)$`, RE2 read as RE2) compiled with ICU, or nil
    /// when it is not valid RE2. Not remembered: callers that match often keep what they compile.
    static func anchored(_ pattern: String) -> NSRegularExpression? {
        guard case .success(let icu) = translate(pattern) else { return nil }
        return try? NSRegularExpression(pattern: "^(?s:" + icu + ")$", options: [])
    }

    static func evaluate(_ pattern: String) -> Entry {
        switch translate(pattern) {
        case .failure(let problem):
            return Entry(problem: problem, matchesEmpty: nil)
        case .success(let icu):
            guard let re = try? NSRegularExpression(pattern: "^(?s:" + icu + ")$", options: []) else {
                return Entry(problem: Problem(message: "the pattern does not compile", offset: 0), matchesEmpty: nil)
            }
            let empty = re.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
            return Entry(problem: nil, matchesEmpty: empty)
        }
    }

    // MARK: - RE2 syntax

    enum Translation {
        case success(String)
        case failure(Problem)
    }

    /// POSIX classes RE2 knows inside brackets (`[[:alpha:]]`, `[[:^digit:]]`).
    static let posixClasses: Set<String> = [
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
        "print", "punct", "space", "upper", "word", "xdigit"
    ]
    /// Names `\p{…}` takes in Go's RE2 (Unicode 13, as in the Go releases Prometheus 2.x was built with):
    /// `Any`, the general categories and the scripts.
    static let unicodeClasses: Set<String> = Set(
        ("Any C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps "
            + "S Sc Sk Sm So Z Zl Zp Zs "
            + "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki "
            + "Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee "
            + "Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan "
            + "Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi "
            + "Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited "
            + "Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kayah_Li Kharoshthi "
            + "Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani "
            + "Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui "
            + "Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nandinagari New_Tai_Lue "
            + "Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic "
            + "Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau "
            + "Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting "
            + "Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet "
            + "Takri Tamil Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai Wancho Warang_Citi Yezidi Yi "
            + "Zanabazar_Square").split(separator: " ").map(String.init))
    /// Go's limit on `{n,m}` counts and on nesting.
    static let maxRepeat = 1000
    static let maxDepth = 1000

    /// Checks RE2's rules and writes the pattern in ICU syntax.
    static func translate(_ pattern: String) -> Translation {
        var walker = Walker(Array(pattern.unicodeScalars))
        do {
            try walker.run()
            return .success(walker.out)
        } catch {
            return .failure(error)
        }
    }

    struct Walker {
        let s: [Unicode.Scalar]
        var i = 0
        var out = ""
        /// The open groups: where each opened, and the largest product of `{n,m}` counts nested in it so far.
        var groups: [(open: Int, nested: Int)] = []
        /// The same product for the top level, and for the item just read (what a repetition would repeat).
        var topNested = 0
        var lastNested = 1
        /// What the last item was, for repetition rules.
        enum Last { case nothing, atom, repeated, lazyRepeated }
        var last = Last.nothing

        init(_ s: [Unicode.Scalar]) {
            self.s = s
            out.reserveCapacity(s.count + 8)
        }

        func fail(_ message: String, at index: Int) -> Problem { Problem(message: message, offset: index) }

        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }

        static func hex(_ v: UInt32) -> String { "\\x{" + String(v, radix: 16) + "}" }

        static func isAlnumASCII(_ c: Unicode.Scalar) -> Bool { c != "_" && isWordASCII(c) }

        static func isWordASCII(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
        }

        mutating func run() throws(Problem) {
            while i < s.count {
                let c = s[i]
                switch c {
                case "\\":
                    try escape(inClass: false)
                case "(":
                    try group()
                case ")":
                    guard let closed = groups.popLast() else { throw fail("unexpected ): no group is open", at: i) }
                    out.append(")")
                    i += 1
                    atom(nested: max(1, closed.nested))
                case "[":
                    try characterClass()
                    atom()
                case "*", "+", "?":
                    try repetition(length: 1, text: String(c))
                case "{":
                    if let (length, lo, hi) = countedRepetition() {
                        let text = SourceText.string(s[i..<(i + length)])
                        if lo > RegexCheck.maxRepeat || (hi ?? 0) > RegexCheck.maxRepeat || (hi.map { $0 < lo } ?? false) {
                            throw fail(
                                "invalid repeat count `\(text)`: RE2 counts go up to \(RegexCheck.maxRepeat), the first no larger than the second", at: i)
                        }
                        // Go multiplies nested counts (`(a{100}){100}`) and refuses more than 1000 copies.
                        let m = hi ?? lo
                        if last != .nothing, m >= 2, m * lastNested > RegexCheck.maxRepeat {
                            throw fail("invalid repeat count `\(text)`: nested counts multiply to more than \(RegexCheck.maxRepeat) copies", at: i)
                        }
                        if last != .nothing { note(nested: m == 0 ? 0 : m * lastNested) }
                        try repetition(length: length, text: text)
                    } else {
                        // Not a repetition: a literal brace in RE2.
                        out += "\\{"
                        i += 1
                        atom()
                    }
                case "|":
                    out.append("|")
                    i += 1
                    last = .nothing
                case "}", "]", "#", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}":
                    // Literals in RE2; written as escapes so no ICU mode can read them otherwise.
                    out += Self.hex(c.value)
                    i += 1
                    atom()
                case "^", "$":
                    // Assertions RE2 lets a repetition follow (`^*`); ICU wants them grouped for that.
                    out += "(?:" + String(c) + ")"
                    i += 1
                    atom()
                default:
                    out.unicodeScalars.append(c)
                    i += 1
                    atom()
                }
            }
            if let open = groups.last { throw fail("missing closing ): the group opened here is not closed", at: open.open) }
        }

        /// An item was read; `nested` is the product of the counts inside it.
        mutating func atom(nested: Int = 1) {
            last = .atom
            lastNested = nested
            note(nested: nested)
        }

        mutating func note(nested: Int) {
            lastNested = nested
            if groups.isEmpty {
                topNested = max(topNested, nested)
            } else {
                groups[groups.count - 1].nested = max(groups[groups.count - 1].nested, nested)
            }
        }

        /// `{n}`, `{n,}` or `{n,m}` at `i`: its length and counts; nil when the brace is a literal.
        func countedRepetition() -> (Int, Int, Int?)? {
            var j = i + 1
            func number() -> Int? {
                let start = j
                var v = 0
                while let d = at(j), d >= "0", d <= "9" {
                    v = min(v * 10 + Int(d.value - 48), 1_000_000)
                    j += 1
                }
                return j > start ? v : nil
            }
            guard let lo = number() else { return nil }
            var hi: Int? = lo
            if at(j) == "," {
                j += 1
                hi = at(j) == "}" ? nil : number()
                if hi == nil, at(j) != "}" { return nil }
            }
            guard at(j) == "}" else { return nil }
            return (j + 1 - i, lo, hi)
        }

        mutating func repetition(length: Int, text: String) throws(Problem) {
            switch last {
            case .nothing:
                throw fail("missing argument to repetition operator: `\(text)` repeats nothing", at: i)
            case .repeated where text == "?":
                // `x*?`: the lazy form of the repetition before.
                out.append("?")
                i += 1
                last = .lazyRepeated
                return
            case .repeated, .lazyRepeated:
                if text == "+" {
                    throw fail("possessive quantifiers are not supported by RE2", at: i)
                }
                throw fail("invalid nested repetition operator `\(text)`: RE2 does not repeat a repetition", at: i)
            case .atom:
                break
            }
            for k in i..<(i + length) { out.unicodeScalars.append(s[k]) }
            i += length
            last = .repeated
        }

        mutating func group() throws(Problem) {
            let open = i
            groups.append((open, 0))
            if groups.count > RegexCheck.maxDepth {
                throw fail("the expression nests groups more than \(RegexCheck.maxDepth) deep", at: open)
            }
            last = .nothing
            guard at(i + 1) == "?" else {
                out.append("(")
                i += 1
                return
            }
            let next = at(i + 2)
            switch next {
            case "=", "!":
                throw fail("look-around assertions are not supported by RE2", at: open)
            case "<":
                if at(i + 3) == "=" || at(i + 3) == "!" {
                    throw fail("look-around assertions are not supported by RE2", at: open)
                }
                throw fail("named groups are written (?P<name>…) in RE2: (?<name>…) needs Go 1.22 and Prometheus built with it", at: open)
            case ">":
                throw fail("atomic groups are not supported by RE2", at: open)
            case "#":
                throw fail("inline comments are not supported by RE2", at: open)
            case "P":
                if at(i + 3) == "=" || at(i + 3) == ">" {
                    throw fail("back-references are not supported by RE2", at: open)
                }
                guard at(i + 3) == "<" else { throw fail("invalid or unsupported Perl syntax `(?P`", at: open) }
                var j = i + 4
                var name = ""
                while let c = at(j), Self.isWordASCII(c) {
                    name.unicodeScalars.append(c)
                    j += 1
                }
                guard !name.isEmpty, at(j) == ">" else {
                    throw fail("invalid named capture: a group name is letters, digits and _ in (?P<name>…)", at: open)
                }
                // Names do not change what is valid, and Go (before 1.22) allows a name twice, ICU does not.
                out += "("
                i = j + 1
            default:
                // Flags: (?i) (?-s) (?im:…) — RE2 knows i, m, s and U.
                var j = i + 2
                var flags = ""
                var sawFlag = false
                var sawMinus = false
                while let c = at(j) {
                    if c == "i" || c == "m" || c == "s" || c == "U" {
                        sawFlag = true
                        // ICU has no ungreedy flag; greediness does not change what is valid or what matches "".
                        if c != "U" { flags.unicodeScalars.append(c) }
                    } else if c == "-" {
                        guard !sawMinus else { throw fail("invalid or unsupported Perl syntax: two - in the flags", at: open) }
                        sawMinus = true
                        sawFlag = false
                        flags.append("-")
                    } else if c == ")" || c == ":" {
                        break
                    } else {
                        throw fail("invalid or unsupported Perl syntax `(?\(Character(c))`: RE2 takes the flags i, m, s and U", at: open)
                    }
                    j += 1
                }
                guard let end = at(j), sawFlag || !sawMinus else {
                    throw fail("invalid or unsupported Perl syntax: missing flags after - in `(?…`", at: open)
                }
                if flags.hasSuffix("-") { flags.removeLast() }
                if end == ")" {
                    // (?i): flags for the rest of the enclosing group; no group of its own.
                    groups.removeLast()
                    out += flags.isEmpty ? "" : "(?" + flags + ")"
                    last = .nothing
                } else {
                    out += "(?" + flags + ":"
                }
                i = j + 1
            }
        }

        /// An escape at `i` (the backslash). Go accepts punctuation, the C escapes, octal and hex codes,
        /// Perl and Unicode classes, `\Q…\E`, and outside brackets the assertions `\A \z \b \B`.
        mutating func escape(inClass: Bool) throws(Problem) {
            let start = i
            guard let e = at(i + 1) else { throw fail("trailing backslash at end of expression", at: start) }
            i += 2
            if e.value < 0x80, !Self.isAlnumASCII(e) {
                out += Self.hex(e.value)
                if !inClass { atom() }
                return
            }
            if let v = try codePoint(escape: e, start: start) {
                out += Self.hex(v)
                if !inClass { atom() }
                return
            }
            switch e {
            case "d", "D", "s", "S", "w", "W":
                out += "\\"
                out.unicodeScalars.append(e)
            case "A", "z", "b", "B":
                if inClass { throw fail("escape sequence \\\(Character(e)) is not valid inside [ ] in RE2", at: start) }
                out += "\\"
                out.unicodeScalars.append(e)
            case "8", "9":
                throw fail("back-references (\\\(Character(e))) are not supported by RE2", at: start)
            case "p", "P":
                guard let n = at(i) else { throw fail("invalid character class range: \\\(Character(e)) names no class", at: start) }
                if n == "{" {
                    var j = i + 1
                    while let c = at(j), c != "}" { j += 1 }
                    guard at(j) == "}", j > i + 1 else {
                        throw fail("invalid character class range: \\\(Character(e)){ is not closed", at: start)
                    }
                    let name = SourceText.string(s[(i + 1)..<j])
                    let bare = name.hasPrefix("^") ? String(name.dropFirst()) : name
                    guard RegexCheck.unicodeClasses.contains(bare) else {
                        throw fail("invalid character class range: \\\(Character(e)){\(name)} is not a Unicode category or script RE2 knows", at: start)
                    }
                    // ICU writes the negation `\p{^X}` as `\P{X}`.
                    let negated = name.hasPrefix("^") != (e == "P")
                    out += (negated ? "\\P{" : "\\p{") + bare + "}"
                    i = j + 1
                } else {
                    guard RegexCheck.unicodeClasses.contains(String(n)) else {
                        throw fail("invalid character class range: \\\(Character(e))\(Character(n))", at: start)
                    }
                    out += "\\" + String(e) + "{" + String(n) + "}"
                    i += 1
                }
            case "Q" where !inClass:
                // Literal text up to \E. Without \E it would run to the end, where Prometheus' anchoring
                // `^(?:…)$` puts the closing parenthesis: Prometheus refuses that.
                var closed = false
                while i < s.count {
                    if s[i] == "\\", at(i + 1) == "E" {
                        i += 2
                        closed = true
                        break
                    }
                    out += Self.hex(s[i].value)
                    i += 1
                }
                if !closed { throw fail("\\Q is not closed by \\E: Prometheus anchors the pattern as ^(?:…)$, and the quote would take in its )", at: start) }
            case "Z", "G", "k", "K", "R", "X", "h", "H", "V", "e", "c", "N", "g", "o", "u", "U", "E", "C", "Q":
                throw fail("escape sequence \\\(Character(e)) is not supported by RE2", at: start)
            default:
                throw fail("invalid escape sequence \\\(Character(e))", at: start)
            }
            if !inClass { atom() }
        }

        /// The code point of a character escape whose letter `e` is at `i - 1` (C escapes, octal, `\x`), with `i`
        /// moved past it; nil when `e` starts no character escape.
        mutating func codePoint(escape e: Unicode.Scalar, start: Int) throws(Problem) -> UInt32? {
            switch e {
            case "a": return 0x07
            case "f": return 0x0C
            case "n": return 0x0A
            case "r": return 0x0D
            case "t": return 0x09
            case "v": return 0x0B
            case "0"..."7":
                // Octal: \0, \012, \123; a lone \1…\7 would be a back-reference.
                if e != "0", !(at(i).map { $0 >= "0" && $0 <= "7" } ?? false) {
                    throw fail("back-references (\\\(Character(e))) are not supported by RE2", at: start)
                }
                var v = e.value - 48
                for _ in 0..<2 {
                    guard let d = at(i), d >= "0", d <= "7" else { break }
                    v = v * 8 + d.value - 48
                    i += 1
                }
                return v
            case "x":
                var v: UInt32 = 0
                if at(i) == "{" {
                    var j = i + 1
                    while let d = at(j), let h = Self.hexValue(d) {
                        v = min(v &* 16 &+ h, 0x11_0000)
                        j += 1
                    }
                    guard j > i + 1, at(j) == "}", v <= 0x10_FFFF else {
                        throw fail("invalid escape sequence: \\x{…} takes hexadecimal digits up to 10FFFF", at: start)
                    }
                    i = j + 1
                    return v
                }
                for _ in 0..<2 {
                    guard let d = at(i), let h = Self.hexValue(d) else {
                        throw fail("invalid escape sequence: \\x takes two hexadecimal digits or {…}", at: start)
                    }
                    v = v * 16 + h
                    i += 1
                }
                return v
            default:
                return nil
            }
        }

        static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 87
            case "A"..."F": return c.value - 55
            default: return nil
            }
        }

        /// `[…]` at `i`: members are written as ICU escapes, so ICU's set operators (`&&`, `--`, nested `[`)
        /// never apply to what RE2 reads as literals.
        mutating func characterClass() throws(Problem) {
            let open = i
            i += 1
            out.append("[")
            if at(i) == "^" {
                out.append("^")
                i += 1
            }
            var first = true
            var members = 0
            while true {
                guard let c = at(i) else { throw fail("missing closing ]: the character class opened here is not closed", at: open) }
                if c == "]" && !first { break }
                first = false
                // POSIX class.
                if c == "[", at(i + 1) == ":" {
                    var j = i + 2
                    while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                    if j + 1 < s.count {
                        let name = SourceText.string(s[(i + 2)..<j])
                        let bare = name.hasPrefix("^") ? String(name.dropFirst()) : name
                        guard RegexCheck.posixClasses.contains(bare) else {
                            throw fail("invalid character class range: [:\(name):] is not a POSIX class RE2 knows", at: i)
                        }
                        out += "[:" + name + ":]"
                        i = j + 2
                        members += 1
                        continue
                    }
                }
                let itemStart = i
                guard let lo = try classChar() else {
                    members += 1
                    continue
                }
                if at(i) == "-", let next = at(i + 1), next != "]" {
                    i += 1
                    guard let hi = try classChar() else {
                        throw fail("invalid character class range: a class cannot end a range", at: itemStart)
                    }
                    guard lo <= hi else {
                        throw fail(
                            "invalid character class range: \(Character(Unicode.Scalar(lo)!))-\(Character(Unicode.Scalar(hi)!)) is out of order", at: itemStart)
                    }
                    out += Self.hex(lo) + "-" + Self.hex(hi)
                } else {
                    out += Self.hex(lo)
                }
                members += 1
            }
            i += 1
            out.append("]")
        }

        /// One character of a class (its code point), or nil when it was a class escape (`\d`, `\pL`), already written.
        mutating func classChar() throws(Problem) -> UInt32? {
            let c = s[i]
            guard c == "\\" else {
                i += 1
                return c.value
            }
            guard let e = at(i + 1) else { throw fail("trailing backslash at end of expression", at: i) }
            if e.value < 0x80, !Self.isAlnumASCII(e) {
                i += 2
                return e.value
            }
            if "dDsSwWpP".unicodeScalars.contains(e) {
                try escape(inClass: true)
                return nil
            }
            i += 2
            if let v = try codePoint(escape: e, start: i - 2) { return v }
            i -= 2
            try escape(inClass: true)
            return nil
        }
    }
}

extension RegexCheck.Problem: Error {}
