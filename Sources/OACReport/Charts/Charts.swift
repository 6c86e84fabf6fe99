import Foundation
import OACModel

/// The scorecard's charts, each a pure function from scorecard figures to an `SVG`.
public enum Charts {
    // MARK: - Bullet chart

    /// Attainment against objective: the axis runs from objective − 2 × budget to 100 %, so the objective sits
    /// two thirds along whatever the objective; red band = below objective, green = at or above; the bar is the
    /// quarter's attainment, the black mark the objective, the grey tick last quarter's attainment.
    public static func bullet(_ s: SLOResult) -> SVG {
        let width = 240.0
        let height = 34.0
        let left = 4.0
        let right = 236.0
        let barTop = 4.0
        let barHeight = 16.0
        let budget = max(100 - s.objective, 0.0001)
        let lo = max(0, s.objective - 2 * budget)
        func x(_ v: Double) -> Double { left + (min(max(v, lo), 100) - lo) / (100 - lo) * (right - left) }
        var svg = SVG(width: width, height: height, title: "\(s.id): attainment against objective")
        svg.rect(x: left, y: barTop, width: x(s.objective) - left, height: barHeight, fill: Palette.badLight)
        svg.rect(x: x(s.objective), y: barTop, width: right - x(s.objective), height: barHeight, fill: Palette.goodLight)
        if let a = s.attainment {
            let color = s.met == true ? Palette.good : Palette.bad
            svg.rect(
                x: left, y: barTop + 5, width: max(1.5, x(a) - left), height: barHeight - 10, fill: color,
                tooltip: "attainment \(Format.percent(a, objective: s.objective))")
        }
        if let p = s.previousAttainment {
            svg.line(x1: x(p), y1: barTop + 2, x2: x(p), y2: barTop + barHeight - 2, stroke: Palette.muted, width: 2)
        }
        svg.line(x1: x(s.objective), y1: barTop - 2, x2: x(s.objective), y2: barTop + barHeight + 2, stroke: Palette.ink, width: 2)
        svg.text(Format.axisPercent(lo), x: left, y: height - 2, size: 8, fill: Palette.muted)
        svg.text(Format.axisPercent(s.objective), x: x(s.objective), y: height - 2, size: 8, anchor: .middle, fill: Palette.ink)
        svg.text("100%", x: right, y: height - 2, size: 8, anchor: .end, fill: Palette.muted)
        return svg
    }

    // MARK: - Calendar heatmap

    /// Daily attainment, one panel per month, one row per SLO and one column per day, coloured by the day's
    /// burn rate (its error ratio over the budget): the colour says how far below its objective the day was.
    /// The starts of the incidents the page lists are marked above each month. Panels keep the cells large enough
    /// to read on paper.
    public static func calendar(_ card: Scorecard) -> SVG {
        let days = card.days
        let cell = 16.0
        let gap = 2.0
        let labelWidth = 200.0
        let rowHeight = cell
        let months = Dictionary(grouping: days) { $0.civil.year * 12 + $0.civil.month }.sorted { $0.key < $1.key }.map(\.value)
        let markerLines = 2
        let panelHeight = 18 + Double(markerLines) * 12 + 14 + Double(card.slos.count) * rowHeight + 14
        let width = labelWidth + 31 * cell + 40
        let height = Double(months.count) * panelHeight + 40
        var svg = SVG(width: width, height: height, title: "Daily attainment, \(card.quarter)")
        let index = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        // The incidents the page lists (`IncidentSummary.listedIncidents`): thousands of markers would hide each other.
        let listed = card.incidents.listed()

        for (m, monthDays) in months.enumerated() {
            let top = Double(m) * panelHeight
            func x(_ day: Day) -> Double { labelWidth + Double(day.civil.day - 1) * cell }
            let first = monthDays[0]
            svg.text("\(first.monthName) \(first.civil.year)", x: labelWidth, y: top + 13, size: 12, weight: "bold")
            // Incident markers, staggered when labels would overlap.
            var lastEnd = Array(repeating: -1000.0, count: markerLines)
            let markersTop = top + 18
            for i in listed {
                let day = Day(containing: i.incident.started)
                guard let firstDay = monthDays.first, let lastDay = monthDays.last, day >= firstDay, day <= lastDay else { continue }
                let cx = x(day) + (cell - gap) / 2
                let labelWidth = Double(i.incident.id.count) * 5.6 + 10
                let line = lastEnd.firstIndex { cx - 4 > $0 } ?? markerLines - 1
                lastEnd[line] = cx + labelWidth
                let y = markersTop + Double(line) * 12 + 9
                let color = Palette.severity(i.incident.severity.rawValue)
                svg.polygon(
                    [(cx - 4, y - 8), (cx + 4, y - 8), (cx, y)], fill: color,
                    tooltip: "\(i.incident.id) \(i.incident.severity.rawValue) \(day): \(i.incident.title)")
                svg.text(i.incident.id, x: cx + 6, y: y, size: 10, fill: color)
            }
            let headerY = markersTop + Double(markerLines) * 12 + 10
            for day in monthDays {
                let weekend = day.weekday >= 5
                svg.text(
                    String(day.civil.day), x: x(day) + (cell - gap) / 2, y: headerY, size: 8, anchor: .middle,
                    weight: weekend ? nil : nil, fill: weekend ? Palette.muted : Palette.ink)
            }
            let gridTop = headerY + 4
            for (row, slo) in card.slos.enumerated() {
                let y = gridTop + Double(row) * rowHeight
                svg.text(slo.id, x: labelWidth - 8, y: y + cell - 5, size: 10, anchor: .end)
                for day in monthDays {
                    guard let i = index[day] else { continue }
                    guard let d = slo.days[i] else {
                        svg.rect(
                            x: x(day), y: y, width: cell - gap, height: cell - gap, fill: Palette.noData,
                            tooltip: "\(day) \(slo.id): no data")
                        continue
                    }
                    let attainment = d.attainment.map { Format.percent($0, objective: d.objective) } ?? "no events"
                    svg.rect(
                        x: x(day), y: y, width: cell - gap, height: cell - gap, fill: heat(d.burnRate),
                        tooltip: "\(day) \(slo.id): \(attainment) (objective \(Format.objective(d.objective)))")
                }
            }
        }
        // Legend.
        let ly = Double(months.count) * panelHeight + 10
        var lx = labelWidth
        for (label, color) in legend {
            svg.rect(x: lx, y: ly - 9, width: 11, height: 11, fill: color)
            svg.text(label, x: lx + 15, y: ly, size: 10)
            lx += 15 + Double(label.count) * 5.6 + 16
        }
        svg.text(
            "A day's colour: its error rate divided by the rate the objective allows (burn rate); grey = no data.",
            x: labelWidth, y: ly + 18, size: 10, fill: Palette.muted)
        return svg
    }

