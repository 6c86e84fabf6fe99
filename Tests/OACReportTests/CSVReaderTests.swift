import Foundation
import Testing

@testable import OACReport

@Suite("CSV reader")
struct CSVReaderTests {
    /// Each row as `line: field|field|…`.
    static func read(_ text: String) -> [String] {
        CSVReader.rows(text).map { "\($0.line): " + $0.fields.joined(separator: "|") }
    }

    /// Each field as `line:column`.
    static func positions(_ text: String) -> [[String]] {
        var out: [[String]] = []
        CSVReader.forEachRow(text) { row in out.append(row.fields.map { "\($0.line):\($0.column)" }) }
        return out
    }

    @Test("quoted fields keep commas, newlines and doubled quotes; rows end in LF or CRLF")
    func quoting() {
        let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\nd,\"two\nlines\",e\n\"\",\"\"\"\",x\n"
        #expect(Self.read(text) == ["1: a|b, c|say \"hi\"", "2: d|two\nlines|e", "4: |\"|x"])
    }

    @Test("a field starts at the column after its comma, counted in characters, on the line it starts")
    func locations() {
        // Line 2: `é` is two bytes and one column; the quoted field spans lines 2 and 3.
        let text = "id,title,when\né,\"x\ny\",2026\nz,,w"
        #expect(Self.positions(text) == [["1:1", "1:4", "1:10"], ["2:1", "2:3", "3:4"], ["4:1", "4:3", "4:4"]])
    }

    @Test("a byte order mark is skipped and takes no column; the last row needs no newline")
    func bom() {
        let text = "\u{FEFF}a,b\nc,d"
        #expect(Self.read(text) == ["1: a|b", "2: c|d"])
        #expect(Self.positions(text)[0] == ["1:1", "1:3"])
    }

    @Test("lenient like a spreadsheet: quotes inside a field are text, an unterminated quote runs to the end")
    func lenient() {
        #expect(Self.read("a\"b,\"c\"d, \"e\"\n") == ["1: a\"b|cd| \"e\""])
        #expect(Self.read("a,\"open\nstill open,") == ["1: a|open\nstill open,"])
        #expect(Self.read("") == [])
        #expect(Self.read("\n\n") == ["1: ", "2: "])
        // A CR outside quotes is dropped, inside it is kept.
        #expect(Self.read("a\rb,\"c\rd\"") == ["1: ab|c\rd"])
    }

    @Test("trimming removes spaces, tabs and Unicode spaces (as Foundation's .whitespaces), not newlines")
    func trimming() {
        for (field, trimmed) in [
            (" \ta\t ", "a"), ("\u{00A0}a b\u{3000}", "a b"), ("\u{200B}x\u{2009}", "x"), ("é ", "é"), (" \u{00A0} ", nil),
            ("\u{301}", "\u{301}"), ("\"\na\n\"", "\na\n")
        ] as [(String, String?)] {
            var got: String?? = .none
            CSVReader.forEachRow(field) { row in got = row.trimmed(row.fields[0]) }
            #expect(got == .some(trimmed), "\(field.debugDescription)")
            #expect(field.trimmingCharacters(in: .whitespaces) == (trimmed ?? "") || field.hasPrefix("\""))
        }
    }

    @Test("a row of 100,000 fields: each field's column counted on from the previous one (linear, not per field from the line's start)")
    func wideRow() {
        let text = "é" + String(repeating: ",x", count: 100_000)
        var columns: [Int] = []
        CSVReader.forEachRow(text) { row in columns = row.fields.map(\.column) }
        // `é` is one column: field k (from 0) starts at column 2k + 1.
        #expect(columns.count == 100_001)
        #expect(columns.last == 200_001)
        #expect(columns.enumerated().allSatisfy { $0.element == 2 * $0.offset + 1 })
    }

    @Test("the reader reads what the scalar-by-scalar reader it replaced read, fields and positions, on random text")
    func sameAsBefore() {
        var rng = SplitMix(seed: 21)
        let alphabet: [String] = [",", ",", "\"", "\"", "\n", "\r\n", "\r", "a", "b", " ", "é", "\u{FEFF}", "\u{00A0}", "日"]
        for _ in 0..<2_000 {
            let count = Int(rng.next() % 40)
            let text = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            var got: [[String]] = []
            CSVReader.forEachRow(text) { row in got.append([String(row.line)] + row.fields.map { "\($0.line):\($0.column):\(row.text($0))" }) }
            let expected = ScalarCSV.parse(text).map { row in [String(row.line)] + row.fields.map { "\($0.line):\($0.column):\($0.text)" } }
            #expect(got == expected, "\(text.debugDescription)")
        }
    }
}

/// A deterministic generator (SplitMix64).
struct SplitMix {
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

/// The reader `CSVReader` replaced (one `unicodeScalars.append` a character), kept as the reference its
/// behaviour is compared with.
enum ScalarCSV {
    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    struct Row {
        var line: Int
        var fields: [Field]
    }

    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [Field] = []
        var current = ""
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var rowLine = 1
        var inQuotes = false
        var afterQuote = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            fields.append(Field(text: current, line: fieldLine, column: fieldColumn))
            current = ""
            afterQuote = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        current.unicodeScalars.append("\"")
                        i += 2
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    current.unicodeScalars.append(c)
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                }
                i += 1
                column += 1
                continue
            }
            switch c {
            case "\"" where current.isEmpty && !afterQuote:
                inQuotes = true
            case ",":
                endField()
                fieldLine = line
                fieldColumn = column + 1
            case "\r":
                break
            case "\n":
                endField()
                rows.append(Row(line: rowLine, fields: fields))
                fields = []
                line += 1
                column = 0
                rowLine = line
                fieldLine = line
                fieldColumn = 1
            default:
                current.unicodeScalars.append(c)
            }
            i += 1
            column += 1
        }
        if !current.isEmpty || !fields.isEmpty || afterQuote {
            endField()
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }
}
