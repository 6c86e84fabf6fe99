import ArgumentParser
import Foundation
import OACModel
import OACReport

/// `oac gate CATALOG --service S [--change-class C] (--prometheus URL | --snapshot FILE)`: the deploy gate.
/// Exit 0 allowed, 1 blocked (or the catalog or data source failed), 2 usage.
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Decide whether a change to a service may ship, from its error-budget policy and SLO data.",
        discussion: """
            Exit 0: allowed (normal or review state, or a freeze exception). Exit 1: blocked, the catalog has errors, or the \
            data source failed or had no data (fail closed; --on-no-data allow lets a service without data pass). Exit 2: usage.
            """)

    @Argument(help: "A catalog file, or a folder read recursively for *.yaml and *.yml.")
    var catalog: String

    @Option(name: .long, help: "The service the change ships.")
    var service: String

    @Option(name: .customLong("change-class"), help: ArgumentHelp("feature, fix, security or p0.", valueName: "class"))
    var changeClass: String = ChangeClass.feature.rawValue

    @OptionGroup var source: PrometheusOptions

    @Option(name: .long, help: ArgumentHelp("Judge from an `oac snapshot` file instead of Prometheus (its last days).", valueName: "file"))
    var snapshot: String?

    @Option(name: .long, help: ArgumentHelp("With --snapshot: judge as of the end of this day (YYYY-MM-DD), not its last day.", valueName: "date"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("text, json, github or gitlab (a dotenv report).", valueName: "format"))
    var format: String = GateFormat.text.rawValue

    @Option(name: .customLong("on-no-data"), help: ArgumentHelp("block (default) or allow when an SLO has no data.", valueName: "decision"))
    var onNoData: String = BudgetGate.OnNoData.block.rawValue

    func validate() throws {
        guard ChangeClass(rawValue: changeClass) != nil else {
            throw ValidationError("--change-class must be one of \(ChangeClass.allCases.map(\.rawValue).joined(separator: ", ")), not `\(changeClass)`")
        }
        guard GateFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(GateFormat.allCases.map(\.rawValue).joined(separator: ", ")), not `\(format)`")
        }
        guard BudgetGate.OnNoData(rawValue: onNoData) != nil else { throw ValidationError("--on-no-data must be block or allow, not `\(onNoData)`") }
        guard (source.prometheus == nil) != (snapshot == nil) else {
            throw ValidationError("give exactly one of --prometheus URL and --snapshot FILE")
        }
        if let at {
            guard snapshot != nil else { throw ValidationError("--at needs --snapshot (Prometheus is judged now)") }
            guard Day(parsing: at) != nil else { throw ValidationError("--at must be a date like 2026-08-31, not `\(at)`") }
        }
        if service.isEmpty { throw ValidationError("--service is empty (an unset variable?)") }
        try source.validate()
    }

    func run() throws {
        // Catalog diagnostics as text on standard error: standard output holds only the decision.
        let model = try ReportInputs.loadModel(catalog, diagnostics: try DiagnosticOptions.parse([]))
        guard let svc = model.service(named: service) else {
            Terminal.standardError("error: the catalog has no service `\(service)`\n")
            throw ExitCode(2)
        }
        let change = ChangeClass(rawValue: changeClass)!
        let output = GateFormat(rawValue: format)!
        let slices: [String: [BudgetGate.Slice]]
        let origin: String
        if let path = snapshot {
            guard let data = FileManager.default.contents(atPath: path) else {
                Terminal.standardError("error: cannot read snapshot \(path)\n")
                throw ExitCode(1)
            }
            var snap: Snapshot
            do {
                snap = try Snapshot.decode(data)
            } catch {
                Terminal.standardError("error: \(path): \(error)\n")
                throw ExitCode(1)
            }
            if let at = at.flatMap(Day.init(parsing:)) {
                guard at >= snap.quarter.firstDay, at <= snap.through else {
                    Terminal.standardError("error: --at \(at) is outside the snapshot's data (\(snap.quarter.firstDay) … \(snap.through))\n")
                    throw ExitCode(2)
                }
                snap.through = at
            }
            slices = BudgetGate.slices(snapshot: snap, service: svc)
            origin = "snapshot \(path) (\(snap.quarter) through \(snap.through))"
        } else {
            let client = source.client
            do {
                slices = try BudgetGate.slices(client: client, service: svc, now: Date())
                origin = "Prometheus at \(client.displayURL)"
            } catch {
                // Fail closed: an unreachable data source blocks, whatever --on-no-data says.
                Terminal.standardError("error: \(error)\n")
                print(
                    output.render(
                        .failed(
                            service: svc, change: change, reason: "the data source failed: \(error)",
                            source: "Prometheus at \(client.displayURL)")), terminator: "")
                throw ExitCode(1)
            }
        }
        let decision = BudgetGate.decide(
            service: svc, change: change, slices: slices,
            onNoData: BudgetGate.OnNoData(rawValue: onNoData)!, source: origin)
        print(output.render(decision), terminator: "")
        if !decision.allowed { throw ExitCode(1) }
    }
}
