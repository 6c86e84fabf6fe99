import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 server on 127.0.0.1 whose every answer comes from `respond`: a fake Prometheus for the
/// report's hostile-server tests. Records each request's head (lowercased header names). One request per
/// connection (`Connection: close`).
final class ScriptedServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    struct Response: Sendable {
        var status = 200
        var headers: [String: String] = ["Content-Type": "application/json"]
        var body: [UInt8] = []

        static func json(_ text: String) -> Response { Response(body: Array(text.utf8)) }
    }

    let port: Int
    private let listener: LoopbackListener
    private let respond: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var seen: [Request] = []

    init(respond: @escaping @Sendable (Request) -> Response) throws {
        listener = try LoopbackListener(reuseAddress: false)
        self.port = listener.port
        self.respond = respond
        listener.start { [self] client in Thread { [self] in self.handle(client) }.start() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        while headEnd == nil {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            bytes += buffer[0..<n]
            if let r = bytes.indices.dropLast(3).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }) {
                headEnd = r + 4
            }
        }
        let head = String(decoding: bytes[..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let first = head[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in head.dropFirst() where line.contains(":") {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while bytes.count - headEnd! < length {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let request = Request(
            method: first.first.map(String.init) ?? "", path: first.count > 1 ? String(first[1]) : "",
            headers: headers, body: String(decoding: bytes[headEnd!...], as: UTF8.self))
        lock.lock()
        seen.append(request)
        lock.unlock()
        let response = respond(request)
        var text = "HTTP/1.1 \(response.status) X\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n"
        for (k, v) in response.headers { text += "\(k): \(v)\r\n" }
        LoopbackListener.send(Array((text + "\r\n").utf8) + response.body, to: client)
    }

    func stop() { listener.stop() }

    deinit { stop() }
}

/// Prometheus API answers for the report's four queries (three ranges, one instant).
enum FakePrometheus {
    /// A matrix with one series per (service, slo) and the given points, for every range query; the instant
    /// query (active series) answers `vector`.
    static func answer(_ request: ScriptedServer.Request, matrix: String, vector: String) -> ScriptedServer.Response {
        if request.path.hasSuffix("query_range") {
            return .json(#"{"status":"success","data":{"resultType":"matrix","result":\#(matrix)}}"#)
        }
        return .json(#"{"status":"success","data":{"resultType":"vector","result":\#(vector)}}"#)
    }
}
