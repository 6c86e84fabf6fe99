import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), which Thanos Query
/// and Mimir speak too: per-request timeout, retries with exponential backoff on transport errors, 429 and 5xx.
public struct PrometheusClient: Sendable {
    public var baseURL: URL
    /// Extra request headers, e.g. `X-Scope-OrgID` for Mimir.
    public var headers: [String: String]
    public var timeout: TimeInterval
    /// Attempts per request (1 = no retry).
    public var attempts: Int
    /// Wait before the first retry; doubles each time.
    public var backoff: TimeInterval

    /// The largest answer read, after decompression (256 MiB): a quarter of daily points for 10,000 SLOs is
    /// a few MiB; a larger body, or a small gzip body that inflates past it, is refused while it arrives.
    public var maxResponseBytes: Int = 256 << 20
    /// The longest `--timeout` (one day): longer ones overflow the HTTP stack's clocks.
    public static let maxTimeout: TimeInterval = 86_400

    /// `user:password@` in `baseURL` becomes an `Authorization: Basic` header (unless one is given) and leaves
    /// the URL, so the password is never printed, stored in a snapshot or sent after a cross-origin redirect.
    public init(
        baseURL: URL, headers: [String: String] = [:], timeout: TimeInterval = 30, attempts: Int = 3,
        backoff: TimeInterval = 0.5
    ) {
        var headers = headers
        var url = baseURL
        if var parts = URLComponents(url: baseURL, resolvingAgainstBaseURL: false), parts.user != nil || parts.password != nil {
            let credentials = "\(parts.user ?? ""):\(parts.password ?? "")"
            if !headers.keys.contains(where: { $0.lowercased() == "authorization" }) {
                headers["Authorization"] = "Basic " + Data(credentials.utf8).base64EncodedString()
            }
            parts.user = nil
            parts.password = nil
            url = parts.url ?? baseURL
        }
        self.baseURL = url
        self.headers = headers
        self.timeout = timeout.isFinite ? min(max(timeout, 0.001), Self.maxTimeout) : Self.maxTimeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
    }

    /// The base URL as it may be printed (it holds no credentials: the initializer moved them to a header).
    public var displayURL: String { baseURL.absoluteString }

    /// `text` with the password of every `scheme://user:password@` replaced by `***`.
    public static func redacted(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            // The user information runs to the first `@` before any `/` or white space; its password follows
            // the first `:`.
            guard let end = rest.firstIndex(where: { $0 == "@" || $0 == "/" || $0.isWhitespace }), rest[end] == "@",
                let colon = rest[..<end].firstIndex(of: ":")
            else { continue }
            out += rest[..<colon]
            out += ":***@"
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    public struct Series: Sendable, Hashable {
        public var labels: [String: String]
        /// (unix seconds, value), in time order.
        public var points: [(time: Double, value: Double)]

        public init(labels: [String: String], points: [(time: Double, value: Double)]) {
            self.labels = labels
            self.points = points
        }

        public static func == (l: Series, r: Series) -> Bool {
            l.labels == r.labels && l.points.map(\.time) == r.points.map(\.time) && l.points.map(\.value) == r.points.map(\.value)
        }

        public func hash(into h: inout Hasher) { h.combine(labels) }
    }

    public enum ClientError: Error, CustomStringConvertible {
        /// No answer at all (connection refused, DNS, timeout) after every attempt.
        case unreachable(url: String, reason: String)
        /// An answer that is not a successful Prometheus API response.
        case badResponse(url: String, status: Int, message: String)

        public var description: String {
            switch self {
            case .unreachable(let url, let reason): "Prometheus at \(PrometheusClient.redacted(url)) is unreachable: \(reason)"
            case .badResponse(let url, let status, let message): "Prometheus at \(PrometheusClient.redacted(url)) answered \(status): \(message)"
            }
        }
    }

    // MARK: - Queries

    /// `query_range`: every series with its points.
    public func queryRange(_ query: String, start: Date, end: Date, step: TimeInterval) throws -> [Series] {
        let data = try call(
            "api/v1/query_range",
            [
                ("query", query), ("start", Self.seconds(start)), ("end", Self.seconds(end)), ("step", Self.seconds(step))
            ])
        return try Self.parseMatrix(data, url: endpoint("api/v1/query_range").absoluteString)
    }

    /// An instant query at `time`: each series with its one value.
    public func query(_ query: String, at time: Date) throws -> [(labels: [String: String], value: Double)] {
        let data = try call("api/v1/query", [("query", query), ("time", Self.seconds(time))])
        return try Self.parseVector(data, url: endpoint("api/v1/query").absoluteString)
    }

    static func seconds(_ date: Date) -> String { seconds(date.timeIntervalSince1970) }
    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? String(Int64(t)) : String(format: "%.3f", t)
    }

