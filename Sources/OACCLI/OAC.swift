import ArgumentParser
import Foundation
import OACDiagnostics

/// The `oac` command: compiles one service catalog into everything a platform team deploys and reports on.
public struct OAC: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "oac",
        abstract: "Observability as code: compile a service catalog into Prometheus rules, alerts, dashboards and reports.",
        discussion: """
            Exit codes: 0 success, 1 the catalog has errors (nothing written; for lint: findings that fail the run), 2 usage error.
            """,
        version: OACVersion.current,
        subcommands: [
            CompileCommand.self, CheckCommand.self, LintCommand.self, ExplainCommand.self, CostCommand.self,
            ImportCommand.self, ExportCommand.self, ReportCommand.self, SnapshotCommand.self, SchemaCommand.self,
            GateCommand.self
        ]
    )

    public init() {}

    /// Runs the command line; usage errors exit 2 (the contract), not ArgumentParser's 64.
    public static func runMain(_ arguments: [String]? = nil) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            if code.rawValue == 1 { return 1 }  // diagnostics were already printed
            Terminal.standardError(fullMessage(for: error) + "\n")
            return 2
        }
    }
}
