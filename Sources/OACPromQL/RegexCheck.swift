import Foundation

/// Best-effort validation of RE2 regular expressions (the syntax Prometheus uses
/// for `=~` / `!~`), implemented on top of `NSRegularExpression`.
///
/// Rejects constructs ICU accepts but RE2 does not (look-around, back-references,
/// atomic groups, possessive quantifiers, `\Z`, `\G`, inline comments), then compiles
/// the pattern fully anchored as Prometheus does: `^(?s:pattern)$`.
enum RegexCheck {
    /// Returns nil when valid, otherwise a description of the problem.
    static func problem(in pattern: String) -> String? {
        switch translate(pattern) {
        case .failure(let message):
            return message
        case .success(let icu):
            do {
                _ = try NSRegularExpression(pattern: "^(?s:" + icu + ")$", options: [])
                return nil
            } catch {
                return "the pattern does not compile"
            }
        }
    }

    /// Whether the anchored pattern matches the empty string (nil if it does not compile).
    static func matchesEmpty(_ pattern: String) -> Bool? {
        guard case .success(let icu) = translate(pattern),
              let re = try? NSRegularExpression(pattern: "^(?s:" + icu + ")$", options: [])
        else { return nil }
        return re.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
    }

    enum Translation {
        case success(String)
        case failure(String)
    }

    /// Checks RE2-only restrictions and rewrites `(?P<name>` to ICU's `(?<name>`.
    static func translate(_ pattern: String) -> Translation {
        let s = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var inClass = false
        var lastWasQuantifier = false
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard i + 1 < s.count else { return .failure("trailing backslash at end of expression") }
                let e = s[i + 1]
                if !inClass {
                    if e >= "1" && e <= "9" { return .failure("back-references (\\\(Character(e))) are not supported by RE2") }
                    if e == "Z" || e == "G" || e == "k" || e == "R" || e == "X" || e == "K" {
                        return .failure("escape sequence \\\(Character(e)) is not supported by RE2")
                    }
                }
                out.append(c)
                out.append(e)
                i += 2
                lastWasQuantifier = false
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                if c == "[" {
                    // ICU treats a nested `[` as a set; RE2 only allows it in `[:class:]`.
                    if i + 1 < s.count, s[i + 1] == ":" {
                        // POSIX class: copy through the closing `:]`.
                        var j = i + 2
                        while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                        guard j + 1 < s.count else { return .failure("missing closing :] of character class") }
                        for k in i...(j + 1) { out.append(s[k]) }
                        i = j + 2
                        continue
                    }
                    out.append("\\")
                }
                if c == "&" || (c == "-" && i + 1 < s.count && s[i + 1] == "-") || c == "{" || c == "}" {
                    // Literal in RE2, operators/specials in ICU sets.
                    if c == "-" {
                        out.append("\\")
                        out.append("-")
                        out.append("\\")
                        out.append("-")
                        i += 2
                        continue
                    }
                    out.append("\\")
                }
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.append(c)
                i += 1
                if i < s.count, s[i] == "^" {
                    out.append(s[i])
                    i += 1
                }
                // A leading `]` is a literal.
                if i < s.count, s[i] == "]" {
                    out.append("\\")
                    out.append("]")
                    i += 1
                }
                lastWasQuantifier = false
                continue
            case "(":
                if i + 1 < s.count, s[i + 1] == "?" {
                    let rest = String(String.UnicodeScalarView(s[(i + 2)..<min(s.count, i + 5)]))
                    if rest.hasPrefix("=") || rest.hasPrefix("!") || rest.hasPrefix("<=") || rest.hasPrefix("<!") {
                        return .failure("look-around assertions are not supported by RE2")
                    }
                    if rest.hasPrefix(">") { return .failure("atomic groups are not supported by RE2") }
                    if rest.hasPrefix("#") { return .failure("inline comments are not supported by RE2") }
                    if rest.hasPrefix("P=") || rest.hasPrefix("P>") { return .failure("back-references are not supported by RE2") }
                    if rest.hasPrefix("P<") {
                        out.append("(")
                        out.append("?")
                        out.append("<")
                        i += 4
                        lastWasQuantifier = false
                        continue
                    }
                }
                out.append(c)
                i += 1
                lastWasQuantifier = false
                continue
            case "*", "+", "?":
                if lastWasQuantifier && c == "+" {
                    return .failure("possessive quantifiers are not supported by RE2")
                }
                out.append(c)
                i += 1
                // `x*?` is a lazy quantifier; `x*+` is possessive.
                lastWasQuantifier = (c != "?" || !lastWasQuantifier)
                continue
            case "}":
                out.append(c)
                i += 1
                lastWasQuantifier = true
                continue
            default:
                out.append(c)
                i += 1
                lastWasQuantifier = false
            }
        }
        if inClass { return .failure("missing closing ] of character class") }
        return .success(String(out))
    }
}
