import Foundation
import OACTestSupport
import Testing

/// The change findings of `oac lint --base`, each replayed on a git repository holding the example catalog
/// (base commit) and an edit of it (head commit); every figure is worked out by hand in the test.
@Suite("oac lint --base: change findings")
struct ChangeFindingsCommandTests {
    /// The example catalog with `base` edits committed, then `edits` (catalog-relative path → edit) committed on
    /// top; the base commit is checked out in a worktree beside it. Returns the head and base catalog folders.
    static func repository(base baseEdits: [String: (String) -> String] = [:], _ edits: [String: (String) -> String]) throws -> (head: URL, base: URL) {
        let repo = try ExampleCatalogRepository("lint-change")
        try repo.git(["init", "-q"])
        for (path, edit) in baseEdits { try repo.edit(path, edit) }
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        for (path, edit) in edits { try repo.edit(path, edit) }
        try repo.git(["commit", "-q", "-am", "head"])
        return (repo.catalog, try repo.baseWorktree())
    }

    static let bert = ExampleCatalogRepository.bert

    /// Lines of the run's output that carry `rule`.
    static func findings(_ run: TestSupport.Run, _ rule: String) -> [String] {
        run.stdout.split(separator: "\n").map(String.init).filter { $0.hasSuffix("[\(rule)]") }
    }

    @Test("an added fixed shard is reported at the region, with the static targets that move")
    func fixedShardAdded() throws {
        let (head, base) = try Self.repository([
            "platform.yaml": {
                $0.replacingOccurrences(of: "    - name: us-east\n      shards: 2\n", with: "    - name: us-east\n      shards: 3\n")
            }
        ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 0, "\(run.stdout)")
        // Prometheus' hashmod: bytes 8–15 of md5(address) as a big-endian integer, modulo the shard count.
        //   feature-pipeline-0.data.svc:9102  b83c32f00bf8539a: even → 0 of 2; mod 3 = 1
        //   feature-pipeline-1.data.svc:9102  0fd3391fc7cc9ae5: odd  → 1 of 2; mod 3 = 2
        //   feature-pipeline-2.data.svc:9102  d636b4ebb2d07380: even → 0 of 2; mod 3 = 1
        //   pushgateway.monitoring.svc:9091   22cb74547fceeac7: odd  → 1 of 2; mod 3 = 0
        // (mod 3 by digit sums is unreliable in hex; computed as 0xb83c32f00bf8539a % 3 etc.) All four move.
        let lines = Self.findings(run, "shard-count-changed")
        #expect(lines.count == 1, "\(run.stdout)")
        let line = try #require(lines.first)
        #expect(
            line.hasPrefix(
                "\(head.path)/platform.yaml:14:15: warning: region `us-east` runs 3 Prometheus shards instead of 2 (3 servers instead of 2); 4 of 4 static targets move shard: "
            ), "\(line)")
        for move in [
            "`feature-pipeline-0.data.svc:9102` (feature-pipeline) 0 → 1", "`feature-pipeline-1.data.svc:9102` (feature-pipeline) 1 → 2",
            "`feature-pipeline-2.data.svc:9102` (feature-pipeline) 0 → 1", "`pushgateway.monitoring.svc:9091` (nightly-training) 1 → 0"
        ] {
            #expect(line.contains(move), "\(move) in \(line)")
        }
        // The other services of us-east discover their targets in Kubernetes: they re-hash too.
        #expect(line.contains("the discovered targets of "), "\(line)")
    }

    @Test("a label that pushes `shards: auto` over seriesPerShard adds a server, reported beside the policy error")
    func autoShardAdded() throws {
        // seriesPerShard 500,000 in both versions. tenant_id: 5000 on model_predictions_total (model 4 × outcome 3)
        // adds (4 × 3 × 5,000 − 12) × 12 instances = 719,856 series in each region; eu-west had far fewer than
        // 500,000 (the example estimates 13,116), so ceil(series / 500,000) goes from 1 to 2.
        let perShard: (String) -> String = { $0.replacingOccurrences(of: "seriesPerShard: 1500000", with: "seriesPerShard: 500000") }
        let (head, base) = try Self.repository(
            base: ["platform.yaml": perShard],
            [
                Self.bert: { $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, tenant_id: 5000}") }
            ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 1, "\(run.stdout)")
        // `shards: auto` has no count to point at: the finding stands at the region's name (line 16, column 13).
        let line = try #require(Self.findings(run, "shard-count-changed").first, "\(run.stdout)")
        #expect(
            line.hasPrefix(
                "\(head.path)/platform.yaml:16:13: warning: region `eu-west` runs 2 Prometheus shards instead of 1 (2 servers instead of 1, `shards: auto` at 500,000 series per shard)"
            ), "\(line)")
        #expect(!Self.findings(run, "change-exceeds-policy").isEmpty)
    }

