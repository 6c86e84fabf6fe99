import Foundation

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public struct GitHubFormatter: Sendable {
    /// GitHub shows at most 10 annotations of each level per step; the rest are summarised.
    public var maxPerLevel: Int

    public init(maxPerLevel: Int = 10) { self.maxPerLevel = maxPerLevel }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var shown: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        for d in diagnostics {
            let level = command(d.severity)
            if shown[level, default: 0] >= maxPerLevel {
                hidden[level, default: 0] += 1
                continue
            }
            shown[level, default: 0] += 1
            var props: [String] = []
            if let loc = d.location {
                props.append("file=\(escapeProperty(loc.file))")
                props.append("line=\(loc.line)")
                props.append("col=\(loc.column)")
            }
            props.append("title=\(escapeProperty(d.ruleID))")
            var message = d.message
            if let hint = d.hint { message += "\nhint: \(hint)" }
            out += "::\(level) \(props.joined(separator: ","))::\(escapeData(message))\n"
        }
        for level in ["error", "warning", "notice"] {
            if let n = hidden[level] {
                out +=
                    "::\(level) title=oac::\(n) more \(level == "notice" ? "note" : level)"
                    + "\(n == 1 ? "" : "s") not annotated (GitHub shows \(maxPerLevel) per step); run oac locally to see them all\n"
            }
        }
        return out
    }

    private func command(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
    }

    /// The escaping GitHub's runner applies to message data.
    func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Properties additionally escape `:` and `,`.
    func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
