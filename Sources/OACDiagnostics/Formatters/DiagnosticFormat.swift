import Foundation

/// The output formats for diagnostics, shared by `check`, `compile` and `lint`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case github

    /// Renders diagnostics in this format. `color` only applies to text.
    public func render(_ diagnostics: [Diagnostic], tool: ToolInfo = .oac, color: Bool = false) -> String {
        switch self {
        case .text: TextFormatter(color: color).render(diagnostics)
        case .json: JSONFormatter().render(diagnostics)
        case .sarif: SARIFFormatter(tool: tool).render(diagnostics)
        case .github: GitHubFormatter().render(diagnostics)
        }
    }
}

/// Name, version and rule docs of the tool that found the diagnostics (SARIF needs them).
public struct ToolInfo: Sendable {
    public var name: String
    public var version: String
    public var informationURI: String
    public var rules: [RuleInfo]

    public init(name: String, version: String, informationURI: String, rules: [RuleInfo] = []) {
        self.name = name
        self.version = version
        self.informationURI = informationURI
        self.rules = rules
    }

    public static let oac = ToolInfo(
        name: "oac", version: OACVersion.current,
        informationURI: "https://github.com/oac-dev/oac")
}

/// What SARIF and `explain` say about a rule.
public struct RuleInfo: Sendable {
    public var id: String
    public var summary: String
    public var severity: Severity

    public init(id: String, summary: String, severity: Severity) {
        self.id = id
        self.summary = summary
        self.severity = severity
    }
}

/// The one place the version lives.
public enum OACVersion {
    public static let current = "0.1.0"
}
