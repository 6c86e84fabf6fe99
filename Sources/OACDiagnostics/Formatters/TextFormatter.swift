import Foundation

/// `path:line:column: severity: message [rule-id]` with an optional `hint:` line, as compilers print.
public struct TextFormatter: Sendable {
    public var color: Bool

    public init(color: Bool = false) { self.color = color }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            if let loc = d.location { out += paint("\(loc.file):\(loc.line):\(loc.column): ", bold: true) }
            out += paint("\(d.severity.rawValue):", code: code(for: d.severity), bold: true)
            out += " \(oneLine(d.message)) [\(d.ruleID)]\n"
            if let hint = d.hint { out += "  " + paint("hint:", code: "36", bold: false) + " \(oneLine(hint))\n" }
        }
        return out
    }

    private func code(for severity: Severity) -> String {
        switch severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
    }

    private func paint(_ s: String, code: String? = nil, bold: Bool) -> String {
        guard color else { return s }
        var codes: [String] = []
        if bold { codes.append("1") }
        if let code { codes.append(code) }
        return "\u{1B}[\(codes.joined(separator: ";"))m\(s)\u{1B}[0m"
    }
}

/// Messages quote catalog text; a newline in it must not break the one-line format.
func oneLine(_ s: String) -> String {
    guard s.contains(where: { $0.isNewline || $0 == "\u{1B}" }) else { return s }
    return s.replacingOccurrences(of: "\r\n", with: "\\n")
        .replacingOccurrences(of: "\n", with: "\\n")
        .replacingOccurrences(of: "\r", with: "\\r")
        .replacingOccurrences(of: "\u{1B}", with: "\\e")
}
