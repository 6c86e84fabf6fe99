/// The ids of the compiler's own checks (lint rules have theirs in the rule registry).
/// Each id is stable: users disable and grep for them.
public enum CheckID {
    public static let readError = "read-error"
    public static let emptyCatalog = "empty-catalog"
    public static let yamlSyntax = "yaml-syntax"
    public static let duplicateKey = "duplicate-key"
    public static let inputLimit = "input-limit"
    public static let unknownKind = "unknown-kind"
    public static let apiVersion = "api-version"
    public static let unknownKey = "unknown-key"
    public static let wrongType = "wrong-type"
    public static let missingField = "missing-field"
    public static let invalidName = "invalid-name"
    public static let invalidValue = "invalid-value"
    public static let invalidDuration = "invalid-duration"
    public static let invalidSize = "invalid-size"
    public static let duplicateName = "duplicate-name"
    public static let platformCount = "platform-count"
    public static let unresolvedReference = "unresolved-reference"
    public static let objectiveRange = "objective-range"
    public static let latencyThresholdNotBucket = "latency-threshold-not-bucket"
    public static let invalidSelector = "invalid-selector"
    public static let invalidPromQL = "invalid-promql"
    public static let undeclaredMetric = "undeclared-metric"
    public static let burnRateTable = "burn-rate-table"
    public static let retentionTooShort = "retention-too-short"
    public static let goldRetention = "gold-retention"
    public static let invalidTimestamp = "invalid-timestamp"
    public static let inlineSecret = "inline-secret"
    public static let notShardable = "query-not-shardable"
    public static let drillWindow = "drill-window"
    public static let targetsNotPerRegion = "targets-not-per-region"

    /// One line per check, for `oac explain` and SARIF.
    public static let summaries: [String: String] = [
        readError: "A catalog file could not be read (missing, unreadable, not UTF-8 text).",
        emptyCatalog: "The catalog path holds no *.yaml or *.yml documents.",
        yamlSyntax: "A file is not valid YAML.",
        duplicateKey:
            "A YAML mapping repeats a key. Every such mapping of a file is reported, and the first value of each key is read, so the file's other problems show in the same run.",
        inputLimit: "A file or document exceeds the loader's size, depth or node limits.",
        unknownKind: "A document has a kind oac does not know (Platform, Team, Service, IncidentLog).",
        apiVersion: "A document's apiVersion is missing or not oac/v1.",
        unknownKey: "A key is not part of the catalog language (often a typo).",
        wrongType: "A value has the wrong YAML type (e.g. a list where a string is expected).",
        missingField: "A required field is missing.",
        invalidName: "A name does not follow the naming rules.",
        invalidValue: "A value is outside its allowed set or range.",
        invalidDuration: "A duration is not in Prometheus syntax (5m, 1h30m, 30d).",
        invalidSize: "A size is not like 20GB or 1GiB.",
        duplicateName: "Two documents or entries share a name.",
        platformCount: "A catalog needs exactly one Platform document.",
        unresolvedReference: "A reference (owner, tier, region, service) names nothing in the catalog.",
        objectiveRange: "An SLO objective must be strictly between 0 and 100 percent.",
        latencyThresholdNotBucket: "A latency SLI threshold must be one of the histogram's bucket bounds.",
        invalidSelector: "An events/latency selector or a log stream selector is not a valid selector, or a regular expression in it is not RE2.",
        invalidPromQL: "A PromQL expression does not parse or type-check, or a regular expression in it is not RE2.",
        undeclaredMetric: "An SLI selects a metric the service does not declare.",
        burnRateTable: "A burn-rate table row is inconsistent.",
        retentionTooShort: "A place that evaluates an SLO keeps less data than the SLO window.",
        goldRetention: "A critical tier (`criticality: critical`, or `gold` without it) keeps raw metrics for less than 90 days.",
        invalidTimestamp: "A timestamp is not RFC 3339.",
        drillWindow: "A drill's `start` is not on its `date` (UTC), or its `duration` is zero or longer than 7 days.",
        notShardable:
            "A threshold SLI's query aggregates across targets in a way the global server cannot combine from the shards' parts (quantile, topk, stddev, … across targets), or contradicts its `scope`.",
        targetsNotPerRegion:
            "A service in several regions has static or file targets not assigned to regions (one `static` list, a `file` path without `{region}`, an address in two regions' lists): every region would scrape them, and the SLO would count each event once per region.",
        inlineSecret: "A secret is written inline in the catalog instead of referenced by file."
    ]
}