    @Test("a shortened window, paging switched off and a label on an SLI metric are warnings at their lines")
    func sloChanges() throws {
        let (head, base) = try Self.repository([
            Self.bert: {
                $0.replacingOccurrences(of: "      objective: 99.9\n      window: 30d\n", with: "      objective: 99.9\n      window: 7d\n")
                    .replacingOccurrences(
                        of: "    - name: latency\n      description: 99% of inference requests complete within 500ms.\n",
                        with: "    - name: latency\n      description: 99% of inference requests complete within 500ms.\n      alerting: {page: false}\n"
                    )
                    .replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, region: 2}")
            }
        ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        let file = "\(head.path)/\(Self.bert)"
        // 30d → 7d: the window line of `availability`.
        #expect(
            Self.findings(run, "slo-window-shortened") == [
                "\(file):68:15: warning: the window of SLO `availability` of `bert-model-serving` is shortened from 30d to 1w: a failure counts against the error budget for 1w instead of 30d [slo-window-shortened]"
            ], "\(run.stdout)")
        // `latency` paged before (page defaults to true); its name stands on line 81, column 13.
        #expect(
            Self.findings(run, "paging-turned-off") == [
                "\(file):81:13: warning: burn-rate paging of SLO `latency` of `bert-model-serving` (critical) is turned off: a fast burn of its error budget no longer pages anyone [paging-turned-off]"
            ], "\(run.stdout)")
        // model_predictions_total is not read by an SLI (accuracy reads model_accuracy): no finding for `region`.
        #expect(Self.findings(run, "sli-metric-label-added").isEmpty, "\(run.stdout)")

