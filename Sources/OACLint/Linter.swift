import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACSupport

import enum OACPromQL.Expr

/// Runs every rule of a registry over a catalog and applies the catalog's configuration: severity overrides
/// and `off` from `Platform.spec.lint`, and `# oac:ignore rule-id` comments on (or just above) a line.
public enum Linter {
    /// `parsedQueries`: PromQL the compiler parsed already, by text (`PromQL.parse` with default options).
    public static func lint(
        catalog: Catalog, model: Model?, sources: [SourceFile],
        compilerDiagnostics: Diagnostics = Diagnostics(),
        registry: RuleRegistry = .standard, parsedQueries: [String: Expr] = [:],
        base: Model? = nil
    ) -> LintReport {
        let configuration = LintConfiguration(catalog.platforms.first?.lint ?? [:])
        let context = LintContext(
            catalog: catalog, model: model, sources: sources, settings: configuration.settings,
            parsedQueries: parsedQueries, base: base)
        // Rules are independent: run them (and the ignore-comment scan) on every core; findings keep rule order.
        let rules = registry.rules
        let severities = rules.map { configuration.severity(of: $0.description.id, default: $0.description.severity) }
        let slots = ParallelSlots<[Finding]>(count: rules.count)
        nonisolated(unsafe) var ignoresSlot: IgnoreComments?
        DispatchQueue.concurrentPerform(iterations: rules.count + 1) { i in
            if i == rules.count {
                ignoresSlot = IgnoreComments(sources)
            } else if severities[i] != nil {
                slots[i] = rules[i].check(context)
            }
        }
        let ignores = ignoresSlot!
        // Compiler checks cannot be switched off: without them there is no model.
        var out = compilerDiagnostics.sorted.map { LintedFinding(diagnostic: $0, entity: "") }
        // One finding per problem: where a compiler check and a rule see the same cause on one line, the
        // compiler's finding stands alone.
        var compilerLines: [String: Set<String>] = [:]
        for d in compilerDiagnostics.items {
            guard let loc = d.location else { continue }
            compilerLines["\(loc.file):\(loc.line)", default: []].insert(d.ruleID)
        }
        for (i, rule) in rules.enumerated() {
            let d = rule.description
            guard let severity = severities[i] else { continue }
            for f in slots[i] ?? [] {
                if let loc = f.location {
                    if d.id != LintConfigRule.id, ignores.ignores(d.id, at: loc) { continue }
                    if let covering = Self.sameCause[d.id], let there = compilerLines["\(loc.file):\(loc.line)"],
                        !covering.isDisjoint(with: there)
                    {
                        continue
                    }
                }
                out.append(
                    LintedFinding(
                        diagnostic: Diagnostic(severity, f.message, rule: d.id, at: f.location, hint: f.hint),
                        entity: f.entity))
            }
        }
        return LintReport(findings: sortedUnique(out))
    }

    /// Rules that see a cause a compiler check reports too. On a line where one of those checks reported,
    /// the rule stays silent: the compiler's id wins.
    static let sameCause: [String: Set<String>] = [
        // An inline secret, reported by the compiler at its key.
        SecretInTextRule.id: [CheckID.inlineSecret],
        // An SLO window longer than the retention where it is evaluated.
        SLOWindowExceedsRetentionRule.id: [CheckID.retentionTooShort],
        // A label product the compiler refuses (it overflows, or is beyond any budget).
        MetricSeriesBudgetRule.id: [CheckID.invalidValue],
        HighCardinalityLabelRule.id: [CheckID.invalidValue]
    ]

    /// The findings of `head` that `base` does not have. Lines shift between versions, so findings match by
    /// rule id, entity and message.
    public static func newFindings(_ head: [LintedFinding], base: [LintedFinding]) -> [LintedFinding] {
        var known: [LintedFinding.Key: Int] = [:]
        for f in base { known[f.key, default: 0] += 1 }
        return head.filter { f in
            if let n = known[f.key], n > 0 {
                known[f.key] = n - 1
                return false
            }
            return true
        }
    }

    static func sortedUnique(_ items: [LintedFinding]) -> [LintedFinding] {
        var seen = Set<Diagnostic>()
        return items.sorted { $0.diagnostic < $1.diagnostic }.filter { seen.insert($0.diagnostic).inserted }
    }
}

/// One diagnostic with the entity it is about.
public struct LintedFinding: Sendable, Hashable {
    public var diagnostic: Diagnostic
    public var entity: String

    public init(diagnostic: Diagnostic, entity: String) {
        self.diagnostic = diagnostic
        self.entity = entity
    }