    static let legend: [(String, String)] = [
        ("met objective", Palette.good), ("burn 1–2×", Palette.warn), ("burn 2–10×", Palette.orange),
        ("burn > 10×", Palette.bad), ("no data", Palette.noData)
    ]

    static func heat(_ burn: Double) -> String {
        switch burn {
        case ...1: Palette.good
        case ...2: Palette.warn
        case ...10: Palette.orange
        default: Palette.bad
        }
    }

    // MARK: - Burn-down

    /// The largest overspend the burn-down chart scales to, in budgets (10⁶ = 100,000,000 %).
    static let maxOverspend = 1e6
    /// At most this many grid lines, however far the budget is overspent.
    static let maxGridLines = 12

    /// A quarter or half of the budget while that gives few lines (the chart as it always was); beyond, the
    /// smallest of 1, 2, 2.5 or 5 × 10ⁿ budgets that keeps the lines at `maxGridLines` or fewer.
    static func gridStep(span: Double) -> Double {
        let classic = span > 2 ? 0.5 : 0.25
        if span / classic <= Double(maxGridLines - 1) { return classic }
        var scale = 1.0
        while true {
            for m in [1.0, 2.0, 2.5, 5.0] where span / (m * scale) <= Double(maxGridLines - 1) { return m * scale }
            scale *= 10
        }
    }

