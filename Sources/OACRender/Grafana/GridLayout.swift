import Foundation

/// Places panels on Grafana's 24-column grid left to right, wrapping to a new line when a panel would
/// not fit, and numbers them; rows always start a new line at full width. Nothing can overlap by construction.
struct GridLayout {
    static let columns = 24

    private(set) var panels: [GrafanaPanel] = []
    private var x = 0
    private var y = 0
    private var lineHeight = 0

    /// Starts an open row (its panels follow it at the top level).
    mutating func row(_ title: String) {
        newLine()
        var row = GrafanaPanel.row(title)
        row.gridPos = GridPos(x: 0, y: y, w: Self.columns, h: 1)
        append(row)
        y += 1
    }

    /// Adds a panel `w` columns wide and `h` units high after the previous one.
    /// (`consuming`: the panel moves into the layout without a copy.)
    mutating func add(_ panel: consuming GrafanaPanel, w: Int, h: Int) {
        precondition(w >= 1 && w <= Self.columns && h >= 1, "panel size \(w)x\(h) does not fit the grid")
        if x + w > Self.columns { newLine() }
        panel.gridPos = GridPos(x: x, y: y, w: w, h: h)
        append(panel)
        x += w
        lineHeight = max(lineHeight, h)
    }

    /// Ends the current line, so the next panel starts at the left edge.
    mutating func newLine() {
        y += lineHeight
        x = 0
        lineHeight = 0
    }

    private mutating func append(_ panel: consuming GrafanaPanel) {
        // Ids in layout order, from 1: stable for a given catalog, unique within the dashboard.
        panel.id = panels.count + 1
        panels.append(panel)
    }
}
