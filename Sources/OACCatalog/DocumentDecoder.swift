import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// Decodes one YAML document of any kind into its spec, reporting what does not fit the language.
struct DocumentDecoder {
    let reader: NodeReader

    static let namePattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"

    func decode(_ root: YAMLNode, into catalog: inout Catalog) {
        if reader.isNull(root) { return }  // an empty document (e.g. a trailing `---`)
        guard let top = reader.fields(root, path: "", allowed: Schema.topLevelKeys) else {
            return
        }
        let kindNode = reader.value(top, "kind")
        let kind = kindNode.flatMap { reader.string($0, path: "kind") }
        guard let kind else {
            reader.diagnostics.error(
                "missing required field `kind`", rule: CheckID.missingField, at: top.location,
                hint: "one of: \(CatalogLoader.kinds.joined(separator: ", "))")
            return
        }
        guard CatalogLoader.kinds.contains(kind.value) else {
            let hint =
                Suggestion.closest(to: kind.value, in: CatalogLoader.kinds, ignoringCase: true).map { "did you mean `\($0)`?" }
                ?? "one of: \(CatalogLoader.kinds.joined(separator: ", "))"
            reader.diagnostics.error(
                "unknown kind `\(kind.value)`", rule: CheckID.unknownKind, at: kind.location,
                hint: hint)
            return
        }
        if let v = reader.string(top, "apiVersion") {
            if v.value != CatalogLoader.apiVersion {
                reader.diagnostics.error(
                    "unsupported apiVersion `\(v.value)`", rule: CheckID.apiVersion,
                    at: v.location, hint: "use `apiVersion: \(CatalogLoader.apiVersion)`")
            }
        } else {
            reader.diagnostics.error(
                "missing required field `apiVersion`", rule: CheckID.apiVersion, at: top.location,
                hint: "add `apiVersion: \(CatalogLoader.apiVersion)`")
        }
        if kind.value == "IncidentLog" {
            if top.entries["spec"] != nil {
                reader.diagnostics.error(
                    "an IncidentLog keeps its list at the top level in `incidents`, not in `spec`",
                    rule: CheckID.unknownKey, at: reader.location(top.entries["spec"]!.key))
            }
            if let meta = reader.value(top, "metadata") { _ = reader.fields(meta, path: "metadata", table: Schema.incidentLogMetadata) }
            catalog.incidentLogs.append(incidentLog(top))
            return
        }
        if let inc = top.entries["incidents"] {
            reader.diagnostics.error(
                "`incidents` belongs to an IncidentLog, not a \(kind.value)", rule: CheckID.unknownKey,
                at: reader.location(inc.key))
        }
        guard let name = metadataName(top) else { return }
        let specNode = reader.value(top, "spec")
        if specNode == nil, kind.value != "Team" {
            reader.diagnostics.error("missing required field `spec`", rule: CheckID.missingField, at: top.location)
            return
        }
        let location = top.location
        switch kind.value {
        case "Platform":
            if let p = platform(specNode!, name: name, location: location) { catalog.platforms.append(p) }
        case "Team":
            if let t = team(specNode, name: name, location: location) { catalog.teams.append(t) }
        case "Service":
            if let s = service(specNode!, name: name, location: location) { catalog.services.append(s) }
        case "Drill":
            if let d = drill(specNode!, name: name, location: location) { catalog.drills.append(d) }
        default:
            break
        }
    }

    func metadataName(_ top: NodeReader.Fields) -> Located<String>? {
        guard let meta = reader.value(top, "metadata") else {
            reader.diagnostics.error(
                "missing required field `metadata.name`", rule: CheckID.missingField,
                at: top.location)
            return nil
        }
        guard let f = reader.fields(meta, path: "metadata", table: Schema.metadata),
            let name = reader.string(f, "name")
        else { return nil }
        checkName(name, what: "metadata.name")
        return name
    }

    /// Names reach PromQL, YAML, file paths and URLs: keep them to DNS-label syntax.
    @discardableResult
    func checkName(_ name: Located<String>, what: @autoclosure () -> String) -> Bool {
        if isValidName(name.value) { return true }
        reader.diagnostics.error(
            "`\(what())` `\(name.value)` is not a valid name", rule: CheckID.invalidName,
            at: name.location,
            hint: "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (\(Self.namePattern))")
        return false
    }

    func isValidName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 63 else { return false }
        func ok(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard ok(u.first!), ok(u.last!) else { return false }
        return u.allSatisfy { ok($0) || $0 == 45 }
    }

    // MARK: - Values every kind checks

    func nonNegative(_ v: Located<Decimal>?, _ path: @autoclosure () -> String) -> Located<Decimal>? {
        guard let v else { return nil }
        if v.value < 0 {
            reader.diagnostics.error(
                "`\(path())` must not be negative, found \(v.value.plain())", rule: CheckID.invalidValue,
                at: v.location)
            return nil
        }
        return v
    }

    func invalidChoice(_ v: Located<String>, path: String, choices: [String]) {
        let hint =
            Suggestion.closest(to: v.value, in: choices, ignoringCase: true).map { "did you mean `\($0)`?" }
            ?? "one of: \(choices.joined(separator: ", "))"
        reader.diagnostics.error(
            "`\(path)` must be one of \(choices.joined(separator: ", ")), found `\(v.value)`",
            rule: CheckID.invalidValue, at: v.location, hint: hint)
    }

    /// A key the table requires that holds the path of a secret's file; when the secret was written inline
    /// instead (`inline`, already reported), its absence is not reported again.
    func requiredFile(_ f: NodeReader.Fields, _ key: String, inline: Bool) -> Located<String>? {
        if let s = reader.string(f, key) { return s }
        if inline { return nil }
        reader.diagnostics.error("missing required field `\(f.path).\(key)`", rule: CheckID.missingField, at: f.location)
        return nil
    }

    /// Secrets never go into the catalog or the generated config: only a path to a file that holds them. The
    /// table's `.refused` keys are the inline forms; each is reported. True when there was one.
    @discardableResult
    func rejectInlineSecrets(_ f: NodeReader.Fields, table: SchemaTable) -> Bool {
        var found = false
        for key in table.keys {
            guard case .refused(let fileKey) = key.presence, let e = f.entries[key.name] else { continue }
            found = true
            reader.diagnostics.error(
                "`\(f.path).\(key.name)` writes a secret inline in the catalog", rule: CheckID.inlineSecret,
                at: reader.location(e.key),
                hint: "store it in a file on the Alertmanager host and reference it with `\(fileKey)`")
        }
        return found
    }
}