        // http_requests_total is read by availability and contract-availability.
        let (head2, base2) = try Self.repository([
            Self.bert: {
                $0.replacingOccurrences(of: "labels: {route: 6, status: 8, model: 4}", with: "labels: {route: 6, status: 8, model: 4, pod: 12}")
            }
        ])
        let run2 = try TestSupport.oac(["lint", head2.path, "--base", base2.path])
        let added = Self.findings(run2, "sli-metric-label-added")
        #expect(added.count == 1, "\(run2.stdout)")
        #expect(
            added.first?.contains(
                "label `pod` (12 values) is added to `http_requests_total`, which the SLI of `availability`, `contract-availability` reads: each of its series splits in 12"
            ) == true, "\(run2.stdout)")
    }

    @Test("an owner change is a note; a tier downgrade is a warning naming the open action items")
    func ownershipChanges() throws {
        let (head, base) = try Self.repository([
            Self.bert: {
                $0.replacingOccurrences(of: "  owner: ml-platform\n", with: "  owner: llm-infra\n")
                    .replacingOccurrences(of: "  tier: gold\n", with: "  tier: bronze\n")
            }
        ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        let file = "\(head.path)/\(Self.bert)"
        #expect(
            Self.findings(run, "owner-changed") == [
                "\(file):8:10: note: `bert-model-serving` changes owner from `ml-platform` to `llm-infra`: its pages and tickets for its 4 SLOs go to `llm-infra` from now on [owner-changed]"
            ], "\(run.stdout)")
        // Open action items of bert-model-serving in incidents/2026-q3.yaml, counted by hand:
        // INC-304 has 1 of 5 open, INC-305 2 of 3, INC-309 1 of 1.
        #expect(
            Self.findings(run, "tier-downgraded") == [
                "\(file):9:9: warning: `bert-model-serving` moves from tier `gold` (critical) to `bronze` (low): its fast burns no longer page; it still has INC-304 (1 open action item), INC-305 (2 open action items), INC-309 (1 open action item) [tier-downgraded]"
            ], "\(run.stdout)")
    }

    @Test("the same downgrade with tiers named critical/standard/best-effort gives the same finding")
    func downgradeByCriticality() throws {
        let rename: (String) -> String = {
            $0.replacingOccurrences(of: "    - name: gold\n", with: "    - name: critical\n      criticality: critical\n")
                .replacingOccurrences(of: "    - name: silver\n", with: "    - name: standard\n      criticality: high\n")
                .replacingOccurrences(of: "    - name: bronze\n", with: "    - name: best-effort\n      criticality: low\n")
        }
        let retier: (String) -> String = {
            $0.replacingOccurrences(of: "tier: gold\n", with: "tier: critical\n").replacingOccurrences(of: "tier: silver\n", with: "tier: standard\n")
                .replacingOccurrences(of: "tier: bronze\n", with: "tier: best-effort\n")
        }
        let services = ["api-gateway", "bert-model-serving", "feature-pipeline", "llm-gateway", "nightly-training"].map { "services/\($0).yaml" }
        var baseEdits: [String: (String) -> String] = ["platform.yaml": rename]
        for s in services { baseEdits[s] = retier }
        let (head, base) = try Self.repository(base: baseEdits, [Self.bert: { $0.replacingOccurrences(of: "tier: critical\n", with: "tier: best-effort\n") }])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(
            Self.findings(run, "tier-downgraded") == [
                "\(head.path)/\(Self.bert):9:9: warning: `bert-model-serving` moves from tier `critical` (critical) to `best-effort` (low): its fast burns no longer page; it still has INC-304 (1 open action item), INC-305 (2 open action items), INC-309 (1 open action item) [tier-downgraded]"
            ], "\(run.stdout)")
    }

    @Test("shortening a tier's retention is a warning at the shortened key, naming the services it holds")
    func retentionShortened() throws {
        let (head, base) = try Self.repository([
            "platform.yaml": {
                $0.replacingOccurrences(
                    of: "metrics: {local: 15d, raw: 30d, downsampled5m: 180d, downsampled1h: 1y}",
                    with: "metrics: {local: 15d, raw: 30d, downsampled5m: 90d, downsampled1h: 1y}")
            }
        ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 0, "\(run.stdout)")
        // silver holds api-gateway and feature-pipeline. Line 30 is silver's `metrics:`; `downsampled5m: ` ends at
        // column 6 + len("metrics: {local: 15d, raw: 30d, downsampled5m: ") = 6 + 47 = 53, so the value is at 54.
        #expect(
            Self.findings(run, "retention-shortened") == [
                "\(head.path)/platform.yaml:30:54: warning: tier `silver`'s 5-minute downsampled retention is shortened from 180d to 90d: data of `api-gateway`, `feature-pipeline` older than 90d is deleted at the next compaction, for good [retention-shortened]"
            ], "\(run.stdout)")
    }

    @Test("the PR comment groups findings into risk, cost and capacity, the cost diff under cost")
    func markdownGroups() throws {
        let (head, base) = try Self.repository([
            "platform.yaml": { $0.replacingOccurrences(of: "    - name: us-east\n      shards: 2\n", with: "    - name: us-east\n      shards: 3\n") },
            Self.bert: {
                $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, tenant_id: 5000}")
                    .replacingOccurrences(of: "      objective: 99.9\n      window: 30d\n", with: "      objective: 99.9\n      window: 7d\n")
            }
        ])
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path, "--format", "markdown"])
        let text = run.stdout
        let risk = try #require(text.range(of: "\n### Risk\n"))
        let cost = try #require(text.range(of: "\n### Cost\n"))
        let capacity = try #require(text.range(of: "\n### Capacity\n"))
        #expect(risk.lowerBound < cost.lowerBound && cost.lowerBound < capacity.lowerBound)
        let riskPart = text[risk.upperBound..<cost.lowerBound]
        let costPart = text[cost.upperBound..<capacity.lowerBound]
        let capacityPart = text[capacity.upperBound...]
        #expect(riskPart.contains("`slo-window-shortened`") && !riskPart.contains("`change-exceeds-policy`"))
        #expect(costPart.contains("`change-exceeds-policy`") && costPart.contains("`high-cardinality-label`"))
        #expect(costPart.contains("**Cost and cardinality of the change**") && costPart.contains("+1,439,712 series"), "\(text)")
        #expect(capacityPart.contains("`shard-count-changed`") && !capacityPart.contains("`slo-window-shortened`"))
    }
}
