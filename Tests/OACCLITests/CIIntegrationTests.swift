import Foundation
import OACTestSupport
import Testing
import Yams

/// The CI integrations in the repository: the GitHub Action (action.yml), the GitLab template and the
/// pre-commit hooks. GitHub, GitLab and pre-commit are not on this machine: the tests parse each definition,
/// check that every oac command it runs exists with the flags it passes, and run the shared PR-check script
/// locally on a git repository with a base and a head commit.
@Suite("CI integrations")
struct CIIntegrationTests {
    static let definitions = [
        "action.yml", "ci/gitlab/oac-lint.gitlab-ci.yml", ".pre-commit-hooks.yaml",
        "scripts/ci/oac-pr-check.sh", "scripts/ci/oac-pr-comment.sh"
    ]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestSupport.repoRoot.appendingPathComponent(path), encoding: .utf8)
    }

    static func yaml(_ path: String) throws -> Any? { try Yams.load(yaml: try text(path)) }

    /// Every `oac SUBCOMMAND --flag …` a definition runs: lines of its commands (not its comments) that call
    /// oac as `oac`, `$OAC` or `"$OAC"`.
    static func invocations(_ text: String) -> [(sub: String, flags: [String])] {
        var out: [(String, [String])] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            for m in line.matches(of: /(?:^|[\s"'\[])(?:oac|"\$OAC"|\$OAC)\s+([a-z]+)([^|;&]*)/) {
                let flags = String(m.2).matches(of: /(?:^|\s)(--[a-z][a-z-]*)/).map { String($0.1) }
                out.append((String(m.1), flags))
            }
        }
        return out
    }

    /// The commands a definition runs: an action's `run` steps, a GitLab job's `script`, a hook's `entry` plus
    /// its `args`, a shell script's text.
    static func commands(_ path: String) throws -> String {
        if path.hasSuffix(".sh") { return try text(path) }
        if path == "action.yml" {
            let runs = (try yaml(path) as? [String: Any])?["runs"] as? [String: Any]
            return ((runs?["steps"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }.joined(separator: "\n")
        }
        if path.hasSuffix(".gitlab-ci.yml") {
            let jobs = (try yaml(path) as? [String: Any]) ?? [:]
            return jobs.values.compactMap { ($0 as? [String: Any])?["script"] as? [String] }.flatMap { $0 }.joined(separator: "\n")
        }
        return ((try yaml(path) as? [[String: Any]]) ?? []).map {
            ([$0["entry"] as? String ?? ""] + ($0["args"] as? [String] ?? [])).joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test("every oac command the action, the GitLab template, the hooks and the scripts run exists, with its flags")
    func commandsExist() throws {
        let top = try TestSupport.oac(["--help"])
        var checked = 0
        for path in Self.definitions {
            for (sub, flags) in Self.invocations(try Self.commands(path)) {
                #expect(top.stdout.contains("  \(sub) "), "\(path): `oac \(sub)` is not a subcommand")
                let help = try TestSupport.oac([sub, "--help"])
                #expect(help.status == 0, "\(path): oac \(sub) --help")
                for flag in flags { #expect(help.stdout.contains(flag), "\(path): `oac \(sub)` has no \(flag)") }
                checked += 1
            }
        }
        // lint ×4 in the PR script; check, lint and compile in the hooks.
        #expect(checked >= 7)
    }

    @Test("action.yml is a composite action: every run step names its shell, scripts it runs exist and are executable")
    func actionDefinition() throws {
        let action = try #require(try Self.yaml("action.yml") as? [String: Any])
        #expect(action["name"] as? String == "oac lint")
        let runs = try #require(action["runs"] as? [String: Any])
        #expect(runs["using"] as? String == "composite")
        let steps = try #require(runs["steps"] as? [[String: Any]])
        for step in steps where step["run"] != nil { #expect(step["shell"] as? String == "bash", "\(step)") }
        let uses = steps.compactMap { $0["uses"] as? String }
        #expect(uses.contains { $0.hasPrefix("github/codeql-action/upload-sarif@") })
        // Inputs reach scripts through env, never pasted into a script (no `${{ inputs.… }}` inside `run`).
        for step in steps { #expect(!((step["run"] as? String) ?? "").contains("${{"), "\(step)") }
        let inputs = try #require(action["inputs"] as? [String: Any])
        #expect(Set(inputs.keys).isSuperset(of: ["catalog", "base-ref", "strict", "oac", "sarif", "comment"]))
        for script in ["scripts/ci/oac-pr-check.sh", "scripts/ci/oac-pr-comment.sh"] {
            #expect(FileManager.default.isExecutableFile(atPath: TestSupport.repoRoot.appendingPathComponent(script).path), "\(script)")
        }
    }

    @Test("the GitLab template runs the PR-check script on merge requests and reports its JUnit file")
    func gitlabTemplate() throws {
        let doc = try #require(try Self.yaml("ci/gitlab/oac-lint.gitlab-ci.yml") as? [String: Any])
        let job = try #require(doc["oac-lint"] as? [String: Any])
        let script = try #require(job["script"] as? [String]).joined(separator: "\n")
        #expect(script.contains("scripts/ci/oac-pr-check.sh") && script.contains("OUT_DIR=oac-lint"))
        #expect(script.contains("BASE_REF=\"$CI_MERGE_REQUEST_DIFF_BASE_SHA\""))
        let artifacts = try #require(job["artifacts"] as? [String: Any])
        let reports = try #require(artifacts["reports"] as? [String: Any])
        // The script writes oac-lint.junit.xml into OUT_DIR.
        #expect(reports["junit"] as? String == "oac-lint/oac-lint.junit.xml")
        #expect(try Self.text("scripts/ci/oac-pr-check.sh").contains("\"$OUT_DIR/oac-lint.junit.xml\""))
    }

    @Test("each pre-commit hook's command passes on the example catalog and fails on a broken one")
    func preCommitHooks() throws {
        let hooks = try #require(try Self.yaml(".pre-commit-hooks.yaml") as? [[String: Any]])
        #expect(hooks.map { $0["id"] as? String } == ["oac-check", "oac-lint", "oac-compile-check"])
        let out = try TestSupport.temporaryDirectory("hook").appendingPathComponent("generated")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", out.path, "--quiet"]).status == 0)
        for hook in hooks {
            #expect(hook["pass_filenames"] as? Bool == false && hook["language"] as? String == "swift")
            let entry = try #require(hook["entry"] as? String).split(separator: " ").map(String.init)
            #expect(entry.first == "oac")
            // pre-commit runs `entry args…`; the example's args point at the repository's catalogs.
            let args = (hook["args"] as? [String] ?? []).map { $0 == "catalog" ? "catalog/example" : $0 == "generated" ? out.path : $0 }
            let good = try TestSupport.oac(Array(entry.dropFirst()) + args)
            #expect(good.status == 0, "\(hook["id"] ?? ""): \(good.stdout) \(good.stderr)")
            #expect(good.stderr.isEmpty, "\(hook["id"] ?? ""): quiet on success")
            let bad = args.map {
                $0 == "catalog/example" ? (entry[1] == "lint" ? "catalog/broken-lint/secret-in-text" : "catalog/broken/retention-too-short") : $0
            }
            #expect(try TestSupport.oac(Array(entry.dropFirst()) + bad).status == 1, "\(hook["id"] ?? "") on a broken catalog")
        }
    }

    /// A repository whose `main` holds the example catalog; branch `pr` edits bert-model-serving
    /// (`prEdit`); then `main` moves on with `mainEdit` to the same file (the pull request must not see it).
    static func pullRequest(prEdit: @escaping (String) -> String, mainEdit: @escaping (String) -> String) throws -> URL {
        let repo = try ExampleCatalogRepository("pr-check")
        try repo.git(["init", "-q", "-b", "main"])
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.edit(ExampleCatalogRepository.bert, prEdit)
        try repo.git(["commit", "-q", "-am", "the pull request"])
        try repo.git(["checkout", "-q", "main"])
        try repo.edit(ExampleCatalogRepository.bert, mainEdit)
        try repo.git(["commit", "-q", "-am", "main moves on"])
        try repo.git(["checkout", "-q", "pr"])
        return repo.url
    }

    @Test("the PR-check script lints the pull request against its merge base and writes the comment, SARIF and JUnit")
    func prCheckScript() throws {
        // The PR adds tenant_id (5,000 values): (4 × 3 × 5,000 − 12) × 12 instances × 2 regions = 1,439,712
        // series, over the default 100,000. Meanwhile main tightens availability 99.9 → 99.95: compared with
        // main's tip the PR would look like it loosens it; compared with the merge base it does not.
        let repo = try Self.pullRequest(
            prEdit: { $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, tenant_id: 5000}") },
            mainEdit: { $0.replacingOccurrences(of: "objective: 99.9\n", with: "objective: 99.95\n") })
        let run = try TestSupport.run(
            URL(fileURLWithPath: "/bin/sh"), [TestSupport.repoRoot.appendingPathComponent("scripts/ci/oac-pr-check.sh").path],
            in: repo, environment: ["OAC": TestSupport.oacBinary.path, "BASE_REF": "main", "ANNOTATIONS": "github"])
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("::error file=catalog/services/bert-model-serving.yaml,line=32,"), "\(run.stdout)")
        #expect(run.stdout.contains("1,439,712 series"), "\(run.stdout)")
        #expect(!run.stdout.contains("objective-loosened"), "compared with main's tip instead of the merge base: \(run.stdout)")
        let out = repo.appendingPathComponent("oac-lint")
        let comment = try String(contentsOf: out.appendingPathComponent("comment.md"), encoding: .utf8)
        #expect(comment.hasPrefix("## oac lint\n") && comment.contains("\n### Cost\n") && comment.contains("+1,439,712 series"), "\(comment)")
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("oac-lint.sarif"))) as? [String: Any]
        #expect(sarif?["version"] as? String == "2.1.0")
        let junit = try String(contentsOf: out.appendingPathComponent("oac-lint.junit.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuite") && junit.contains("change-exceeds-policy"))
        // The base worktree is gone again.
        let worktrees = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "worktree", "list"], in: repo)
        #expect(worktrees.stdout.split(separator: "\n").count == 1, "\(worktrees.stdout)")

        // A pull request that changes nothing oac cares about passes, STRICT or not.
        let quiet = try Self.pullRequest(prEdit: { $0 + "# a comment\n" }, mainEdit: { $0 + "# another\n" })
        for strict in ["false", "true"] {
            let clean = try TestSupport.run(
                URL(fileURLWithPath: "/bin/sh"), [TestSupport.repoRoot.appendingPathComponent("scripts/ci/oac-pr-check.sh").path],
                in: quiet, environment: ["OAC": TestSupport.oacBinary.path, "BASE_REF": "main", "STRICT": strict])
            #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        }
    }

    @Test("the comment script updates the comment it posted before instead of adding another")
    func commentScript() throws {
        // A stand-in `gh` on PATH: it logs its arguments and lists one earlier oac comment (id 77) when asked.
        let bin = try TestSupport.temporaryDirectory("fake-gh")
        let log = bin.appendingPathComponent("calls.log")
        let gh = bin.appendingPathComponent("gh")
        try Data(
            """
            #!/bin/sh
            printf '%s\\n' "$*" >> "\(log.path)"
            case "$*" in *--paginate*) [ -n "$EXISTING" ] && echo "$EXISTING" ;; esac
            exit 0

            """.utf8
        ).write(to: gh)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gh.path)
        let comment = bin.appendingPathComponent("comment.md")
        try Data("## oac lint\n\nNo findings.\n".utf8).write(to: comment)
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/ci/oac-pr-comment.sh").path
        let path = "\(bin.path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"
        for (existing, expected) in [
            ("77", "--method PATCH repos/acme/cat/issues/comments/77 -f body=<!-- oac-lint -->"),
            ("", "--method POST repos/acme/cat/issues/5/comments -f body=<!-- oac-lint -->")
        ] {
            try? FileManager.default.removeItem(at: log)
            let run = try TestSupport.run(
                URL(fileURLWithPath: "/bin/sh"), [script, comment.path], in: bin,
                environment: ["PATH": path, "GITHUB_REPOSITORY": "acme/cat", "PR_NUMBER": "5", "EXISTING": existing])
            #expect(run.status == 0, "\(run.stderr)")
            let calls = try String(contentsOf: log, encoding: .utf8)
            #expect(calls.contains("api --paginate repos/acme/cat/issues/5/comments"), "\(calls)")
            #expect(calls.contains(expected), "\(calls)")
            #expect(calls.contains("No findings."), "\(calls)")
        }
    }
}
