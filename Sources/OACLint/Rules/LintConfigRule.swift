import OACCatalog
import OACDiagnostics

/// `Platform.spec.lint` names a rule that does not exist, or a level that is not off/note/warning/error.
public struct LintConfigRule: LintRule {
    public static let id = "lint-config"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .configuration, severity: .error,
        summary: "`Platform.spec.lint` names an unknown rule, a compiler check, or an invalid level or setting.",
        rationale: """
            A misspelt rule id in the configuration silently leaves the rule on (or off) — the opposite of what \
            the author meant. Compiler checks cannot be configured: without them there is no model to compile. \
            This rule cannot be ignored with a comment.
            """,
        failing: """
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
              lint:
                missing-runbok: ↓off
                unused-tier: ↓silent
            """,
        passing: """
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
              lint:
                missing-runbook: off
                unused-tier: note
                series-budget-per-metric: 20000
            """)

    public func check(_ context: LintContext) -> [Finding] {
        guard let p = context.platform else { return [] }
        let ids = RuleRegistry.standard.ids
        var out: [Finding] = []
        for (key, value) in p.lint.sorted(by: { $0.key < $1.key }) {
            let entity = "platform/lint/\(key)"
            if key == LintSettings.seriesBudgetKey {
                if Int(value.value.replacingOccurrences(of: "_", with: "")).map({ $0 <= 0 }) ?? true {
                    out.append(
                        Finding(
                            "`spec.lint.\(key)` must be a positive whole number, found `\(value.value)`",
                            at: value.location, entity: entity))
                }
                continue
            }
            if ChangePolicy.keys[key] != nil {
                if ChangePolicy.parse(value.value) == nil {
                    out.append(
                        Finding(
                            "`spec.lint.\(key)` must be a number ≥ 0 or `off`, found `\(value.value)`",
                            at: value.location, entity: entity))
                }
                continue
            }
            if CheckIDNames.all.contains(key) {
                out.append(
                    Finding(
                        "`\(key)` is a compiler check and cannot be configured", at: value.location, entity: entity,
                        hint: "fix what it reports; `oac explain \(key)` says what it checks"))
            } else if !ids.contains(key) {
                let hint =
                    Suggestion.closest(to: key, in: ids).map { "did you mean `\($0)`?" }
                    ?? "`oac lint --list` prints the rule ids"
                out.append(
                    Finding(
                        "`spec.lint` names rule `\(key)`, which does not exist", at: value.location, entity: entity,
                        hint: hint))
            } else if !LintConfiguration.levels.contains(value.value) {
                out.append(
                    Finding(
                        "`spec.lint.\(key)` must be one of \(LintConfiguration.levels.joined(separator: ", ")), found `\(value.value)`",
                        at: value.location, entity: entity))
            }
        }
        return out
    }
}

enum CheckIDNames {
    static var all: Set<String> { Set(CheckID.summaries.keys) }
}