    func endpoint(_ path: String) -> URL {
        var base = baseURL.absoluteString
        if !base.hasSuffix("/") { base += "/" }
        return URL(string: base + path)!
    }

    // MARK: - Transport

    /// POSTs a form (long PromQL never hits URL length limits) with retries; returns the body of a 200.
    func call(_ path: String, _ form: [(String, String)]) throws -> Data {
        let url = endpoint(path)
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = Data(Self.formEncode(form).utf8)

        var lastError: ClientError = .unreachable(url: baseURL.absoluteString, reason: "no attempt made")
        for attempt in 0..<attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: backoff * pow(2, Double(attempt - 1))) }
            let (data, status, error) = Self.send(
                request, timeout: timeout, limit: maxResponseBytes,
                sensitive: Set(headers.keys.map { $0.lowercased() }))
            if let error {
                lastError = .unreachable(url: baseURL.absoluteString, reason: error)
                continue
            }
            if status == 200 { return data }
            let message = Self.errorMessage(data)
            lastError = .badResponse(url: url.absoluteString, status: status, message: message)
            // Client errors (a bad query, auth) will not get better by asking again.
            if status != 429 && status < 500 { throw lastError }
        }
        throw lastError
    }

    static func formEncode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { k, v in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(v.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    /// Receives one answer: counts bytes as they arrive (decompressed), cancels past the limit, and strips
    /// credentials from a redirect to another origin.
    final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let lock = NSLock()
        let done = DispatchSemaphore(value: 0)
        let limit: Int
        /// Header names (lowercased) never sent to another origin: the user's `--header`s and credentials.
        let sensitive: Set<String>
        var data = Data(), status = 0, error: String?

        init(limit: Int, sensitive: Set<String>) {
            self.limit = limit
            self.sensitive = sensitive.union(["authorization", "proxy-authorization", "cookie", "x-scope-orgid"])
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            lock.lock()
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            // The declared length is of the body as sent; still checked here to refuse early.
            let tooLarge = response.expectedContentLength > Int64(limit)
            if tooLarge { error = "the answer is larger than the limit of \(limit >> 20) MiB" }
            lock.unlock()
            completionHandler(tooLarge ? .cancel : .allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive chunk: Data) {
            lock.lock()
            defer { lock.unlock() }
            guard error == nil else { return }
            if data.count + chunk.count > limit {
                error = "the answer is larger than the limit of \(limit >> 20) MiB"
                data = Data()
                dataTask.cancel()
                return
            }
            data.append(chunk)
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            guard let to = request.url, let scheme = to.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                completionHandler(nil)
                return
            }
            var request = request
            if let from = task.originalRequest?.url, !Self.sameOrigin(from, to) {
                for name in (request.allHTTPHeaderFields ?? [:]).keys where sensitive.contains(name.lowercased()) {
                    request.setValue(nil, forHTTPHeaderField: name)
                }
            }
            completionHandler(request)
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError failure: Error?) {
            lock.lock()
            if let failure, error == nil { error = PrometheusClient.describe(failure) }
            lock.unlock()
            done.signal()
        }

        static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
            func port(_ u: URL) -> Int { u.port ?? (u.scheme?.lowercased() == "https" ? 443 : 80) }
            return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
        }
    }

    /// A transport failure in words (not "NSURLErrorDomain error -1001").
    static func describe(_ error: Error) -> String {
        guard let e = error as? URLError else { return redacted(error.localizedDescription) }
        switch e.code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "the connection was closed before the answer was complete"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "TLS failed (\(e.code.rawValue))"
        case .httpTooManyRedirects, .redirectToNonExistentLocation: return "too many or broken redirects"
        case .cancelled: return "cancelled"
        default: return "\(redacted(e.localizedDescription)) (URL error \(e.code.rawValue))"
        }
    }

    static func send(
        _ request: URLRequest, timeout: TimeInterval, limit: Int = 256 << 20,
        sensitive: Set<String> = []
    ) -> (Data, Int, String?) {
        let receiver = Receiver(limit: limit, sensitive: sensitive)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: config, delegate: receiver, delegateQueue: nil)
        session.dataTask(with: request).resume()
        if receiver.done.wait(timeout: .now() + timeout + 5) == .timedOut {
            session.invalidateAndCancel()
            return (Data(), 0, "timed out after \(Int(timeout.rounded(.up)))s")
        }
        session.finishTasksAndInvalidate()
        receiver.lock.lock()
        defer { receiver.lock.unlock() }
        if receiver.error == "timed out" { return (Data(), 0, "timed out after \(Int(timeout.rounded(.up)))s") }
        return (receiver.data, receiver.status, receiver.error)
    }

    // MARK: - Responses

    /// Every decoder an answer goes through (matrix, vector, error text), then the snapshot built from it and
    /// checked: the fuzz target for hostile Prometheus answers. Never traps; returns whether a snapshot passed.
    @discardableResult
    public static func decodeAnswer(_ data: Data, quarter: Quarter) -> Bool {
        _ = errorMessage(data)
        let matrix = (try? parseMatrix(data, url: "fuzz")) ?? []
        let vector = (try? parseVector(data, url: "fuzz")) ?? []
        let snapshot = QuarterFetcher.assemble(
            quarter: quarter, through: quarter.lastDay, generatedAt: quarter.end, source: "fuzz",
            totals: matrix, bads: matrix, objectives: matrix, jobs: vector,
            raw: (totals: matrix, bads: matrix))
        guard (try? snapshot.validate()) != nil else { return false }
        _ = snapshot.encoded()
        return true
    }

    static func errorMessage(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let e = object["error"] as? String {
            return e
        }
        let text = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "empty body" : text
    }

    static func result(_ data: Data, type: String, url: String) throws -> [[String: Any]] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["status"] as? String == "success", let body = object["data"] as? [String: Any],
            body["resultType"] as? String == type, let result = body["result"] as? [[String: Any]]
        else {
            throw ClientError.badResponse(url: url, status: 200, message: "not a Prometheus API \(type) result")
        }
        return result
    }

    static func number(_ any: Any?) -> Double? {
        guard let s = any as? String else { return nil }
        return Double(s)
    }

    static func parseMatrix(_ data: Data, url: String) throws -> [Series] {
        try result(data, type: "matrix", url: url).map { item in
            let labels = item["metric"] as? [String: String] ?? [:]
            let values = item["values"] as? [[Any]] ?? []
            let points = values.compactMap { pair -> (Double, Double)? in
                guard pair.count == 2, let t = (pair[0] as? NSNumber)?.doubleValue, let v = number(pair[1]) else { return nil }
                return (t, v)
            }
            return Series(labels: labels, points: points.map { (time: $0.0, value: $0.1) })
        }
    }

    static func parseVector(_ data: Data, url: String) throws -> [(labels: [String: String], value: Double)] {
        try result(data, type: "vector", url: url).compactMap { item in
            let labels = item["metric"] as? [String: String] ?? [:]
            guard let pair = item["value"] as? [Any], pair.count == 2, let v = number(pair[1]) else { return nil }
            return (labels, v)
        }
    }
}
