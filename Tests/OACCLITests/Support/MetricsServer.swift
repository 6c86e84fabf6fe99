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
    private let fd: Int32
    private let body: @Sendable () -> String
    private let lock = NSLock()
    private var stopped = false

    init(host: String = "127.0.0.1", port: Int = 0, body: @escaping @Sendable () -> String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.body = body
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    var address: String { "127.0.0.1:\(port)" }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if isStopped { return }
                continue
            }
            handle(client)
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func handle(_ client: Int32) {
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
        let bytes = Array(head.utf8) + payload
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }

    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        if already { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    deinit { stop() }

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
