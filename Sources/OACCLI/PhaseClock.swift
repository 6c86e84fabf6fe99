import Foundation

/// Wall-clock time of each phase of a command, for `oac compile --timings`: where a large catalog's compile
/// spends its seconds (reading, checking, planning, rendering and writing, the manifest, the swap).
final class PhaseClock: @unchecked Sendable {
    private let start: UInt64
    private var last: UInt64
    private var phases: [(name: String, seconds: Double)] = []

    init() {
        start = DispatchTime.now().uptimeNanoseconds
        last = start
    }

    /// Ends the phase running since the previous lap (or the start), naming it.
    func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// One line per phase and the total, seconds with three decimals.
    var report: String {
        var text = ""
        for phase in phases { text += "\(phase.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(Self.seconds(phase.seconds))\n" }
        text += "\("total".padding(toLength: 16, withPad: " ", startingAt: 0)) \(Self.seconds(Double(last - start) / 1e9))\n"
        return text
    }

    /// Seconds since the clock started, to the last lap.
    var elapsed: Double { Double(last - start) / 1e9 }

    /// `1.234 s`.
    static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }
}
