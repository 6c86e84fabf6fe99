import Foundation
import OACModel

/// How a change moves series and monthly cost: in total, per team, per service and per metric.
public struct CostDiff: Sendable, Hashable {
    /// One entity's change; `name` is empty for the total.
    public struct Delta: Sendable, Hashable {
        public var name: String
        public var series: Int
        public var costPerMonth: ExactDecimal
        /// Per-metric series changes of a service, sorted by name.
        public var metrics: [MetricDelta]
    }

    public struct MetricDelta: Sendable, Hashable {
        public var name: String
        public var series: Int
    }

    public var currency: String
    public var total: Delta
    /// Only entities that changed, sorted by name.
    public var teams: [Delta]
    public var services: [Delta]

    public var isEmpty: Bool { total.series == 0 && total.costPerMonth.value == 0 && teams.isEmpty && services.isEmpty }

    /// The change from `base` to `head`; a missing estimate (a catalog that does not compile) counts as empty.
    public static func between(base: CostEstimate?, head: CostEstimate?) -> CostDiff {
        let currency = head?.currency ?? base?.currency ?? "USD"
        func delta(_ name: String, _ x: CostEstimate.Figures?, _ y: CostEstimate.Figures?, metrics: [MetricDelta] = []) -> Delta {
            Delta(
                name: name, series: (y?.series ?? 0) - (x?.series ?? 0),
                costPerMonth: ExactDecimal((y?.monthlyCost.total.value ?? 0) - (x?.monthlyCost.total.value ?? 0)),
                metrics: metrics)
        }
        let teamNames = Set((base?.teams ?? []).map(\.name) + (head?.teams ?? []).map(\.name)).sorted()
        let teams = teamNames.map { delta($0, base?.team(named: $0)?.figures, head?.team(named: $0)?.figures) }
            .filter(\.changed)
        let serviceNames = Set((base?.services ?? []).map(\.name) + (head?.services ?? []).map(\.name)).sorted()
        let services = serviceNames.map { name -> Delta in
            let x = base?.service(named: name)
            let y = head?.service(named: name)
            let metricNames = Set((x?.metrics ?? []).map(\.name) + (y?.metrics ?? []).map(\.name)).sorted()
            let metrics = metricNames.map { m in
                MetricDelta(
                    name: m,
                    series: (y.flatMap { s in s.metric(named: m).map { s.series(of: $0) } } ?? 0)
                        - (x.flatMap { s in s.metric(named: m).map { s.series(of: $0) } } ?? 0))
            }.filter { $0.series != 0 }
            return delta(name, x?.figures, y?.figures, metrics: metrics)
        }.filter(\.changed)
        return CostDiff(currency: currency, total: delta("", base?.total, head?.total), teams: teams, services: services)
    }

    /// "+12,400 series, +$80.60/month, team ml-platform" lines, total first.
    public func lines() -> [String] {
        guard !isEmpty else { return ["no change in series or cost"] }
        var out = ["\(figures(total)) in total"]
        out += teams.map { "\(figures($0)), team \($0.name)" }
        for s in services {
            var line = "\(figures(s)), service \(s.name)"
            if !s.metrics.isEmpty {
                line += " (" + s.metrics.map { "\($0.name) \(signed($0.series)) series" }.joined(separator: ", ") + ")"
            }
            out.append(line)
        }
        return out
    }

    func figures(_ d: Delta) -> String { "\(signed(d.series)) series, \(money(d.costPerMonth.value))/month" }

    func signed(_ n: Int) -> String { (n >= 0 ? "+" : "-") + grouped(abs(n)) }

    /// "+$80.60", "-€3.10", "+12.00 CHF".
    func money(_ value: Decimal) -> String {
        let sign = value < 0 ? "-" : "+"
        var magnitude = value < 0 ? -value : value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &magnitude, 2, .plain)
        var text = rounded.plain(maxFractionDigits: 2)
        if !text.contains(".") { text += ".00" } else if text.split(separator: ".").last?.count == 1 { text += "0" }
        let parts = text.split(separator: ".", maxSplits: 1)
        if let whole = Int(parts[0]) { text = grouped(whole) + "." + parts[1] }
        let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"]
        if let symbol = symbols[currency] { return "\(sign)\(symbol)\(text)" }
        return "\(sign)\(text) \(currency)"
    }
}

extension CostDiff.Delta {
    var changed: Bool { series != 0 || costPerMonth.value != 0 || !metrics.isEmpty }
}
