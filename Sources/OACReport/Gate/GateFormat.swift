import Foundation
import OACModel
import OACSupport

/// How `oac gate` prints its decision: text for people, JSON for tools, GitHub workflow commands, GitLab dotenv.
public enum GateFormat: String, Sendable, CaseIterable {
    case text, json, github, gitlab

    public func render(_ d: BudgetGate.Decision) -> String {
        switch self {
        case .text: Self.text(d)
        case .json: StableJSON.text(d)
        case .github: Self.github(d)
        case .gitlab: Self.gitlab(d)
        }
    }

    static func verdict(_ d: BudgetGate.Decision) -> String { d.allowed ? "allowed" : "blocked" }

    static func percent(_ x: Double) -> String { Format.fixed(x * 100, 2) + "%" }

    static func sloLine(_ s: BudgetGate.SLOFigures) -> String {
        var line = "\(s.slo): objective \(Format.objective(s.objective)) over \(s.window), "
        if let spent = s.spent, let state = s.state {
            line += "\(percent(spent)) of the budget spent (\(Format.count(s.total - s.good)) bad of \(Format.count(s.total)) events) → \(state.rawValue)"
        } else {
            line += "no data"
        }
        return line
    }

    static func exclusionLine(_ e: BudgetGate.Exclusion) -> String {
        "excluded \(e.kind) `\(e.name)` (\(Format.count(e.seconds / 60)) min, \(Format.count(e.total)) events, \(Format.count(e.total - e.good)) bad): \(e.reason) — \(e.owner), added \(e.added)"
    }

    static func text(_ d: BudgetGate.Decision) -> String {
        var out = "\(verdict(d).uppercased()): \(d.change.rawValue) change to \(d.service) — \(d.reason)\n"
        for s in d.slos {
            out += "  \(sloLine(s))\n"
            for e in s.excluded { out += "    \(exclusionLine(e))\n" }
        }
        out += "  source: \(d.source)\n"
        return out
    }

    /// GitHub Actions workflow commands: an `error` (blocked) or `notice` (allowed) annotation, one notice per SLO.
    static func github(_ d: BudgetGate.Decision) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        var out =
            "::\(d.allowed ? "notice" : "error") title=oac gate \(escape(d.service))::\(escape("\(verdict(d)): \(d.change.rawValue) change — \(d.reason)"))\n"
        for s in d.slos {
            out += "::notice title=oac gate \(escape(d.service))/\(escape(s.slo))::\(escape(sloLine(s)))\n"
            for e in s.excluded { out += "::notice title=oac gate \(escape(d.service))/\(escape(s.slo))::\(escape(exclusionLine(e)))\n" }
        }
        return out
    }

    /// A GitLab `artifacts:reports:dotenv` file: later jobs read the decision as variables.
    static func gitlab(_ d: BudgetGate.Decision) -> String {
        func value(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
        var out = "OAC_GATE_DECISION=\(verdict(d))\n"
        out += "OAC_GATE_SERVICE=\(value(d.service))\n"
        out += "OAC_GATE_CHANGE_CLASS=\(d.change.rawValue)\n"
        out += "OAC_GATE_STATE=\(d.state?.rawValue ?? "unknown")\n"
        out += "OAC_GATE_REASON=\(value(d.reason))\n"
        return out
    }
}

// MARK: - JSON form

extension BudgetGate.Decision: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("allowed", allowed)
            $0.field("changeClass", change)
            $0.field("policy", policy)
            $0.field("reason", reason)
            $0.field("service", service)
            $0.field("slos", slos)
            $0.field("source", source)
            $0.field("state", orNull: state)
        }
    }
}

extension BudgetGate.SLOFigures: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("excluded", excluded)
            $0.field("good", good)
            $0.field("objective", objective)
            $0.field("slo", slo)
            $0.field("spent", orNull: spent)
            $0.field("state", orNull: state)
            $0.field("total", total)
            $0.field("window", window)
        }
    }
}

extension BudgetGate.Exclusion: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("added", added)
            $0.field("bad", total - good)
            $0.field("kind", kind)
            $0.field("name", name)
            $0.field("owner", owner)
            $0.field("reason", reason)
            $0.field("seconds", seconds)
            $0.field("total", total)
        }
    }
}
