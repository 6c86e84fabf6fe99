import Foundation
import OACModel

// How the cost estimate writes itself as cost/estimate.json: the same text as its `Encodable` form through
// JSONEncoder (`JSONWriterTests` compares both), straight into bytes. Fields in UTF-8 key order.

extension CostEstimate: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("assumptions", assumptions)
            $0.field("currency", currency)
            $0.field("global", global)
            $0.field("regions", regions)
            $0.field("services", services)
            $0.field("teams", teams)
            $0.field("total", total)
        }
    }
}

extension CostEstimate.Figures: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("diskBytes", diskBytes)
            $0.field("headMemoryBytes", headMemoryBytes)
            $0.field("logGBPerDay", logGBPerDay)
            $0.field("logGBStored", logGBStored)
            $0.field("monthlyCost", monthlyCost)
            $0.field("samplesPerSecond", samplesPerSecond)
            $0.field("series", series)
        }
    }
}

extension CostEstimate.MonthlyCost: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("logsIngested", logsIngested)
            $0.field("logsStored", logsStored)
            $0.field("metrics", metrics)
            $0.field("total", total)
        }
    }
}

extension CostEstimate.Assumptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("bytesPerSample", bytesPerSample)
            $0.field("daysPerMonth", daysPerMonth)
            $0.field("headBytesPerSeries", headBytesPerSeries)
            $0.field("scrapeIntervalSeconds", scrapeIntervalSeconds)
            $0.field("seriesPerShard", seriesPerShard)
            $0.field("seriesPerTargetAutomatic", seriesPerTargetAutomatic)
        }
    }
}

extension CostEstimate.MetricEstimate: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("labelCombinations", labelCombinations)
            $0.field("name", name)
            $0.field("seriesPerInstance", seriesPerInstance)
            $0.field("type", type)
        }
    }
}

extension CostEstimate.ServiceEstimate: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("federatedSeries", federatedSeries)
            $0.field("figures", figures)
            $0.field("instancesPerRegion", instancesPerRegion)
            $0.field("metrics", metrics)
            $0.field("name", name)
            $0.field("regions", regions)
            $0.field("scrapedSeries", scrapedSeries)
            $0.field("seriesPerInstance", seriesPerInstance)
            $0.field("sliRecordSeries", sliRecordSeries)
            $0.field("sloRecordSeries", sloRecordSeries)
            $0.field("team", team)
            $0.field("tier", tier)
        }
    }
}

extension CostEstimate.GroupEstimate: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("figures", figures)
            $0.field("name", name)
            $0.field("services", services)
        }
    }
}

extension CostEstimate.RegionEstimate: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("headMemoryBytesPerShard", headMemoryBytesPerShard)
            $0.field("localRetention", localRetention)
            $0.field("name", name)
            $0.field("samplesPerSecond", samplesPerSecond)
            $0.field("series", series)
            $0.field("seriesPerShard", seriesPerShard)
            $0.field("services", services)
            $0.field("shards", shards)
            $0.field("shardsAuto", shardsAuto)
        }
    }
}
