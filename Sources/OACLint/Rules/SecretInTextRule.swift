import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACSupport

/// Secrets anywhere in the catalog text: values, descriptions, help strings and comments.
public struct SecretInTextRule: LintRule {
    public static let id = "secret-in-text"

    /// What a secret looks like; `group` is the capture that holds the secret itself (0 = the whole match).
    struct Pattern: Sendable {
        var kind: String
        var regex: String
        var group: Int
        /// Text every match contains (any one of them; in ASCII-lowercased text when `anyCase`): lines without
        /// any are skipped without running the regex, which is most of the cost of linting a large catalog.
        var needles: [String]
        var anyCase = false
        /// Text every match contains as well (all of it, case-sensitive).
        var alsoContains: [String] = []
    }

    static let patterns: [Pattern] = [
        Pattern(
            kind: "a URL with credentials", regex: #"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@'":]+:[^\s/@'"]+@"#, group: 0,
            needles: ["://"], alsoContains: ["@"]),
        Pattern(
            kind: "a Slack webhook URL",
            regex: #"(?:https?://)?hooks\.slack\.com/services/[A-Za-z0-9_]+/[A-Za-z0-9_]+/[A-Za-z0-9_]+"#, group: 0,
            needles: ["hooks.slack.com/services/"]),
        Pattern(kind: "a Slack token", regex: #"xox[abposr]-[A-Za-z0-9\-]{10,}"#, group: 0, needles: ["xox"]),
        Pattern(
            kind: "a PagerDuty key",
            regex: #"(?i)\b(?:routing_?key|integration_?key|service_?key)\b\s*[:=]\s*['"]?([A-Za-z0-9]{20,})"#, group: 1,
            needles: ["key"], anyCase: true),
        Pattern(
            kind: "a password or token",
            regex: #"(?i)\b(?:password|passwd|pwd|secret|client_secret|api_?key|access_?key|auth_?token|token)\b\s*[:=]\s*['"]?([^\s'",}#/$<][^\s'",}#]{2,})"#,
            group: 1, needles: ["pass", "pwd", "secret", "key", "token"], anyCase: true),
        Pattern(
            kind: "a bearer token", regex: #"(?i)\bbearer\s+([A-Za-z0-9._~+/\-]{16,}=*)"#, group: 1,
            needles: ["bearer"], anyCase: true),
        Pattern(kind: "a GitHub token", regex: #"\bgh[pousr]_[A-Za-z0-9]{30,}"#, group: 0, needles: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
        Pattern(kind: "an AWS access key", regex: #"\bAKIA[0-9A-Z]{16}\b"#, group: 0, needles: ["AKIA"]),
        Pattern(kind: "a private key", regex: #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#, group: 0, needles: ["PRIVATE KEY"])
    ]

    /// Whether a line may hold a match of `pattern`. Lines with non-ASCII text always run the regex: case-
    /// insensitive matching folds more than ASCII (the Kelvin sign matches `k`).
    static func mayMatch(_ pattern: Pattern, line: [UInt8], lowered: [UInt8], ascii: Bool) -> Bool {
        guard ascii else { return true }
        let haystack = pattern.anyCase ? lowered : line
        return pattern.needles.contains { contains(haystack, Array($0.utf8)) }
            && pattern.alsoContains.allSatisfy { contains(line, Array($0.utf8)) }
    }

    /// The lines `scan` looks at: those where some pattern may match (every non-ASCII line among them).
    static let candidateLines = SourceScan.Query(
        needles: patterns.filter { !$0.anyCase }.flatMap(\.needles),
        caseInsensitiveNeedles: patterns.filter(\.anyCase).flatMap(\.needles),
        nonASCII: true)

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    public init() {}

    public let description = RuleDescription(
        id: id, category: .secrets, severity: .error,
        summary:
            "A secret is written in the catalog text: a URL with user:password, a Slack webhook, a PagerDuty key, a password or token — even in a description or a comment.",
        rationale: """
            The catalog lives in git, is copied into generated config, rendered into dashboards and reports, and \
            read by every engineer and CI job. A secret written anywhere in it — including a description, a help \
            string or a comment — is leaked the moment it is pushed. Receivers reference secrets by file \
            (`routingKeyFile`, `apiURLFile`, `urlFile`); rotate any secret this rule finds, then remove it.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              description: 'Health: curl ↓https://admin:hunter2@api.internal/health'
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}, help: 'grafana password=↓s3cr3t-pw'}
              # old alerts went to ↓https://hooks.slack.com/services/T0001/B0001/abcdefghijkl
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              description: 'Health: curl https://api.internal/health (credentials in the vault)'
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}, help: 'requests by route and code'}
              # alerts go to the team's slack receiver (apiURLFile)
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        // Files are independent: scan them on every core, keep the findings in file order. (Regex values are
        // not Sendable: each file with a line to look at compiles its own, which costs little next to matching.)
        let sources = context.sources
        let results = ParallelSlots<[Finding]>(count: sources.count)
        let pool = CompiledPatternPool()
        DispatchQueue.concurrentPerform(iterations: sources.count) { f in
            results[f] = Self.scan(sources[f], pool: pool)
        }
        return results.values.flatMap { $0 ?? [] }
    }

    /// Compiled patterns shared by the files of one scan: a thread takes a set (compiling one only when every
    /// set is in use) and gives it back, so a scan compiles about one set per core instead of one per file.
    final class CompiledPatternPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [[(Pattern, Regex<AnyRegexOutput>)]] = []

        func take() -> [(Pattern, Regex<AnyRegexOutput>)] {
            lock.lock()
            let set = free.popLast()
            lock.unlock()
            return set ?? SecretInTextRule.compiledPatterns()
        }

        func give(_ set: [(Pattern, Regex<AnyRegexOutput>)]) {
            lock.lock()
            free.append(set)
            lock.unlock()
        }
    }

    static func compiledPatterns() -> [(Pattern, Regex<AnyRegexOutput>)] {
        patterns.compactMap { p in (try? Regex(p.regex)).map { (p, $0) } }
    }

    static func scan(_ file: SourceFile, pool: CompiledPatternPool? = nil) -> [Finding] {
        var out: [Finding] = []
        var compiledOnce: [(Pattern, Regex<AnyRegexOutput>)]?
        defer { if let pool, let compiledOnce { pool.give(compiledOnce) } }
        // Lines where no pattern may match are skipped without being looked at (most of a catalog).
        for (i, line) in SourceScan.lines(of: file.contents, matching: candidateLines) {
            let text = String(line)
            let bytes = Array(text.utf8)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            var taken: [Range<String.Index>] = []
            let compiled = compiledOnce ?? pool?.take() ?? compiledPatterns()
            compiledOnce = compiled
            for (pattern, regex) in compiled where mayMatch(pattern, line: bytes, lowered: lowered, ascii: ascii) {
                for match in text.matches(of: regex) {
                    guard let range = match.output[pattern.group].range ?? Optional(match.range),
                        !taken.contains(where: { $0.overlaps(match.range) })
                    else { continue }
                    taken.append(match.range)
                    let column = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound) + 1
                    let secret = String(text[range])
                    let digest = String(Conventions.fnv1a64(secret), radix: 16)
                    out.append(
                        Finding(
                            "\(pattern.kind) is written in the catalog text",
                            at: SourceLocation(file: file.path, line: i + 1, column: column),
                            entity: "secret/\(digest)",
                            hint: "rotate it, remove it, and reference secrets by file (routingKeyFile, apiURLFile, urlFile)"))
                }
            }
        }
        return out
    }
}
