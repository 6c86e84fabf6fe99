import Foundation
import OACCatalog
import OACModel
import OACRender
import OACTestSupport
import Testing

/// Several Alertmanagers form one cluster: every member gossips with every other (`--cluster.peer`), so an alert
/// sent to all of them is notified once.
@Suite("Alertmanager clustering")
struct AlertmanagerClusterTests {
    static func args(_ alertmanagers: String?) throws -> String? {
        var text = HandCatalog.text
        if let alertmanagers {
            text = text.replacingOccurrences(of: "  alerting:\n", with: "  alerting:\n    alertmanagers: \(alertmanagers)\n")
        }
        let files = AlertmanagerClusterRenderer.render(try RenderTestSupport.model(text))
        #expect(files.allSatisfy { $0.path == "alertmanager/alertmanager.args" })
        return files.first?.contents
    }

    @Test("each of three Alertmanagers lists all three as peers on the gossip port 9094")
    func peers() throws {
        let text = try #require(try Self.args(#"["am-0.mon:9093", "am-1.mon:9093", "am-2.mon:9093"]"#))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines.filter { $0.hasPrefix("--cluster.peer=") }
                == ["--cluster.peer=am-0.mon:9094", "--cluster.peer=am-1.mon:9094", "--cluster.peer=am-2.mon:9094"])
        #expect(lines.contains("--cluster.listen-address=0.0.0.0:9094"))
        #expect(lines.contains("--config.file=alertmanager.yml"))
        // One flag per line, each one Alertmanager knows (`alertmanager --help`, v0.27).
        let known: Set<String> = ["--config.file", "--cluster.listen-address", "--cluster.peer"]
        for line in lines { #expect(known.contains(String(line.prefix { $0 != "=" })), "\(line)") }
    }

    @Test("one Alertmanager, or none, is no cluster: no file")
    func single() throws {
        #expect(try Self.args(#"["am-0.mon:9093"]"#) == nil)
        #expect(try Self.args(nil) == nil)
    }
}
