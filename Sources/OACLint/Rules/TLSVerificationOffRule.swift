import OACCatalog
import OACDiagnostics

/// A scrape that does not verify the targets' certificates.
public struct TLSVerificationOffRule: LintRule {
    public static let id = "tls-verification-off"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .secrets, severity: .warning,
        summary: "A service's scrape sets `tls.insecureSkipVerify: true`.",
        rationale: """
            Without certificate verification anyone on the path can answer the scrape: the metrics, and the \
            bearer token or password the scrape sends, go to whoever answers. oac never turns verification off \
            by itself; when the catalog does, give Prometheus the CA (`tls.ca`) instead.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              targets: {static: ["api-0:8443"]}
              scrape:
                scheme: https
                tls: {↓insecureSkipVerify: true}
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              targets: {static: ["api-0:8443"]}
              scrape:
                scheme: https
                tls: {ca: /etc/prometheus/ca/web.pem}
            """)

    public func check(_ context: LintContext) -> [Finding] {
        context.catalog.services.compactMap { s in
            guard let loc = s.insecureSkipVerifyLocation else { return nil }
            return Finding(
                "service `\(s.name.value)` scrapes without verifying the targets' certificates", at: loc,
                entity: s.entity, hint: "give the CA with `tls.ca: /path/of/ca.pem` or `{secret: …, key: …}` and drop `insecureSkipVerify`")
        }
    }
}
