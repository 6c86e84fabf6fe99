import Foundation
import OACModel

/// Plain-text tables of the estimate, columns aligned, numbers right-aligned.
public enum CostTable {
    public static func render(_ e: CostEstimate) -> String {
        var out = table(
            ["SERVICE", "TEAM", "TIER", "SERIES", "SAMPLES/S", "LOGS GB/DAY", "MONTHLY \(e.currency)"],
            e.services.map { [$0.name, $0.team, $0.tier] + numbers($0.figures) })
        out +=
            "\n"
            + table(
                ["TEAM", "SERVICES", "SERIES", "SAMPLES/S", "LOGS GB/DAY", "MONTHLY \(e.currency)"],
                e.teams.map { [$0.name, "\($0.services.count)"] + numbers($0.figures) })
        if !e.regions.isEmpty {
            out +=
                "\n"
                + table(
                    ["REGION", "SHARDS", "SERIES", "SERIES/SHARD", "HEAD MEMORY/SHARD"],
                    e.regions.map {
                        [
                            $0.name, "\($0.shards)\($0.shardsAuto ? " (auto)" : "")", "\($0.series)",
                            "\($0.seriesPerShard)", CostRenderer.bytes($0.headMemoryBytesPerShard)
                        ]
                    })
        }
        out += "\nTOTAL  \(e.total.series) series, \(e.total.samplesPerSecond) samples/s, \(e.total.logGBPerDay) GB logs/day, "
        out += "\(CostRenderer.money(e.total.monthlyCost.total)) \(e.currency)/month\n"
        return out
    }

    static func numbers(_ f: CostEstimate.Figures) -> [String] {
        ["\(f.series)", "\(f.samplesPerSecond)", "\(f.logGBPerDay)", CostRenderer.money(f.monthlyCost.total)]
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        // Text columns (the first ones) left-aligned, figures right-aligned.
        let textColumns = header.firstIndex { ["SERIES", "SERVICES", "SHARDS"].contains($0) } ?? header.count
        return all.map { row in
            row.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - row[i].count)
                return i < textColumns ? row[i] + pad : pad + row[i]
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }
}
