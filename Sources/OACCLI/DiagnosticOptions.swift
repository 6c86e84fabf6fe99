import ArgumentParser
import OACDiagnostics

extension DiagnosticFormat: ExpressibleByArgument {}

/// Flags shared by every command that reports diagnostics.
struct DiagnosticOptions: ParsableArguments {
    @Option(name: .long, help: "Diagnostic format: text, json, sarif (2.1.0) or github (workflow annotations).")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Never color the output (NO_COLOR does the same).")
    var noColor = false

    /// Prints diagnostics; text goes to `toStandardError` streams, machine formats always to standard output.
    func report(_ diagnostics: Diagnostics, toStandardError: Bool) {
        let items = diagnostics.sorted
        if format == .text {
            let fd: Int32 = toStandardError ? 2 : 1
            let text = format.render(items, color: !noColor && Terminal.colorAllowed(fileDescriptor: fd))
            let summary = items.isEmpty ? "" : Self.summary(diagnostics)
            if toStandardError { Terminal.standardError(text + summary) } else { Terminal.standardOutput(text + summary) }
        } else {
            Terminal.standardOutput(format.render(items))
        }
    }

    static func summary(_ d: Diagnostics) -> String {
        var parts: [String] = []
        if d.errorCount > 0 { parts.append("\(d.errorCount) error\(d.errorCount == 1 ? "" : "s")") }
        if d.warningCount > 0 { parts.append("\(d.warningCount) warning\(d.warningCount == 1 ? "" : "s")") }
        return parts.isEmpty ? "" : parts.joined(separator: ", ") + "\n"
    }
}
