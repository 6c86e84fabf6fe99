import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// A Prometheus rule group as values; `RuleFileRenderer` writes it.
public struct RuleGroup: Sendable, Hashable {
    public var name: String
    public var interval: PromDuration?
    public var rules: [Rule]

    public init(name: String, interval: PromDuration? = nil, rules: [Rule]) {
        self.name = name
        self.interval = interval
        self.rules = rules
    }
}

public enum Rule: Sendable, Hashable {
    case record(RecordingRule)
    case alert(AlertingRule)
}

public struct RecordingRule: Sendable, Hashable {
    public var record: String
    public var expr: String
    public var labels: [(String, String)]

    public init(record: String, expr: String, labels: [(String, String)]) {
        self.record = record
        self.expr = expr
        self.labels = labels
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.record == r.record && l.expr == r.expr && l.labels.map { "\($0.0)=\($0.1)" } == r.labels.map { "\($0.0)=\($0.1)" }
    }

    public func hash(into h: inout Hasher) {
        h.combine(record)
        h.combine(expr)
    }
}

public struct AlertingRule: Sendable, Hashable {
    public var alert: String
    public var expr: String
    public var forDuration: PromDuration?
    public var labels: [(String, String)]
    public var annotations: [(String, String)]

    public init(
        alert: String, expr: String, forDuration: PromDuration?, labels: [(String, String)],
        annotations: [(String, String)]
    ) {
        self.alert = alert
        self.expr = expr
        self.forDuration = forDuration
        self.labels = labels
        self.annotations = annotations
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.alert == r.alert && l.expr == r.expr && l.forDuration == r.forDuration
            && l.labels.map { "\($0.0)=\($0.1)" } == r.labels.map { "\($0.0)=\($0.1)" }
            && l.annotations.map { "\($0.0)=\($0.1)" } == r.annotations.map { "\($0.0)=\($0.1)" }
    }

    public func hash(into h: inout Hasher) {
        h.combine(alert)
        h.combine(expr)
    }
}

/// Writes rule groups as a Prometheus rule file.
public enum RuleFileRenderer {
    public static func render(_ groups: [RuleGroup]) -> String {
        String(decoding: renderUTF8(groups), as: UTF8.self)
    }

    /// The rule file as UTF-8 bytes (what `OutputFile(path:utf8:)` takes without another copy).
    public static func renderUTF8(_ groups: [RuleGroup]) -> [UInt8] {
        var y = YAMLBuilder()
        // About 300 bytes per recording rule and 1.2 kB per alert (annotations): one allocation, not a dozen.
        y.reserve(
            64
                + groups.reduce(0) { total, g in
                    g.rules.reduce(total + 64) { n, r in
                        if case .alert = r { return n + 1200 }
                        return n + 300
                    }
                })
        y.line(0, "groups:")
        var lastLabels: [(String, String)] = []
        var lastBlock: [UInt8] = []
        for g in groups {
            y.scalar(2, "- name: ", g.name)
            if let i = g.interval { y.raw(4, "interval", i.description) }
            y.line(4, "rules:")
            for rule in g.rules {
                switch rule {
                case .record(let r):
                    y.scalar(6, "- record: ", r.record)
                    y.field(8, "expr", r.expr)
                    // The records of one SLO share their labels: write the block once, then reuse its text.
                    if !sameLabels(r.labels, lastLabels) {
                        var block = YAMLBuilder(header: nil)
                        block.map(8, "labels", r.labels)
                        lastLabels = r.labels
                        lastBlock = block.bytes
                    }
                    y.append(lastBlock)
                case .alert(let a):
                    y.scalar(6, "- alert: ", a.alert)
                    y.field(8, "expr", a.expr)
                    if let f = a.forDuration { y.raw(8, "for", f.description) }
                    y.map(8, "labels", a.labels)
                    y.map(8, "annotations", a.annotations)
                }
            }
        }
        return y.bytes
    }

    static func sameLabels(_ a: [(String, String)], _ b: [(String, String)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
