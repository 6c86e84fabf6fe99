import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers every request with the text `body()` returns: enough for
/// Prometheus to scrape `/metrics` (Foundation has no HTTP server on Linux). One thread, one request per
/// connection (`Connection: close`).
final class MetricsServer: @unchecked Sendable {
    let port: Int
    private let listener: LoopbackListener

    init(host: String = "127.0.0.1", port: Int = 0, body: @escaping @Sendable () -> String) throws {
        listener = try LoopbackListener(host: host, port: port, reuseAddress: true)
        self.port = listener.port
        listener.start { client in Self.handle(client, body: body) }
    }

    var address: String { "127.0.0.1:\(port)" }

    private static func handle(_ client: Int32, body: () -> String) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Read the request head; its content does not matter.
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual([13, 10, 13, 10]) && request.count < 65536 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            request += buffer[0..<n]
        }
        let payload = Array(body().utf8)
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
        LoopbackListener.send(Array(head.utf8) + payload, to: client)
    }

    func stop() { listener.stop() }

    /// A port that is free on every given loopback address at the moment of asking.
    static func freePort(on hosts: [String]) throws -> Int {
        for _ in 0..<50 {
            let probe = try MetricsServer(host: hosts[0]) { "" }
            let port = probe.port
            probe.stop()
            var others: [MetricsServer] = []
            var ok = true
            for h in hosts.dropFirst() {
                if let s = try? MetricsServer(host: h, port: port, body: { "" }) { others.append(s) } else { ok = false }
            }
            for s in others { s.stop() }
            if ok { return port }
        }
        throw POSIXError(.EADDRINUSE)
    }
}
