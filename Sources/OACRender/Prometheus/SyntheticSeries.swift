import Foundation
import OACModel
import OACPromQL

/// Label sets that do (or do not) match PromQL selectors, for generated promtool tests.
enum SyntheticSeries {
    /// Labels of one synthetic series.
    typealias Labels = [String: String]

    static func matches(_ m: LabelSelector.Matcher, _ value: String) -> Bool {
        switch m.op {
        case .equal: return value == m.value
        case .notEqual: return value != m.value
        case .regexMatch: return fullMatch(m.value, value)
        case .regexNoMatch: return !fullMatch(m.value, value)
        }
    }

    static func fullMatch(_ pattern: String, _ value: String) -> Bool {
        RegexCache.shared.fullMatch(pattern, value)
    }

    static func matches(_ selector: LabelSelector, metric: String, _ labels: Labels) -> Bool {
        selector.metric == metric && selector.matchers.allSatisfy { matches($0, labels[$0.name] ?? "") }
    }

    static func negated(_ m: LabelSelector.Matcher) -> LabelSelector.Matcher {
        let op: LabelSelector.Op
        switch m.op {
        case .equal: op = .notEqual
        case .notEqual: op = .equal
        case .regexMatch: op = .regexNoMatch
        case .regexNoMatch: op = .regexMatch
        }
        return .init(m.name, op, m.value)
    }

    static let fallbackValues = [
        "", "x", "200", "ok", "500", "503", "error", "true", "false", "1", "0", "success",
        "failure", "fail", "timeout", "a", "GET", "POST", "pass", "bad"
    ]

    /// A value satisfying every matcher, or nil.
    static func value(satisfying matchers: [LabelSelector.Matcher]) -> String? {
        var candidates: [String] = []
        for m in matchers {
            switch m.op {
            case .equal: candidates.append(m.value)
            case .regexMatch: candidates.append(contentsOf: RegexExample.examples(m.value))
            default: break
            }
        }
        candidates.append(contentsOf: fallbackValues)
        return candidates.first { v in matchers.allSatisfy { matches($0, v) } }
    }

    /// Labels matching every matcher given; labels whose only constraint is negative are left out when "" fits.
    static func labels(satisfying matchers: [LabelSelector.Matcher]) -> Labels? {
        var out: Labels = [:]
        for name in Set(matchers.map(\.name)).sorted() {
            guard let v = value(satisfying: matchers.filter { $0.name == name }) else { return nil }
            if !v.isEmpty { out[name] = v }
        }
        return out
    }

    /// Labels matching `base` but not `excluded` (same metric): violate one of `excluded`'s matchers.
    static func labels(matching base: [LabelSelector.Matcher], notMatching excluded: [LabelSelector.Matcher]) -> Labels? {
        for pivot in excluded {
            var constraints = base
            constraints.append(negated(pivot))
            guard var labels = labels(satisfying: constraints) else { continue }
            // Labels the excluded selector mentions but the base does not may stay empty.
            if excluded.allSatisfy({ matches($0, labels[$0.name] ?? "") }) { continue }
            labels = labels.filter { !$0.value.isEmpty }
            return labels
        }
        return nil
    }

    /// `metric{a="x",b="y"}` in promtool's series notation, labels sorted.
    static func text(_ metric: String, _ labels: Labels) -> String {
        LabelSelector(metric: metric, matchers: labels.sorted { $0.key < $1.key }.map { .init($0.key, .equal, $0.value) })
            .description
    }
}

/// Compiled anchored regexes by pattern: test generation matches the same few catalog regexes thousands of
/// times, and compiling one costs far more than matching it. Shared by the threads that render services.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()

    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]
    private var results: [Pair: Bool] = [:]

    struct Pair: Hashable {
        var pattern: String
        var value: String
    }

    /// Whether the whole of `value` matches `pattern` (false when the pattern does not compile).
    func fullMatch(_ pattern: String, _ value: String) -> Bool {
        let key = Pair(pattern: pattern, value: value)
        lock.lock()
        if let hit = results[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let re = anchored(pattern)
        let match = re?.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        lock.lock()
        results[key] = match
        lock.unlock()
        return match
    }

    /// The pattern as Prometheus matches it (`PromQL.anchoredRegex`), or nil when it is not valid RE2.
    func anchored(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let hit = compiled[pattern] { return hit }
        let re = PromQL.anchoredRegex(pattern)
        compiled[pattern] = re
        return re
    }
}

/// Strings that a regular expression matches, found by walking the pattern (first alternative, one
/// repetition, first character of a class). Good enough for the label regexes catalogs use (`5..`, `2..|3..`).
enum RegexExample {
    static func examples(_ pattern: String) -> [String] {
        var results: [String] = []
        for alternative in splitTop(pattern) {
            var s = Array(alternative)
            var out = ""
            var i = 0
            build(&s, &i, &out, depth: 0)
            results.append(out)
        }
        return results.filter { SyntheticSeries.fullMatch(pattern, $0) }
    }

    static func splitTop(_ p: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        var escaped = false
        var inClass = false
        for c in p {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if c == "\\" {
                current.append(c)
                escaped = true
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                current.append(c)
                continue
            }
            if c == "[" { inClass = true }
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == "|", depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    static func build(_ s: inout [Character], _ i: inout Int, _ out: inout String, depth: Int) {
        guard depth < 16 else { return }
        var last = ""
        while i < s.count {
            let c = s[i]
            switch c {
            case "^", "$":
                i += 1
                last = ""
                continue
            case ")":
                return
            case "(":
                i += 1
                if i + 1 < s.count, s[i] == "?", s[i + 1] == ":" { i += 2 }
                var inner = ""
                build(&s, &i, &inner, depth: depth + 1)
                // Skip other alternatives inside the group.
                var d = 0
                while i < s.count, !(s[i] == ")" && d == 0) {
                    if s[i] == "(" { d += 1 } else if s[i] == ")" { d -= 1 }
                    i += 1
                }
                i += 1
                last = inner
            case "|":
                // Rest of this group's alternatives are skipped by the caller.
                return
            case "[":
                i += 1
                var negate = false
                if i < s.count, s[i] == "^" {
                    negate = true
                    i += 1
                }
                var first: Character?
                while i < s.count, s[i] != "]" {
                    if first == nil { first = s[i] == "\\" && i + 1 < s.count ? s[i + 1] : s[i] }
                    i += s[i] == "\\" ? 2 : 1
                }
                i += 1
                last = negate ? "~" : String(first ?? "a")
            case "\\":
                i += 1
                guard i < s.count else { return }
                switch s[i] {
                case "d": last = "0"
                case "w": last = "a"
                case "s": last = " "
                default: last = String(s[i])
                }
                i += 1
            case ".":
                last = "0"
                i += 1
            case "*", "?":
                // Zero repetitions is a match too, but keep one for readability; drop it if it breaks.
                i += 1
                continue
            case "+":
                i += 1
                continue
            case "{":
                var n = ""
                i += 1
                while i < s.count, s[i].isNumber {
                    n.append(s[i])
                    i += 1
                }
                while i < s.count, s[i] != "}" { i += 1 }
                i += 1
                if let k = Int(n), k > 1, k < 64 { out += String(repeating: last, count: k - 1) }
                continue
            default:
                last = String(c)
                i += 1
            }
            out += last
        }
    }
}
