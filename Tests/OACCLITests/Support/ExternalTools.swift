import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Probes and HTTP for the tests that drive promtool and Prometheus (the tools themselves: `ExternalTool`
/// in OACTestSupport, with the `.requires(_:)` trait).
enum ExternalTools {
    /// Whether this promtool knows `kubernetes_sd_configs` (Debian builds Prometheus without Kubernetes
    /// discovery; upstream 2.42 has it).
    static func promtoolHasKubernetesSD(_ promtool: URL) throws -> Bool {
        let dir = try TestSupport.temporaryDirectory("k8s-probe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("prometheus.yml")
        try Data("scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n".utf8).write(to: file)
        return try TestSupport.run(promtool, ["check", "config", file.path]).status == 0
    }

    // MARK: - HTTP

    /// GET a URL; nil on any transport error.
    static func get(_ url: URL, timeout: TimeInterval = 5) -> (status: Int, body: Data)? {
        let box = ResultBox()
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let http = response as? HTTPURLResponse { box.set((http.statusCode, data ?? Data())) }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + timeout + 1)
        return box.value
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (Int, Data)?
        func set(_ v: (Int, Data)) {
            lock.lock()
            stored = v
            lock.unlock()
        }
        var value: (status: Int, body: Data)? {
            lock.lock()
            defer { lock.unlock() }
            return stored.map { (status: $0.0, body: $0.1) }
        }
    }
}

/// A Prometheus server started for a test; stopped by `stop()` (call it in a `defer`).
final class PrometheusProcess {
    let address: String
    let process = Process()
    let log: URL

    /// `arguments`: further flags (e.g. a retention).
    init(binary: URL, config: URL, address: String, storage: URL, arguments: [String] = []) throws {
        self.address = address
        log = storage.appendingPathExtension("log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = binary
        process.arguments =
            [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(storage.path)",
                "--web.listen-address=\(address)", "--log.level=warn"
            ] + arguments
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func waitReady(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { return false }
            if let r = ExternalTools.get(URL(string: "http://\(address)/-/ready")!, timeout: 1), r.status == 200 { return true }
            usleep(200_000)
        }
        return false
    }

    struct Sample {
        var labels: [String: String]
        var value: Double
    }

    /// An instant query; nil when the server does not answer.
    func query(_ promql: String) -> [Sample]? {
        var components = URLComponents(string: "http://\(address)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        // URLComponents leaves `+` alone, which a query string reads as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let r = ExternalTools.get(components.url!), r.status == 200,
            let object = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any],
            let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { return nil }
        return result.compactMap { item in
            guard let metric = item["metric"] as? [String: String], let value = item["value"] as? [Any],
                value.count == 2, let text = value[1] as? String, let v = Double(text)
            else { return nil }
            return Sample(labels: metric, value: v)
        }
    }

    /// Polls `query` until `accept` holds; returns the last answer.
    @discardableResult
    func poll(_ promql: String, timeout: TimeInterval, until accept: ([Sample]) -> Bool) -> [Sample]? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [Sample]?
        while Date() < deadline {
            last = query(promql)
            if let last, accept(last) { return last }
            Thread.sleep(forTimeInterval: LiveTopology.Wait.pollInterval)
        }
        return last
    }
}
