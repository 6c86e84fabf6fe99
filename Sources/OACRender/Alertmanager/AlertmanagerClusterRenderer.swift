import Foundation
import OACModel
import OACOutput

/// `alertmanager/alertmanager.args` when the catalog lists more than one Alertmanager: they form one cluster
/// (gossip on Alertmanager's cluster port), so a notification is sent once by the cluster, not once per
/// Alertmanager, and a silence set on one holds on all. Every Prometheus or ruler sends each alert to every
/// Alertmanager (`alerting.alertmanagers`); the cluster deduplicates. One flag per line, for
/// `alertmanager $(cat alertmanager.args)`; each member lists every member as a peer (its own address too, which
/// Alertmanager ignores), so one file serves all.
public enum AlertmanagerClusterRenderer: Renderer {
    /// Alertmanager's default gossip port (`--cluster.listen-address`).
    public static let clusterPort = 9094

    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        [RenderJob { file(input.model).map { [$0] } ?? [] }]
    }

    static func file(_ model: Model) -> OutputFile? {
        let members = model.platform.alerting.alertmanagers
        guard members.count > 1 else { return nil }
        var flags = ["--config.file=alertmanager.yml", "--cluster.listen-address=0.0.0.0:\(clusterPort)"]
        flags += members.map { "--cluster.peer=\(host($0)):\(clusterPort)" }
        return OutputFile(path: Conventions.alertmanagerArgsFile, contents: flags.joined(separator: "\n") + "\n")
    }

    /// `host` of `host:port` (the catalog checks Alertmanager addresses have a port).
    static func host(_ address: String) -> Substring {
        address.lastIndex(of: ":").map { address[..<$0] } ?? address[...]
    }
}
