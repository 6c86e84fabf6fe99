import Testing

@testable import OACPromQL

@Suite("Robustness")
struct RobustnessTests {
    @Test("deep nesting is rejected with an error instead of overflowing the stack")
    func deepNesting() {
        let parens = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(parseError(parens)?.message.contains("nested too deeply") == true)
        let minus = String(repeating: "-", count: 100_000) + "x"
        #expect(parseError(minus)?.message.contains("nested too deeply") == true)
        let chain = Array(repeating: "x", count: 5_000).joined(separator: " + ")
        #expect(parseError(chain)?.message.contains("nested too deeply") == true)
        let powers = Array(repeating: "x", count: 5_000).joined(separator: " ^ ")
        #expect(parseError(powers)?.message.contains("nested too deeply") == true)
        let calls = String(repeating: "abs(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(parseError(calls)?.message.contains("nested too deeply") == true)
        let subqueries = String(repeating: "max_over_time(", count: 5_000) + "x[5m]" + String(repeating: "[5m:])", count: 5_000)
        #expect(parseError(subqueries) != nil)
    }

    @Test("nesting up to the limit still parses, prints and compares")
    func nestingAtLimit() throws {
        let depth = 250
        let source = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        let e = try PromQL.parse(source)
        #expect(e.description == source)
        #expect(e.vectorSelectors.count == 1)
        let deepCalls = String(repeating: "abs(", count: 250) + "x" + String(repeating: ")", count: 250)
        #expect(try PromQL.parse(deepCalls).functionNames == ["abs"])
        let chain = Array(repeating: "x", count: 200).joined(separator: " + ")
        let c = try PromQL.parse(chain)
        #expect(try PromQL.parse(c.description) == c)
    }

    @Test("random token soup never crashes the parser")
    func fuzzTokens() {
        let pieces = [
            "x", "sum", "rate", "(", ")", "{", "}", "[", "]", "5m", ":", ",", "=", "=~", "\"a\"", "'", "\"",
            "`", "by", "without", "on", "group_left", "offset", "@", "start()", "-", "+", "*", "^", "/",
            "and", "or", "bool", "==", ">", "1", "0x", "1e", "Inf", "#", "\n", "\\", "é", "😀", "!", "$",
            "topk", "count_values", "histogram_quantile", "[1h:]", "1.5", ".", "__name__", "le", "\r"
        ]
        var rng = SplitMix(seed: 42)
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 14) + 1
            var s = ""
            for _ in 0..<n {
                s += pieces[Int(rng.next() % UInt64(pieces.count))]
                if rng.next() % 2 == 0 { s += " " }
            }
            do {
                let e = try PromQL.parse(s)
                // Whatever parses must round-trip.
                #expect(try PromQL.parse(e.description) == e, "\(s)")
            } catch {
                #expect(error.line >= 1 && error.column >= 1 && error.offset >= 0, "\(s)")
                #expect(error.offset <= s.count)
            }
        }
    }

    @Test("random mutations of valid expressions never crash the parser")
    func fuzzMutations() {
        var rng = SplitMix(seed: 7)
        let alphabet = Array("(){}[]\"'`,:=!~<>+-*/%^@#\\ \n0123456789.exmhsdwyabcINFnaf_é😀")
        for source in trickyCorpus {
            for _ in 0..<40 {
                var chars = Array(source)
                let edits = Int(rng.next() % 3) + 1
                for _ in 0..<edits where !chars.isEmpty {
                    let pos = Int(rng.next() % UInt64(chars.count))
                    switch rng.next() % 3 {
                    case 0: chars.remove(at: pos)
                    case 1: chars.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: pos)
                    default: chars[pos] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    }
                }
                let s = String(chars)
                if let e = try? PromQL.parse(s) {
                    #expect((try? PromQL.parse(e.description)) == e, "\(s) printed as \(e.description)")
                }
                _ = try? PromQL.parseSelector(s)
            }
        }
    }

    @Test("huge numbers and durations are handled without traps")
    func overflow() {
        #expect(parseError("x[99999999999999999999y]")?.message.contains("bad duration syntax") == true)
        #expect(parseError("x[1e300]")?.message.contains("duration out of range") == true)
        #expect(parseError("x offset 1e300")?.message.contains("duration out of range") == true)
        #expect(parseError("x @ 1e300")?.message.contains("timestamp out of bounds") == true)
        // Prometheus refuses both (`error parsing number`, promtool 2.42): so does the parser (NumberLimitTests).
        #expect(parseError("1e400")?.message.contains("number out of range") == true)
        #expect(parseError("0xffffffffffffffffffffffff")?.message.contains("number out of range") == true)
    }
}

/// Deterministic PRNG for the fuzz tests.
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
