import OACCatalog
import OACDiagnostics

/// The lint rules oac knows, in the order docs list them.
public struct RuleRegistry: Sendable {
    public var rules: [any LintRule]

    public init(_ rules: [any LintRule]) { self.rules = rules }

    public static let standard = RuleRegistry([
        // Instrumentation
        HighCardinalityLabelRule(),
        MetricSeriesBudgetRule(),
        CounterTotalSuffixRule(),
        NonBaseUnitRule(),
        HistogramBucketNearThresholdRule(),
        ReservedLabelNameRule(),
        // SLOs
        UnrealisticObjectiveRule(),
        GoldServiceWithoutSLORule(),
        QuantileThresholdNotBucketRule(),
        BurnRateNeverFiresRule(),
        SLOWindowExceedsRetentionRule(),
        SLISelectorScopeRule(),
        // Ownership
        MissingOwnerRule(),
        OwnerWithoutPageReceiverRule(),
        MissingRunbookRule(),
        // Retention
        LogsOutliveMetricsRule(),
        UnusedTierRule(),
        // Secrets
        SecretInTextRule(),
        TLSVerificationOffRule(),
        // PromQL
        PromQLRateRangeRule(),
        PromQLExperimentalFunctionRule(),
        // Configuration
        LintConfigRule(),
        // The change (`--base`)
        ChangeExceedsPolicyRule(),
        CriticalSLORemovedRule(),
        ObjectiveLoosenedRule(),
        SLOWindowShortenedRule(),
        PagingTurnedOffRule(),
        SLIMetricLabelAddedRule(),
        OwnerChangedRule(),
        TierDowngradedRule(),
        RetentionShortenedRule(),
        ShardCountChangedRule()
    ])

    public var descriptions: [RuleDescription] { rules.map(\.description) }
    public var ids: [String] { rules.map(\.description.id) }

    public func rule(_ id: String) -> (any LintRule)? { rules.first { $0.description.id == id } }

    /// Rule docs for SARIF: every lint rule and every compiler check.
    public var ruleInfos: [RuleInfo] {
        descriptions.map(\.info)
            + CheckID.summaries.keys.sorted().map {
                RuleInfo(id: $0, summary: CheckID.summaries[$0]!, severity: .error)
            }
    }
}

/// Documents a rule's example leaves out, so examples stay short: a Platform with a gold tier and a Team
/// `web` with page and ticket receivers. `oac explain` prints them; the tests lint examples with them.
public enum RuleExamples {
    public static let platformPath = "prelude/platform.yaml"
    public static let teamPath = "prelude/team.yaml"
    public static let examplePath = "example.yaml"

    public static let platform = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: acme}
        spec:
          prometheus: {retention: 400d}
          retentionTiers:
            - name: gold
              metrics: {local: 15d, raw: 90d}
              logs: 90d
          alerting: {owner: web}

        """

    public static let team = """
        apiVersion: oac/v1
        kind: Team
        metadata: {name: web}
        spec:
          page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
          ticket: {slack: {channel: '#web', apiURLFile: /etc/alertmanager/secrets/slack}}

        """

    public static let marker: Character = "↓"

    /// The files to lint for an example: the snippet without its markers, plus the prelude documents it lacks.
    public static func files(for snippet: String) -> [SourceFile] {
        var files = [SourceFile(path: examplePath, contents: strip(snippet))]
        if !snippet.contains("kind: Platform") { files.append(SourceFile(path: platformPath, contents: platform)) }
        if !snippet.contains("kind: Team") { files.append(SourceFile(path: teamPath, contents: team)) }
        return files
    }

    /// The failing example as one self-contained catalog file: `catalog/broken-lint/<id>/catalog.yaml`.
    public static func standalone(_ d: RuleDescription) -> String {
        let example = strip(d.failing)
        var documents = [example.hasSuffix("\n") ? example : example + "\n"]
        if !example.contains("kind: Team") { documents.insert(team, at: 0) }
        if !example.contains("kind: Platform") { documents.insert(platform, at: 0) }
        return "# \(d.id): the rule's failing example (`oac explain \(d.id)`); expected.txt holds what `oac lint` prints.\n"
            + "# Generated from the rule's description: re-record with OAC_RECORD=1 swift test --filter BrokenLint.\n"
            + documents.joined(separator: "---\n")
    }

    public static func strip(_ snippet: String) -> String { snippet.filter { $0 != marker } }

    /// Where the snippet's markers point, as (line, column) in the stripped text; columns count Unicode scalars.
    public static func markers(in snippet: String) -> [(line: Int, column: Int)] {
        var out: [(Int, Int)] = []
        for (i, line) in snippet.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var column = 1
            for ch in line {
                if ch == marker {
                    out.append((i + 1, column))
                } else {
                    column += ch.unicodeScalars.count
                }
            }
        }
        return out
    }
}
