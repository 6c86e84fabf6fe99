import Foundation
import OACTestSupport
import Testing

/// `oac lint --base` as a pull-request gate, replayed on a git repository with a base and a head commit.
@Suite("oac lint --base: the change policy")
struct ChangePolicyCommandTests {
    /// A git repository holding the example catalog (base commit), then `edit` applied to
    /// bert-model-serving's file (head commit); the base commit is checked out in a worktree beside it.
    static func repository(_ edit: @escaping (String) -> String) throws -> (head: URL, base: URL) {
        let repo = try ExampleCatalogRepository("lint-gate")
        try repo.git(["init", "-q"])
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        try repo.edit(ExampleCatalogRepository.bert, edit)
        try repo.git(["commit", "-q", "-am", "head"])
        return (repo.catalog, try repo.baseWorktree())
    }

    @Test("a tenant_id label with 5,000 values fails the change by default, at the label, with the figure")
    func tenantLabelFails() throws {
        let (head, base) = try Self.repository {
            $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, tenant_id: 5000}")
        }
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 1, "\(run.stdout)")
        // model_predictions_total: 4 × 3 = 12 series per instance, × 5,000 = 60,000; 12 instances in each of
        // 2 regions: (60,000 − 12) × 24 = 1,439,712 series more, above the default 100,000.
        let line = run.stdout.split(separator: "\n").first { $0.contains("[change-exceeds-policy]") }
        #expect(line?.hasPrefix("\(head.path)/services/bert-model-serving.yaml:32:38: error: ") == true, "\(run.stdout)")
        #expect(
            line?.contains("adds 1,439,712 series, more than the 100,000 series allowed (`max-series-increase`)") == true,
            "\(run.stdout)")
        #expect(line?.contains("of the base, more than the 10% allowed (`max-cost-increase-percent`)") == true, "\(run.stdout)")
        // The id-like label is flagged by high-cardinality-label too.
        #expect(run.stdout.contains("label `tenant_id` of `model_predictions_total`"), "\(run.stdout)")
    }

    @Test("the policy is configurable: raised limits let the same change through, a small change passes by default")
    func configurable() throws {
        let (head, base) = try Self.repository {
            $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, tenant_id: 5000}")
        }
        for dir in [head, base] {
            let platform = dir.appendingPathComponent("platform.yaml")
            let text = try String(contentsOf: platform, encoding: .utf8)
            try Data((text + "  lint:\n    max-series-increase: 2_000_000\n    max-cost-increase-percent: off\n    high-cardinality-label: off\n").utf8)
                .write(to: platform)
        }
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(!run.stdout.contains("[change-exceeds-policy]"), "\(run.stdout)")
        #expect(run.status == 0, "\(run.stdout)")

        // One more outcome value: (4 × 4 − 4 × 3) × 24 = 96 series, far within the defaults.
        let (smallHead, smallBase) = try Self.repository {
            $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 4}")
        }
        let small = try TestSupport.oac(["lint", smallHead.path, "--base", smallBase.path])
        #expect(small.status == 0, "\(small.stdout)")
        #expect(small.stdout.contains("+96 series"), "\(small.stdout)")
    }

    @Test("removing a critical service's SLO is an error; loosening an objective is a warning")
    func semanticChanges() throws {
        // Renaming `accuracy` removes that SLO (and adds another): bert-model-serving is gold, so critical.
        let (head, base) = try Self.repository {
            $0.replacingOccurrences(of: "    - name: accuracy\n", with: "    - name: accuracy-v2\n")
        }
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(
            run.stdout.contains("\(head.path)/services/bert-model-serving.yaml:5:9: error: SLO `accuracy` of critical service `bert-model-serving` is removed"),
            "\(run.stdout)")

        // 99.9 → 99.5: (100 − 99.5) / (100 − 99.9) = 5 times the error budget.
        let (looseHead, looseBase) = try Self.repository {
            $0.replacingOccurrences(of: "objective: 99.9\n", with: "objective: 99.5\n")
        }
        let loose = try TestSupport.oac(["lint", looseHead.path, "--base", looseBase.path])
        #expect(loose.status == 0, "\(loose.stdout)")
        #expect(
            loose.stdout.contains(
                "bert-model-serving.yaml:67:18: warning: SLO `availability` of `bert-model-serving` is loosened from 99.9 to 99.5: 5× the error budget [objective-loosened]"
            ),
            "\(loose.stdout)")
        #expect(try TestSupport.oac(["lint", looseHead.path, "--base", looseBase.path, "--strict"]).status == 1)
    }
}
