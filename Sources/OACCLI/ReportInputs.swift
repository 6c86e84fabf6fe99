import ArgumentParser
import Foundation
import OACCompiler
import OACDiagnostics
import OACModel
import OACRender
import OACReport

/// Reading the report's inputs from disk, each failure a clear message and exit 1.
enum ReportInputs {
    static func loadModel(_ catalog: String, diagnostics: DiagnosticOptions) throws -> Model {
        try loadChecked(catalog, diagnostics: diagnostics).model
    }

    /// oac's alerting rules as the compiler writes them, for the on-call figures (names to read, runbooks).
    static func alertRules(_ model: Model) -> AlertInventory {
        AlertInventory(
            rules: AlertRuleInventory.entries(model).map {
                AlertInventory.Rule(alert: $0.alert, severity: $0.severity, service: $0.service, runbook: $0.runbook)
            })
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError("error: cannot read \(path)\n")
            throw ExitCode(1)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func readSnapshot(_ path: String, expecting quarter: Quarter, into problems: inout Diagnostics) throws -> Snapshot {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError("error: cannot read snapshot \(path)\n")
            throw ExitCode(1)
        }
        do {
            let snapshot = try Snapshot.decode(data)
            if snapshot.quarter != quarter {
                problems.error(
                    "snapshot \(path) holds \(snapshot.quarter), expected \(quarter)", rule: ReportCheck.snapshotMismatch,
                    at: SourceLocation(file: path, line: 1, column: 1))
            }
            return snapshot
        } catch {
            Terminal.standardError("error: \(path): \(error)\n")
            throw ExitCode(1)
        }
    }

    static func readTemplates(_ folder: String) throws -> ReportTemplates {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
            Terminal.standardError("error: cannot read the templates folder \(folder)\n")
            throw ExitCode(1)
        }
        var sources: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            sources[String(name.dropLast(".mustache".count))] = try readText(folder + "/" + name)
        }
        guard sources["index"] != nil else {
            Terminal.standardError("error: \(folder) has no index.mustache\n")
            throw ExitCode(1)
        }
        return ReportTemplates(sources: sources)
    }
}

/// Where the quarter's data comes from: a Prometheus-compatible HTTP API.
struct PrometheusOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Base URL of a Prometheus-compatible API (Prometheus, Thanos Query; Mimir: …/prometheus).", valueName: "url"))
    var prometheus: String?

    @Option(name: .long, help: ArgumentHelp("Seconds each request may take.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(name: .long, help: ArgumentHelp("Attempts per request; retries back off exponentially from 0.5 s.", valueName: "n"))
    var attempts: Int = 3

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("An HTTP header for every request, `Name: value` (repeatable), e.g. X-Scope-OrgID for Mimir.", valueName: "header"))
    var headers: [String] = []

    func validate() throws {
        if let p = prometheus {
            guard let url = URL(string: p), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ValidationError("--prometheus must be an http(s) URL, not `\(PrometheusClient.redacted(p))`")
            }
        }
        guard timeout > 0, timeout <= PrometheusClient.maxTimeout else {
            throw ValidationError("--timeout must be between 0 and \(Int(PrometheusClient.maxTimeout)) seconds (one day)")
        }
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        for h in headers where !h.contains(":") { throw ValidationError("--header must be `Name: value`, not `\(h)`") }
    }

    var client: PrometheusClient {
        var parsed: [String: String] = [:]
        for h in headers {
            let parts = h.split(separator: ":", maxSplits: 1)
            parsed[parts[0].trimmingCharacters(in: .whitespaces)] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        return PrometheusClient(baseURL: URL(string: prometheus!)!, headers: parsed, timeout: timeout, attempts: attempts)
    }

    /// Fetches the quarter with a progress bar on a terminal; unreachable or failing Prometheus → exit 1.
    func fetch(_ quarter: Quarter, model: Model) throws -> Snapshot {
        let bar = ProgressBar(title: "querying \(client.displayURL)")
        do {
            var warnings: [String] = []
            let data = try QuarterFetcher(client: client).fetch(
                quarter, model: model, alertNames: ReportInputs.alertRules(model).alertNames,
                progress: { bar.update($0.index, of: $0.count, $0.name) },
                warn: { warnings.append($0) })
            bar.finish()
            for w in warnings { Terminal.standardError("warning: \(w)\n") }
            do {
                try data.validate()
            } catch {
                Terminal.standardError("error: Prometheus at \(client.displayURL) answered data out of range: \(error)\n")
                throw ExitCode(1)
            }
            return data
        } catch {
            bar.finish()
            Terminal.standardError("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    let title: String
    let enabled = isatty(2) == 1
    private var drawn = false

    init(title: String) { self.title = title }

    func update(_ done: Int, of total: Int, _ step: String) {
        guard enabled, total > 0 else { return }
        let width = 24
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.standardError("\r\u{1B}[2K\(title) [\(bar)] \(done)/\(total) \(step)")
        drawn = true
    }

    func finish() {
        if drawn { Terminal.standardError("\r\u{1B}[2K") }
        drawn = false
    }
}
