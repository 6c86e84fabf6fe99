/// RFC 4180 CSV read over the UTF-8 bytes, one row at a time, with the line and column where each field
/// starts (columns count Unicode scalars, as an editor does). Quoted fields may hold commas, newlines and
/// doubled quotes; rows end in LF or CRLF (a CR outside quotes is dropped); a leading byte order mark is
/// skipped. Lenient where RFC 4180 is strict, as spreadsheets are: a quote inside an unquoted field, or text
/// after a closing quote, is kept as text; an unterminated quote runs to the end of the file.
///
/// The fields of a row are byte ranges into one buffer the reader reuses, so reading a row allocates nothing
/// once the buffer has grown; the caller makes a `String` only of the fields it keeps. Linear in the bytes,
/// whatever the shape of the rows (the column of a field is counted on from the previous one).
struct CSVReader {
    struct Field: Sendable {
        /// The field's bytes in `Row.bytes`, quotes removed and doubled quotes undone.
        var range: Range<Int>
        var line: Int
        var column: Int
    }

    struct Row {
        var line = 1
        var fields: [Field] = []
        var bytes: [UInt8] = []

        func text(_ f: Field) -> String { String(decoding: bytes[f.range], as: UTF8.self) }

        /// The field's text without leading and trailing white space (space, tab and the other Unicode
        /// space separators, as Foundation's `.whitespaces`), nil when nothing is left.
        func trimmed(_ f: Field) -> String? {
            let r = CSVReader.trim(bytes, f.range)
            return r.isEmpty ? nil : String(decoding: bytes[r], as: UTF8.self)
        }

        /// Whether the field is empty or only white space.
        func isBlank(_ f: Field) -> Bool { CSVReader.trim(bytes, f.range).isEmpty }
    }

    /// Calls `body` with each row of `text`, in order; the row is only valid during the call.
    static func forEachRow(_ text: String, _ body: (Row) -> Void) {
        var text = text
        text.withUTF8 { read($0, body) }
    }

    /// Every row as text (tests, small files).
    static func rows(_ text: String) -> [(line: Int, fields: [String])] {
        var out: [(line: Int, fields: [String])] = []
        forEachRow(text) { row in out.append((row.line, row.fields.map { row.text($0) })) }
        return out
    }

    // Bytes: 34 `"`, 44 `,`, 13 CR, 10 LF. `b` is valid UTF-8 (it comes from a String).
    private static func read(_ b: UnsafeBufferPointer<UInt8>, _ body: (Row) -> Void) {
        var row = Row()
        row.fields.reserveCapacity(16)
        row.bytes.reserveCapacity(512)
        var i = 0
        // A UTF-8 byte order mark (EF BB BF) is skipped and counts as no column.
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        var line = 1
        // Columns: `counted` scalars of the current line lie before byte `countedTo`; counting goes on from there.
        var countedTo = i
        var counted = 0
        var fieldStart = 0
        var fieldLine = 1
        var fieldColumn = 1
        var inQuotes = false
        var afterQuote = false
        func newLine(at offset: Int) {
            line += 1
            countedTo = offset
            counted = 0
        }
        func endField() {
            row.fields.append(Field(range: fieldStart..<row.bytes.count, line: fieldLine, column: fieldColumn))
            fieldStart = row.bytes.count
            afterQuote = false
        }
        while i < b.count {
            let c = b[i]
            if inQuotes {
                if c == 34 {
                    if i + 1 < b.count, b[i + 1] == 34 {
                        row.bytes.append(34)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    row.bytes.append(c)
                    if c == 10 { newLine(at: i + 1) }
                }
                i += 1
                continue
            }
            switch c {
            case 34 where row.bytes.count == fieldStart && !afterQuote:
                inQuotes = true
            case 44:
                endField()
                // Every byte that is not a UTF-8 continuation byte starts a scalar.
                while countedTo <= i {
                    if b[countedTo] & 0xC0 != 0x80 { counted += 1 }
                    countedTo += 1
                }
                fieldLine = line
                fieldColumn = counted + 1
            case 13:
                break
            case 10:
                endField()
                body(row)
                row.fields.removeAll(keepingCapacity: true)
                row.bytes.removeAll(keepingCapacity: true)
                fieldStart = 0
                newLine(at: i + 1)
                row.line = line
                fieldLine = line
                fieldColumn = 1
            default:
                row.bytes.append(c)
            }
            i += 1
        }
        if row.bytes.count > fieldStart || !row.fields.isEmpty || afterQuote {
            endField()
            body(row)
        }
    }

    /// `range` without leading and trailing white space: ASCII space and tab, and the Unicode space separators
    /// (category Zs: no-break space, en and em spaces, ideographic space…) and U+200B, as Foundation's `.whitespaces`.
    static func trim(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let c = bytes[lo]
            if c == 32 || c == 9 {
                lo += 1
            } else if c >= 0xC0, let n = spaceSeparator(bytes, at: lo, end: hi) {
                lo += n
            } else {
                break
            }
        }
        while hi > lo {
            let c = bytes[hi - 1]
            if c == 32 || c == 9 {
                hi -= 1
                continue
            }
            guard c >= 0x80 else { break }
            // Back to the scalar's lead byte.
            var s = hi - 1
            while s > lo, bytes[s] & 0xC0 == 0x80 { s -= 1 }
            guard let n = spaceSeparator(bytes, at: s, end: hi), s + n == hi else { break }
            hi = s
        }
        return lo..<hi
    }

    /// The length in bytes of the scalar starting at `at` when it is a Unicode space separator (Zs) or U+200B, else nil.
    private static func spaceSeparator(_ bytes: [UInt8], at: Int, end: Int) -> Int? {
        let lead = bytes[at]
        let n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard n > 1, at + n <= end else { return nil }
        var value = UInt32(lead) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for k in 1..<n { value = value << 6 | UInt32(bytes[at + k] & 0x3F) }
        // U+200B (zero width space) is no longer Zs, but Foundation's `.whitespaces` still trims it.
        guard let scalar = Unicode.Scalar(value), value == 0x200B || scalar.properties.generalCategory == .spaceSeparator else { return nil }
        return n
    }
}
