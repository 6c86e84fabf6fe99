import OACDiagnostics
import OACModel

/// The technical-debt view of a lint run: the findings of the lint rules per team, by rule id, for the
/// quarterly scorecard's trend (`oac snapshot` stores it, `oac report` compares it with last quarter's).
public enum LintDebt {
    /// Where findings about no team (the platform, a tier) are counted.
    public static let platformOwner = "(platform)"

    /// Each rule finding counted for the team it is about: a service's (`service/…` entities) for the service's
    /// owner, a team's (`team/…`) for that team, anything else for `(platform)`. The compiler's own checks are
    /// not debt (a catalog with errors has no report) and are left out.
    public static func byTeam(_ report: LintReport, model: Model) -> [String: [String: Int]] {
        var owners: [String: String] = [:]
        for s in model.services where owners[s.name] == nil { owners[s.name] = s.owner }
        var out: [String: [String: Int]] = [:]
        for f in report.findings where CheckID.summaries[f.diagnostic.ruleID] == nil {
            let parts = f.entity.split(separator: "/", maxSplits: 2).map(String.init)
            var team = platformOwner
            if parts.count >= 2, parts[0] == "service", let owner = owners[parts[1]] { team = owner }
            if parts.count >= 2, parts[0] == "team" { team = parts[1] }
            out[team, default: [:]][f.diagnostic.ruleID, default: 0] += 1
        }
        return out
    }
}
