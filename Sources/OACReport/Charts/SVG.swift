import Foundation
import OACSupport

/// A small SVG writer: every text and attribute value goes through `XML.escape`, numbers print with at most
/// two decimals, and the same chart always gives the same bytes.
public struct SVG: Sendable {
    public var width: Double
    public var height: Double
    /// Accessible name of the chart (`<title>` and `aria-label`).
    public var title: String
    private var body: [String] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        rx: Double = 0, tooltip: String? = nil
    ) {
        var attrs = [("x", n(x)), ("y", n(y)), ("width", n(max(0, width))), ("height", n(max(0, height))), ("fill", fill)]
        if let stroke { attrs.append(("stroke", stroke)) }
        if rx > 0 { attrs.append(("rx", n(rx))) }
        element("rect", attrs, tooltip: tooltip)
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) {
        var attrs = [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke), ("stroke-width", n(width))]
        if let dash { attrs.append(("stroke-dasharray", dash)) }
        element("line", attrs)
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, tooltip: String? = nil) {
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        element(
            "polyline",
            [
                ("points", p), ("fill", "none"), ("stroke", stroke), ("stroke-width", n(width)),
                ("stroke-linejoin", "round")
            ], tooltip: tooltip)
    }

    public mutating func polygon(_ points: [(Double, Double)], fill: String, tooltip: String? = nil) {
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        element("polygon", [("points", p), ("fill", fill)], tooltip: tooltip)
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public mutating func text(
        _ text: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start,
        weight: String? = nil, fill: String = "#1f2933", rotate: Double? = nil
    ) {
        var attrs = [("x", n(x)), ("y", n(y)), ("font-size", n(size)), ("fill", fill)]
        if anchor != .start { attrs.append(("text-anchor", anchor.rawValue)) }
        if let weight { attrs.append(("font-weight", weight)) }
        if let rotate { attrs.append(("transform", "rotate(\(n(rotate)) \(n(x)) \(n(y)))")) }
        body.append("<text\(Self.attributes(attrs))>\(XML.escape(text))</text>")
    }

    private mutating func element(_ name: String, _ attrs: [(String, String)], tooltip: String? = nil) {
        if let tooltip {
            body.append("<\(name)\(Self.attributes(attrs))><title>\(XML.escape(tooltip))</title></\(name)>")
        } else {
            body.append("<\(name)\(Self.attributes(attrs))/>")
        }
    }

    static func attributes(_ attrs: [(String, String)]) -> String {
        attrs.map { " \($0.0)=\"\(XML.escape($0.1))\"" }.joined()
    }

    /// The `<svg>` element, usable as a file and inline in HTML: it scales to its container's width.
    public func render() -> String {
        let header =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(XML.escape(title))\" "
            + "font-family=\"Helvetica, Arial, sans-serif\">"
        return ([header, "<title>\(XML.escape(title))</title>"] + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// At most two decimals, no trailing zeros, never `-0`.
    func n(_ v: Double) -> String { Self.number(v) }

    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        // Whole numbers (most coordinates) print as integers; `-0` too.
        if v == v.rounded(.towardZero), abs(v) < 1e15 { return String(Int64(v)) }
        var s = FixedPoint.format(v, decimals: 2) ?? String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}

/// `String(format: "%.<d>f", v)` without the formatting machinery, for the values where the result is certain:
/// a report has ~100,000 chart cells of four numbers each and `String(format:)` was most of its time.
enum FixedPoint {
    static let scales: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// The same text as `String(format: "%.<decimals>f", v)`, or nil where this cannot be sure of it: `%f` rounds
    /// the exact binary value to nearest, so the scaled value must be small enough that `v * 10^d` is within a
    /// tiny fraction of a unit of it, and not near a halfway point, where that error could change the rounding.
    static func format(_ v: Double, decimals: Int) -> String? {
        guard decimals >= 0, decimals < scales.count, v.isFinite else { return nil }
        let scaled = v * scales[decimals]
        guard abs(scaled) < 1e9 else { return nil }
        let floor = scaled.rounded(.down)
        guard abs(scaled - floor - 0.5) > 1e-6 else { return nil }
        let k = Int64(scaled.rounded())
        var digits = String(k.magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        // `%f` keeps the sign of a negative value that rounds to zero (`-0.00`).
        return v < 0 || (v == 0 && v.sign == .minus) ? "-" + digits : digits
    }
}

/// The report's colours, in one place so the charts and the CSS agree.
public enum Palette {
    public static let ink = "#1f2933"
    public static let muted = "#616e7c"
    public static let grid = "#d9dee5"
    public static let good = "#2f855a"
    public static let goodLight = "#c6ebd5"
    public static let warn = "#d69e2e"
    public static let warnLight = "#fbe9b7"
    public static let orange = "#dd6b20"
    public static let bad = "#c53030"
    public static let badLight = "#f8d3d3"
    public static let noData = "#cbd2d9"
    public static let accent = "#2b6cb0"
    public static let series = ["#2b6cb0", "#c53030", "#805ad5", "#dd6b20", "#2c7a7b", "#b7791f"]

    public static func severity(_ s: String) -> String {
        switch s {
        case "SEV1": bad
        case "SEV2": orange
        case "SEV3": warn
        default: muted
        }
    }
}
