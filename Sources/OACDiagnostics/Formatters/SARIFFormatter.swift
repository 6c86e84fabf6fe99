import Foundation

/// SARIF 2.1.0, the format GitHub code scanning uploads.
public struct SARIFFormatter: Sendable {
    public var tool: ToolInfo

    public init(tool: ToolInfo) { self.tool = tool }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable { var level: String }
    struct Message: Encodable { var text: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Location: Encodable { var physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        // Every rule that fired is described, plus the rules the tool declares.
        var rules = tool.rules.map {
            Rule(
                id: $0.id, shortDescription: Message(text: $0.summary),
                defaultConfiguration: Configuration(level: Self.level($0.severity)))
        }
        var known = Set(rules.map(\.id))
        for d in diagnostics where !known.contains(d.ruleID) {
            known.insert(d.ruleID)
            rules.append(
                Rule(
                    id: d.ruleID, shortDescription: Message(text: d.ruleID),
                    defaultConfiguration: Configuration(level: Self.level(d.severity))))
        }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results = diagnostics.map { d in
            var text = d.message
            if let hint = d.hint { text += "\nhint: \(hint)" }
            let locations: [Location] =
                d.location.map { loc in
                    [
                        Location(
                            physicalLocation: PhysicalLocation(
                                artifactLocation: ArtifactLocation(uri: uri(loc.file)),
                                region: Region(startLine: max(1, loc.line), startColumn: max(1, loc.column))))
                    ]
                } ?? []
            return Result(
                ruleId: d.ruleID, ruleIndex: index[d.ruleID], level: Self.level(d.severity),
                message: Message(text: text), locations: locations)
        }
        let log = Log(runs: [
            Run(
                tool: Tool(
                    driver: Driver(
                        name: tool.name, version: tool.version,
                        informationUri: tool.informationURI, rules: rules)),
                results: results)
        ])
        return encodeJSON(log)
    }

    /// SARIF artifact URIs are relative references: percent-encode what a URI may not hold.
    private func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p.addingPercentEncoding(withAllowedCharacters: allowed) ?? p
    }
}
