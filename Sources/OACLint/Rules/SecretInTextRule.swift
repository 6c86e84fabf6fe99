import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// Secrets anywhere in the catalog text: values, descriptions, help strings and comments.
public struct SecretInTextRule: LintRule {
    public static let id = "secret-in-text"

    /// What a secret looks like; `group` is the capture that holds the secret itself (0 = the whole match).
    struct Pattern {
        var kind: String
        var regex: String
        var group: Int
    }

    static let patterns: [Pattern] = [
        Pattern(kind: "a URL with credentials", regex: #"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@'":]+:[^\s/@'"]+@"#, group: 0),
        Pattern(kind: "a Slack webhook URL",
                regex: #"(?:https?://)?hooks\.slack\.com/services/[A-Za-z0-9_]+/[A-Za-z0-9_]+/[A-Za-z0-9_]+"#, group: 0),
        Pattern(kind: "a Slack token", regex: #"xox[abposr]-[A-Za-z0-9\-]{10,}"#, group: 0),
        Pattern(kind: "a PagerDuty key",
                regex: #"(?i)\b(?:routing_?key|integration_?key|service_?key)\b\s*[:=]\s*['"]?([A-Za-z0-9]{20,})"#, group: 1),
        Pattern(kind: "a password or token",
                regex: #"(?i)\b(?:password|passwd|pwd|secret|client_secret|api_?key|access_?key|auth_?token|token)\b\s*[:=]\s*['"]?([^\s'",}#/$<][^\s'",}#]{2,})"#,
                group: 1),
        Pattern(kind: "a bearer token", regex: #"(?i)\bbearer\s+([A-Za-z0-9._~+/\-]{16,}=*)"#, group: 1),
        Pattern(kind: "a GitHub token", regex: #"\bgh[pousr]_[A-Za-z0-9]{30,}"#, group: 0),
        Pattern(kind: "an AWS access key", regex: #"\bAKIA[0-9A-Z]{16}\b"#, group: 0),
        Pattern(kind: "a private key", regex: #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#, group: 0),
    ]

    public init() {}

    public let description = RuleDescription(
        id: id, category: .secrets, severity: .error,
        summary: "A secret is written in the catalog text: a URL with user:password, a Slack webhook, a PagerDuty key, a password or token — even in a description or a comment.",
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
        let compiled = Self.patterns.compactMap { p in (try? Regex(p.regex)).map { (p, $0) } }
        var out: [Finding] = []
        for file in context.sources {
            for (i, line) in file.contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = String(line)
                var taken: [Range<String.Index>] = []
                for (pattern, regex) in compiled {
                    for match in text.matches(of: regex) {
                        guard let range = match.output[pattern.group].range ?? Optional(match.range),
                              !taken.contains(where: { $0.overlaps(match.range) }) else { continue }
                        taken.append(match.range)
                        let column = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound) + 1
                        let secret = String(text[range])
                        let digest = String(Conventions.fnv1a64(secret), radix: 16)
                        out.append(Finding("\(pattern.kind) is written in the catalog text",
                                           at: SourceLocation(file: file.path, line: i + 1, column: column),
                                           entity: "secret/\(digest)",
                                           hint: "rotate it, remove it, and reference secrets by file (routingKeyFile, apiURLFile, urlFile)"))
                    }
                }
            }
        }
        return out
    }
}
