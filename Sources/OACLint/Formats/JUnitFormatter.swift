import OACDiagnostics
import OACSupport

/// JUnit XML for CI test reports: one test case per rule, one `<failure>` per finding of that rule.
public struct JUnitFormatter: Sendable {
    public var registry: RuleRegistry

    public init(registry: RuleRegistry = .standard) { self.registry = registry }

    public func render(_ report: LintReport) -> String {
        // Every registered rule is a case (passing when silent); compiler checks appear when they fired.
        var cases: [(id: String, group: String)] = registry.descriptions.map { ($0.id, $0.category.rawValue) }
        for f in report.findings where !cases.contains(where: { $0.id == f.diagnostic.ruleID }) {
            cases.append((f.diagnostic.ruleID, "compiler"))
        }
        let byRule = Dictionary(grouping: report.findings, by: \.diagnostic.ruleID)
        let failing = cases.filter { byRule[$0.id] != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"oac lint\" tests=\"\(cases.count)\" failures=\"\(failing)\" errors=\"0\">\n"
        out += "  <testsuite name=\"oac lint\" tests=\"\(cases.count)\" failures=\"\(failing)\" errors=\"0\" skipped=\"0\">\n"
        for c in cases {
            let findings = byRule[c.id] ?? []
            let open = "    <testcase classname=\"oac.lint.\(XML.escape(c.group, attribute: true))\" name=\"\(XML.escape(c.id, attribute: true))\""
            if findings.isEmpty {
                out += open + "/>\n"
                continue
            }
            out += open + ">\n"
            for f in findings {
                let d = f.diagnostic
                let place = d.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
                var body = "\(place)\(d.severity.rawValue): \(d.message)"
                if let hint = d.hint { body += "\nhint: \(hint)" }
                out +=
                    "      <failure type=\"\(d.severity.rawValue)\" message=\"\(XML.escape(place + d.message, attribute: true))\">\(XML.escape(body))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