    /// Remaining quarterly budget after each day for the SLOs that consumed the most (a calendar SLO: of its
    /// period, ranked by its worst period); the dashed diagonal is an even spend that lands on zero on the
    /// quarter's last day.
    public static func burnDown(_ card: Scorecard, count: Int = 4) -> SVG? {
        let worst = card.slos.filter { ($0.judgedBudgetConsumed ?? 0) > 0 && $0.allowedBad > 0 }
            .sorted { a, b in
                let x = a.judgedBudgetConsumed!
                let y = b.judgedBudgetConsumed!
                return x != y ? x > y : a.id < b.id
            }
            .prefix(count)
        guard !worst.isEmpty else { return nil }
        let days = card.days
        // Incident labels sit in lanes above the plot, level and at the page's small-print size; the legend
        // runs under it, one SLO a line, at the full width, so no name is cut.
        let markerLanes = 2
        let laneHeight = 13.0
        let legendRow = 16.0
        let legendTexts = worst.map { slo -> String in
            let used = Format.share(slo.judgedBudgetConsumed!)
            return slo.calendar.map { "\(used) of the budget used in its worst \($0.rawValue)" } ?? "\(used) of the quarter's budget used"
        }
        // The notes start in one column after the longest name (bold 11 px: ~6.4 px a character).
        let notesAt = 48.0 + 26 + Double(worst.map(\.id.count).max() ?? 0) * 6.4 + 14
        let legendWidth = notesAt - 48 - 26 + Double(legendTexts.map(\.count).max() ?? 0) * 6.2
        let left = 48.0
        let right = 712.0
        let top = 10 + Double(markerLanes) * laneHeight + 6
        let bottom = top + 244
        let width = max(760.0, left + 26 + legendWidth + 10)
        let legendTop = bottom + 30
        let height = legendTop + Double(worst.count) * legendRow + 22
        // An overspend beyond `maxOverspend` budgets (an objective of 99.99999999 can reach 10⁸) is drawn at the
        // chart's floor: the scale, and with it the number of grid lines, stays bounded.
        let lowest = max(-maxOverspend, min(0, worst.flatMap { $0.burnDown.map(\.remaining) }.filter(\.isFinite).min() ?? 0))
        let floor = (lowest * 4).rounded(.down) / 4
        func x(_ day: Day) -> Double { left + Double(day.index - days[0].index + 1) / Double(days.count) * (right - left) }
        func y(_ v: Double) -> Double { top + (1 - max(floor, v.isNaN ? floor : v)) / (1 - floor) * (bottom - top) }
        var svg = SVG(width: width, height: height, title: "Error budget burn-down, worst SLOs, \(card.quarter)")
        let step = gridStep(span: 1 - floor)
        var tick = 1.0
        while tick >= floor - 1e-9 {
            svg.line(
                x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: tick == 0 ? Palette.ink : Palette.grid,
                width: tick == 0 ? 1.5 : 1)
            svg.text("\(Int((tick * 100).rounded()))%", x: left - 6, y: y(tick) + 3, size: 9, anchor: .end, fill: Palette.muted)
            tick -= step
        }
        for day in days where day.civil.day == 1 {
            svg.line(
                x1: x(day) - (right - left) / Double(days.count), y1: bottom, x2: x(day) - (right - left) / Double(days.count),
                y2: bottom + 4, stroke: Palette.muted)
            svg.text(day.monthName, x: x(day) - (right - left) / Double(days.count) + 2, y: bottom + 14, size: 9, fill: Palette.muted)
        }
        var laneEnd = Array(repeating: -1000.0, count: markerLanes)
        let markers = card.incidents.listed().filter { $0.incident.severity <= .sev2 }
            .sorted { ($0.incident.started, $0.incident.id) < ($1.incident.started, $1.incident.id) }
        for i in markers {
            let day = Day(containing: i.incident.started)
            guard day >= days[0], day <= days[days.count - 1] else { continue }
            let color = Palette.severity(i.incident.severity.rawValue)
            let lane = laneEnd.firstIndex { x(day) - 3 > $0 } ?? markerLanes - 1
            laneEnd[lane] = x(day) + Double(i.incident.id.count) * 6.2 + 8
            let ly = 10 + Double(lane) * laneHeight + 9
            svg.line(x1: x(day), y1: ly + 2, x2: x(day), y2: bottom, stroke: color, width: 1, dash: "2 3")
            svg.text(i.incident.id, x: x(day) + 2, y: ly, size: 10, weight: "bold", fill: color)
        }
        svg.line(x1: left, y1: y(1), x2: right, y2: y(0), stroke: Palette.muted, width: 1, dash: "4 4")
        let caption =
            worst.contains { $0.calendar != nil }
            ? "remaining error budget of the quarter; calendar SLOs: of each period, back to 100% when it starts"
            : "remaining error budget of the quarter"
        svg.text(caption, x: left, y: height - 6, size: 10, fill: Palette.muted)
        for (k, slo) in worst.enumerated() {
            let color = Palette.series[k % Palette.series.count]
            // A calendar SLO's line jumps back to 100% where its next period starts (the end of the day before).
            var points: [(Double, Double)] = []
            for p in slo.burnDown {
                if points.isEmpty || p.reset {
                    let before = Day(index: p.day.index - 1)
                    if let last = points.last, p.reset, last.0 != x(before) { points.append((x(before), last.1)) }
                    points.append((points.isEmpty ? left : x(before), y(1)))
                }
                points.append((x(p.day), y(p.remaining)))
            }
            svg.polyline(points, stroke: color, width: 2, tooltip: "\(slo.id): \(legendTexts[k])")
            let ly = legendTop + Double(k) * legendRow
            svg.line(x1: left, y1: ly - 4, x2: left + 20, y2: ly - 4, stroke: color, width: 3)
            svg.text(slo.id, x: left + 26, y: ly, size: 11, weight: "bold")
            svg.text(legendTexts[k], x: notesAt, y: ly, size: 11, fill: Palette.muted)
        }
        return svg
    }

    // MARK: - Bars

    /// Horizontal bars with a label and a value text per row.
    public static func bars(title: String, rows: [(label: String, value: Double, text: String, color: String)]) -> SVG {
        let rowHeight = 22.0
        let labelWidth = 150.0
        let barWidth = 230.0
        let height = Double(rows.count) * rowHeight + 8
        var svg = SVG(width: labelWidth + barWidth + 110, height: height, title: title)
        let maxValue = max(rows.map(\.value).max() ?? 0, 1e-9)
        for (i, r) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            svg.text(r.label, x: labelWidth - 8, y: y + 13, size: 11, anchor: .end)
            svg.rect(
                x: labelWidth, y: y + 2, width: max(r.value > 0 ? 2 : 0, r.value / maxValue * barWidth), height: 14,
                fill: r.color, rx: 2)
            svg.text(r.text, x: labelWidth + r.value / maxValue * barWidth + 6, y: y + 13, size: 11, fill: Palette.ink)
        }
        return svg
    }
}
