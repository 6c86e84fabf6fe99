import Foundation
import OACModel
import OACOutput
import OACSupport

/// `mimir/alertmanager.yaml`: the Alertmanager configuration (`alertmanager/alertmanager.yml`) in the form
/// `mimirtool alertmanager load` takes, loaded once per tenant (each Mimir tenant has its own Alertmanager and
/// its ruler sends there). Mimir refuses every setting that reads a file (`*_file`: an Alertmanager shared by
/// tenants must not read its host's files), so each `<key>_file: <path>` becomes its inline twin `<key>` valued
/// `${OAC_SECRET_<n>}`, one variable per distinct file, listed in the header. The file still holds no secret:
/// `envsubst` fills the variables from the files at load time (docs/topology.md#mimir-globalmode-mimir).
public enum MimirAlertmanagerRenderer {
    public static let variablePrefix = "OAC_SECRET_"

    static func file(_ model: Model) -> OutputFile {
        OutputFile(path: Conventions.mimirAlertmanagerFile, contents: mimirForm(AlertmanagerRenderer.text(model)))
    }

    /// `text` with every `<key>_file: <value>` line rewritten to `<key>: '${OAC_SECRET_<n>}'`.
    public static func mimirForm(_ text: String) -> String {
        var variables: [String] = []  // the file (as written in YAML) of each variable, in order
        var out: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let (prefix, key, value) = fileSetting(line) else {
                out.append(line)
                continue
            }
            let n =
                (variables.firstIndex(of: value)
                    ?? {
                        variables.append(value)
                        return variables.count - 1
                    }()) + 1
            out.append(Substring("\(prefix)\(key): '${\(variablePrefix)\(n)}'"))
        }
        var header = [
            "# The Alertmanager configuration in `mimirtool alertmanager load` form: Mimir refuses settings that read",
            "# files, so each secret is a variable to fill from its file when loading (envsubst), never stored here."
        ]
        for (i, file) in variables.enumerated() {
            // A single-quoted YAML scalar reads back as its text with '' for '; anything else is shown as written.
            let shown =
                file.count >= 2 && file.hasPrefix("'") && file.hasSuffix("'")
                ? file.dropFirst().dropLast().replacingOccurrences(of: "''", with: "'") : file
            header.append("# \(variablePrefix)\(i + 1): the contents of \(shown)")
        }
        if variables.isEmpty { header.append("# (no secrets)") }
        // Keep the generated-by line first.
        var lines = out.map(String.init)
        let insertAt = lines.first?.hasPrefix("#") == true ? 1 : 0
        lines.insert(contentsOf: header, at: insertAt)
        return lines.joined(separator: "\n")
    }

    /// `  - routing_key_file: '/x'` → ("  - ", "routing_key", "'/x'").
    static func fileSetting(_ line: Substring) -> (String, String, String)? {
        var rest = line[...]
        var prefix = ""
        while let c = rest.first, c == " " || c == "-" {
            prefix.append(c)
            rest = rest.dropFirst()
        }
        guard let colon = rest.range(of: ": ") else { return nil }
        let key = rest[..<colon.lowerBound]
        guard key.hasSuffix("_file"), key.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        return (prefix, String(key.dropLast("_file".count)), String(rest[colon.upperBound...]))
    }
}