    struct Key: Hashable {
        var rule: String
        var entity: String
        var message: String
    }

    var key: Key { Key(rule: diagnostic.ruleID, entity: entity, message: diagnostic.message) }
}

/// The result of one lint run.
public struct LintReport: Sendable {
    public var findings: [LintedFinding]
    /// Set by `--base`: how this change moves series and cost.
    public var costDiff: CostDiff?
    /// Set by `--base` instead of `costDiff` when a catalog does not compile: why there is no figure.
    /// A model that misses a service's metrics would give a wrong figure, never a partial one that looks right.
    public var costDiffWithheld: String?

    public init(findings: [LintedFinding], costDiff: CostDiff? = nil) {
        self.findings = findings
        self.costDiff = costDiff
    }

    public static let withheldHead = "cost and cardinality diff withheld: the head catalog has errors, so its estimate would miss what did not compile"
    public static let withheldBase = "cost and cardinality diff withheld: the base catalog has errors, so there is nothing exact to compare with"

    /// The cost diff of a `--base` run: computed only when both catalogs compiled (a model is nil on errors),
    /// otherwise withheld with a one-line reason.
    public mutating func compareCost(base: Model?, head: Model?) {
        guard let head else {
            costDiff = nil
            costDiffWithheld = Self.withheldHead
            return
        }
        guard let base else {
            costDiff = nil
            costDiffWithheld = Self.withheldBase
            return
        }
        costDiff = CostDiff.between(base: CostEstimate.estimate(base), head: CostEstimate.estimate(head))
        costDiffWithheld = nil
    }

    public var diagnostics: [Diagnostic] { findings.map(\.diagnostic) }
    public var errorCount: Int { findings.count { $0.diagnostic.severity == .error } }
    public var warningCount: Int { findings.count { $0.diagnostic.severity == .warning } }
    public var noteCount: Int { findings.count { $0.diagnostic.severity == .note } }

    /// Errors fail a run; with `strict`, warnings do too.
    public func fails(strict: Bool) -> Bool { errorCount > 0 || (strict && warningCount > 0) }
}

/// `Platform.spec.lint`: rule id → `off | note | warning | error`, plus numeric settings.
public struct LintConfiguration: Sendable {
    public static let levels = ["off", "note", "warning", "error"]
    var overrides: [String: String] = [:]
    public var settings = LintSettings()

    public init(_ raw: [String: Located<String>]) {
        for (key, value) in raw {
            if key == LintSettings.seriesBudgetKey {
                if let n = Int(value.value.replacingOccurrences(of: "_", with: "")), n > 0 { settings.seriesBudgetPerMetric = n }
            } else if let limit = ChangePolicy.keys[key] {
                if let parsed = ChangePolicy.parse(value.value) { settings.changePolicy.limits[limit] = parsed }
            } else if Self.levels.contains(value.value) {
                overrides[key] = value.value
            }
        }
    }

    /// nil = the rule is off.
    public func severity(of rule: String, default severity: Severity) -> Severity? {
        guard let level = overrides[rule] else { return severity }
        return level == "off" ? nil : Severity(rawValue: level)
    }
}

/// `# oac:ignore rule-a, rule-b` silences those rules on its own line, or on the next line when the
/// comment stands alone on its line.
struct IgnoreComments {
    /// file → line → rule ids.
    var byLine: [String: [Int: Set<String>]] = [:]

    static let marker = "oac:ignore"
    /// Lines with non-ASCII text too: `range(of:)` compares canonically equivalent text, not bytes.
    static let query = SourceScan.Query(needles: [marker], nonASCII: true)

    init(_ sources: [SourceFile]) {
        for file in sources {
            var lines: [Int: Set<String>] = [:]
            // Only lines that hold the marker can hold an ignore comment (most files have none).
            for (i, line) in SourceScan.lines(of: file.contents, matching: Self.query) {
                guard let hash = line.firstIndex(of: "#") else { continue }
                let comment = line[hash...]
                guard let r = comment.range(of: Self.marker) else { continue }
                let ids = comment[r.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" })
                    .map(String.init).prefix { $0 != "#" && $0 != "--" }
                guard !ids.isEmpty else { continue }
                let standalone = line[..<hash].allSatisfy { $0 == " " || $0 == "\t" }
                lines[i + 1, default: []].formUnion(ids)
                if standalone { lines[i + 2, default: []].formUnion(ids) }
            }
            if !lines.isEmpty { byLine[file.path] = lines }
        }
    }

    func ignores(_ rule: String, at location: SourceLocation) -> Bool {
        byLine[location.file]?[location.line]?.contains(rule) ?? false
    }
}
