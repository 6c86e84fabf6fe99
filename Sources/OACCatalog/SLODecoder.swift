import Foundation
import OACDiagnostics
import OACModel

/// A Service's SLOs and their SLIs (tables in Schema+Service.swift).
extension DocumentDecoder {
    // MARK: - SLO

    func slo(_ node: YAMLNode, path: NodeReader.NodePath) -> SLOSpec? {
        guard
            let f = reader.fields(
                node, path: path,
                table: Schema.slo),
            let name = reader.string(f, "name")
        else { return nil }
        checkName(name, what: "\(path).name")
        var s = SLOSpec(name: name, location: f.location)
        s.description = reader.string(f, "description")?.value
        s.objective = reader.decimal(f, "objective")
        if let wn = reader.value(f, "window"), let text = reader.scalarText(wn), let period = CalendarPeriod(rawValue: text) {
            s.calendar = Located(period, at: reader.location(wn))
            s.window = Located(period.longest, at: reader.location(wn))
        } else {
            s.window = reader.duration(f, "window")
        }
        if let sn = reader.value(f, "sli") { s.sli = sli(sn, path: path.appending(".sli")) }
        if let an = reader.value(f, "alerting"),
            let af = reader.fields(
                an, path: path.appending(".alerting"),
                table: Schema.sloAlerting)
        {
            s.page = reader.bool(af, "page")
            s.ticket = reader.bool(af, "ticket")
            for (k, v) in reader.stringMap(af, "labels") {
                s.labels.append(KeyValue(k.value, v.value))
                s.labelLocations[k.value] = k.location
            }
            for (k, v) in reader.stringMap(af, "annotations") {
                s.annotations.append(KeyValue(k.value, v.value))
                s.annotationLocations[k.value] = k.location
            }
            s.minEventsPerHour = nonNegative(reader.decimal(af, "minEventsPerHour"), "\(path).alerting.minEventsPerHour")
        }
        return s
    }

    func sli(_ node: YAMLNode, path: NodeReader.NodePath) -> SLISpec? {
        guard let f = reader.fields(node, path: path, table: Schema.sli) else { return nil }
        guard f.entries.count == 1, let (kind, entry) = f.entries.first else {
            reader.diagnostics.error(
                "`\(path)` must have exactly one of \(Schema.sli.allowed.joined(separator: ", "))",
                rule: f.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: f.location)
            return nil
        }
        let sub = path.appending(".\(kind)")
        switch kind {
        case "events":
            let queryKeys = Schema.eventQueries.allowed
            if case .mapping(let m) = entry.value, m.keys.contains(where: { reader.scalarText($0).map(queryKeys.contains) ?? false }) {
                return eventQueries(entry.value, path: sub)
            }
            guard let ef = reader.fields(entry.value, path: sub, table: Schema.events) else {
                return nil
            }
            let good = reader.string(ef, "good")
            let bad = reader.string(ef, "bad")
            if (good == nil) == (bad == nil), ef.entries["good"] != nil || ef.entries["bad"] != nil || true {
                if good != nil, bad != nil {
                    reader.diagnostics.error(
                        "`\(sub)` takes `good` or `bad`, not both", rule: CheckID.invalidValue,
                        at: ef.location, hint: "keep the one your service counts")
                } else if good == nil, bad == nil, ef.entries["good"] == nil, ef.entries["bad"] == nil {
                    reader.diagnostics.error(
                        "missing required field `\(sub).bad` (or `\(sub).good`)",
                        rule: CheckID.missingField, at: ef.location)
                }
            }
            return .events(good: good, bad: bad, total: reader.string(ef, "total"), location: ef.location)
        case "latency":
            guard let lf = reader.fields(entry.value, path: sub, table: Schema.latency) else { return nil }
            var threshold: Located<Decimal>?
            if let tn = reader.value(lf, "threshold"), let t = reader.string(tn, path: "\(sub).threshold") {
                if let seconds = Self.seconds(t.value) {
                    threshold = Located(seconds, at: t.location)
                } else {
                    reader.diagnostics.error(
                        "`\(sub).threshold` must be a duration like 500ms or 2s, or seconds, found `\(t.value)`",
                        rule: CheckID.invalidDuration, at: t.location)
                }
            }
            return .latency(histogram: reader.string(lf, "histogram"), threshold: threshold, location: lf.location)
        default:
            guard let tf = reader.fields(entry.value, path: sub, table: Schema.threshold) else { return nil }
            let op = reader.string(tf, "op")
            if let op, ComparisonOp(rawValue: op.value) == nil {
                invalidChoice(op, path: "\(sub).op", choices: ComparisonOp.allCases.map(\.rawValue))
            }
            let scope = reader.string(tf, "scope")
            if let scope, ThresholdScope(rawValue: scope.value) == nil {
                invalidChoice(scope, path: "\(sub).scope", choices: ThresholdScope.allCases.map(\.rawValue))
            }
            return .threshold(
                query: reader.string(tf, "query"), op: op, value: reader.decimal(tf, "value"),
                location: tf.location, scope: scope)
        }
    }

    /// The query form of `events`: PromQL templates with `$window`; selectors and queries do not mix.
    func eventQueries(_ node: YAMLNode, path: NodeReader.NodePath) -> SLISpec? {
        guard let ef = reader.fields(node, path: path, table: Schema.eventQueries) else { return nil }
        let good = reader.string(ef, "goodQuery")
        let bad = reader.string(ef, "badQuery")
        if good != nil, bad != nil {
            reader.diagnostics.error(
                "`\(path)` takes `goodQuery` or `badQuery`, not both", rule: CheckID.invalidValue,
                at: ef.location, hint: "keep the one your service counts")
        } else if good == nil, bad == nil, ef.entries["goodQuery"] == nil, ef.entries["badQuery"] == nil {
            reader.diagnostics.error(
                "missing required field `\(path).badQuery` (or `\(path).goodQuery`)",
                rule: CheckID.missingField, at: ef.location)
        }
        return .eventQueries(good: good, bad: bad, total: reader.string(ef, "totalQuery"), location: ef.location)
    }

    /// `500ms`, `2s`, `1.5s`, `0.25` (seconds): exact seconds.
    static func seconds(_ text: String) -> Decimal? {
        DecimalMemo.shared.parsed(text, as: .seconds, uncachedSeconds)
    }

    static func uncachedSeconds(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = Decimal(exactly: t), d > 0 { return d }
        for (unit, factor) in [("ms", Decimal(string: "0.001")!), ("s", Decimal(1)), ("m", Decimal(60)), ("h", Decimal(3600))]
        where t.hasSuffix(unit) {
            let number = String(t.dropLast(unit.count))
            if let d = Decimal(exactly: number), d > 0, !number.contains("e"), !number.contains("E") { return d * factor }
            return nil
        }
        return nil
    }

}
