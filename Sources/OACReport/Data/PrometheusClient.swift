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

    public init(baseURL: URL, headers: [String: String] = [:], timeout: TimeInterval = 30, attempts: Int = 3,
                backoff: TimeInterval = 0.5) {
        self.baseURL = baseURL
        self.headers = headers
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
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
            case .unreachable(let url, let reason): "Prometheus at \(url) is unreachable: \(reason)"
            case .badResponse(let url, let status, let message): "Prometheus at \(url) answered \(status): \(message)"
            }
        }
    }

    // MARK: - Queries

    /// `query_range`: every series with its points.
    public func queryRange(_ query: String, start: Date, end: Date, step: TimeInterval) throws -> [Series] {
        let data = try call("api/v1/query_range", [
            ("query", query), ("start", Self.seconds(start)), ("end", Self.seconds(end)), ("step", Self.seconds(step)),
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
            let (data, status, error) = Self.send(request, timeout: timeout)
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

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var data = Data(), status = 0, error: String?
    }

    static func send(_ request: URLRequest, timeout: TimeInterval) -> (Data, Int, String?) {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: config)
        session.dataTask(with: request) { data, response, error in
            box.lock.lock()
            if let error {
                box.error = error.localizedDescription
            } else if let http = response as? HTTPURLResponse {
                box.status = http.statusCode
                box.data = data ?? Data()
            } else {
                box.error = "no HTTP response"
            }
            box.lock.unlock()
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            session.invalidateAndCancel()
            return (Data(), 0, "timed out after \(Int(timeout))s")
        }
        session.finishTasksAndInvalidate()
        box.lock.lock()
        defer { box.lock.unlock() }
        return (box.data, box.status, box.error)
    }

    // MARK: - Responses

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
              body["resultType"] as? String == type, let result = body["result"] as? [[String: Any]] else {
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
