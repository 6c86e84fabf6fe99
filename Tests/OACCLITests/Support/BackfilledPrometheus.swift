import Foundation
import Testing

extension PrometheusProcess {
    /// Until a backfilled server answers `/-/ready` (it opens every backfilled block first): a deadline for a
    /// poll, generous so that a busy machine cannot fail it by chance.
    static let backfilledReady: TimeInterval = 180

    /// A Prometheus over a data folder that promtool backfilled from `openMetrics` (OpenMetrics text ending in
    /// `# EOF`), with a retention long enough to keep any quarter and a config that scrapes nothing of use; ready
    /// before it returns (stop it with `stop()` in a `defer`). The reports, the snapshot and the gate read it at `url`.
    static func backfilled(
        _ openMetrics: String, promtool: URL, prometheus: URL, work: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PrometheusProcess {
        let input = work.appendingPathComponent("backfill.om")
        try Data(openMetrics.utf8).write(to: input)
        let storage = work.appendingPathComponent("data")
        let backfill = try TestSupport.run(promtool, ["tsdb", "create-blocks-from", "openmetrics", "-q", input.path, storage.path])
        try #require(backfill.status == 0, "promtool backfill failed: \(backfill.stderr)", sourceLocation: sourceLocation)
        let config = work.appendingPathComponent("prometheus.yml")
        try Data("global:\n  scrape_interval: 1h\n".utf8).write(to: config)
        let port = try MetricsServer.freePort(on: ["127.0.0.1"])
        let server = try PrometheusProcess(
            binary: prometheus, config: config, address: "127.0.0.1:\(port)", storage: storage, arguments: ["--storage.tsdb.retention.time=3650d"])
        do {
            try #require(server.waitReady(timeout: backfilledReady), "Prometheus did not become ready:\n\(server.logText)", sourceLocation: sourceLocation)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// The server's base URL, for `--prometheus`.
    var url: String { "http://\(address)" }
}
