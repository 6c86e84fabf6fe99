import OACCatalog
import OACDiagnostics

/// One lint rule: a stable id, its documentation (which also drives its tests) and the check itself.
public protocol LintRule: Sendable {
    var description: RuleDescription { get }
    /// Every finding of this rule in the catalog; severity and ignores are applied by the linter.
    func check(_ context: LintContext) -> [Finding]
}

/// What `oac explain`, `oac lint --list`, docs/lint.md and SARIF say about a rule.
public struct RuleDescription: Sendable, Hashable {
    public enum Category: String, Sendable, CaseIterable, Hashable {
        case instrumentation, slo, ownership, retention, capacity, secrets, promql, configuration

        public var title: String {
            switch self {
            case .instrumentation: "Instrumentation"
            case .slo: "SLOs"
            case .ownership: "Ownership"
            case .retention: "Retention"
            case .capacity: "Capacity"
            case .secrets: "Secrets"
            case .promql: "PromQL"
            case .configuration: "Configuration"
            }
        }
    }

    /// Where the pull-request comment (`--format markdown`) lists the rule's findings.
    public enum Group: String, Sendable, CaseIterable, Hashable {
        /// What can break: alerts, SLOs, ownership, data kept, secrets, queries.
        case risk
        /// What the change adds to the bill: series and their labels.
        case cost
        /// What the change does to the Prometheus servers: shards, servers, targets that move.
        case capacity

        public var title: String {
            switch self {
            case .risk: "Risk"
            case .cost: "Cost"
            case .capacity: "Capacity"
            }
        }
    }

    /// Kebab-case and stable: users disable rules by it.
    public var id: String
    public var category: Category
    public var severity: Severity
    /// One line.
    public var summary: String
    /// Why the rule exists.
    public var rationale: String
    /// A catalog snippet the rule flags. `↓` marks each place a finding must land (the tests check it);
    /// documents the snippet leaves out (Platform, Team) come from a shared prelude.
    public var failing: String
    /// A snippet the rule accepts. Rules about a change (`oac lint --base`) read it as the base of both examples.
    public var passing: String
    /// The pull-request comment's section: `.capacity` for the capacity category, else `.risk` unless given.
    public var group: Group

    public init(
        id: String, category: Category, severity: Severity, summary: String, rationale: String,
        failing: String, passing: String, group: Group? = nil
    ) {
        self.id = id
        self.category = category
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.failing = failing
        self.passing = passing
        self.group = group ?? (category == .capacity ? .capacity : .risk)
    }

    public var info: RuleInfo { RuleInfo(id: id, summary: summary, severity: severity) }
}

/// A rule's raw finding, before configuration decides its severity.
public struct Finding: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation?
    public var hint: String?
    /// What the finding is about, independent of lines (`service/api/metric/x/label/user_id`):
    /// `--base` matches findings across versions of a catalog by rule, entity and message.
    public var entity: String

    public init(_ message: String, at location: SourceLocation?, entity: String, hint: String? = nil) {
        self.message = message
        self.location = location
        self.entity = entity
        self.hint = hint
    }
}
