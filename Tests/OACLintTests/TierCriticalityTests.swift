import OACCatalog
import OACDiagnostics
import OACLint
import OACTestSupport
import Testing

/// Rules that mean "an important service" read the tier's criticality, never its name.
@Suite("Tier criticality")
struct TierCriticalityTests {
    /// The example catalog with a critical tier that keeps 30 days raw, plus a critical service without an SLO
    /// and a high-criticality one, both owned by a team that cannot be paged. `names` maps gold, silver and
    /// bronze to the names used; `declare` replaces each tier's description line (same line count) with its
    /// `criticality:`.
    static func catalog(names: [String: String], declare: Bool) -> [SourceFile] {
        let criticality = ["gold": "critical", "silver": "high", "bronze": "low"]
        var files = LintHarness.catalog("catalog/example").map { f -> SourceFile in
            var text = f.contents
            if f.path.hasSuffix("platform.yaml") {
                text = text.replacingOccurrences(of: "raw: 90d, downsampled5m: 1y", with: "raw: 30d, downsampled5m: 1y")
                var lines = text.components(separatedBy: "\n")
                for i in lines.indices {
                    for (old, new) in names where lines[i] == "    - name: \(old)" {
                        lines[i] = "    - name: \(new)"
                        if declare, lines[i + 1].hasPrefix("      description:") {
                            lines[i + 1] = "      criticality: \(criticality[old]!)"
                        }
                    }
                }
                text = lines.joined(separator: "\n")
            }
            for (old, new) in names { text = text.replacingOccurrences(of: "tier: \(old)\n", with: "tier: \(new)\n") }
            return SourceFile(path: f.path, contents: text)
        }
        files.append(
            SourceFile(
                path: "services/zz-ledger.yaml",
                contents: """
                    apiVersion: oac/v1
                    kind: Team
                    metadata: {name: quiet}
                    spec:
                      ticket: {slack: {channel: "#quiet", apiURLFile: /etc/alertmanager/secrets/slack}}
                    ---
                    apiVersion: oac/v1
                    kind: Service
                    metadata: {name: ledger}
                    spec:
                      owner: quiet
                      tier: \(names["gold"]!)
                      runbook: https://runbooks.example.com/ledger
                      metrics:
                        - {name: ledger_writes_total, type: counter, labels: {code: 5}}
                    ---
                    apiVersion: oac/v1
                    kind: Service
                    metadata: {name: ledger-feed}
                    spec:
                      owner: quiet
                      tier: \(names["silver"]!)
                      runbook: https://runbooks.example.com/ledger-feed
                      metrics:
                        - {name: feed_rows_total, type: counter, labels: {code: 5}}
                    """))
        return files
    }

    /// rule file:line — what a finding is about, without the words that name the tier.
    static func places(_ files: [SourceFile]) -> [String] {
        LintHarness.lint(files).report.diagnostics.map { d in
            "\(d.ruleID) \(d.location.map { "\($0.file):\($0.line)" } ?? "-")"
        }.sorted()
    }

    static let conventional = ["gold": "gold", "silver": "silver", "bronze": "bronze"]
    static let renamed = ["gold": "critical", "silver": "standard", "bronze": "best-effort"]

    @Test("tiers named critical/standard/best-effort with a declared criticality give the findings gold/silver/bronze give")
    func renamedTiers() {
        let gold = Self.places(Self.catalog(names: Self.conventional, declare: false))
        let renamed = Self.places(Self.catalog(names: Self.renamed, declare: true))
        // The three rules that mean "important service" all fire on the conventional names …
        #expect(gold.contains("gold-service-without-slo services/zz-ledger.yaml:9"))
        #expect(gold.contains("owner-without-page-receiver services/zz-ledger.yaml:11"))
        #expect(gold.contains("owner-without-page-receiver services/zz-ledger.yaml:21"))
        #expect(gold.contains { $0.hasPrefix("gold-retention ") })
        // … and exactly the same findings appear with other names.
        #expect(renamed == gold)
    }

    @Test("a declared criticality beats the name: a tier named gold declared low is not critical")
    func declaredBeatsName() {
        let files = Self.catalog(names: Self.conventional, declare: false).map { f -> SourceFile in
            guard f.path.hasSuffix("platform.yaml") else { return f }
            return SourceFile(
                path: f.path,
                contents: f.contents.replacingOccurrences(
                    of: "      description: Customer-facing inference; 90 days raw for quarterly SLO reviews, 2 years downsampled.",
                    with: "      criticality: low"))
        }
        let places = Self.places(files)
        #expect(!places.contains { $0.hasPrefix("gold-service-without-slo ") || $0.hasPrefix("gold-retention ") })
        // silver (high) still pages.
        #expect(places.contains("owner-without-page-receiver services/zz-ledger.yaml:21"))
    }

    @Test("criticality must be one of critical, high, standard, low")
    func invalidCriticality() {
        let files = Self.catalog(names: Self.conventional, declare: false).map { f -> SourceFile in
            guard f.path.hasSuffix("platform.yaml") else { return f }
            return SourceFile(
                path: f.path,
                contents: f.contents.replacingOccurrences(
                    of: "      description: Batch and best-effort workloads.", with: "      criticality: besteffort"))
        }
        let errors = LintHarness.lint(files).report.diagnostics.filter { $0.ruleID == CheckID.invalidValue }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("critical, high, standard, low") == true)
    }
}
