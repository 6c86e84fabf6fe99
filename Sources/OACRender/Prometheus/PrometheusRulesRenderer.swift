import Foundation
import OACModel
import OACOutput

/// The rule files of a single-Prometheus platform: per service an SLI file (raw series), an SLO file (windows,
/// budgets, alerts) and its promtool tests, plus self-monitoring. `TopologyRenderer` makes the jobs.
public enum PrometheusRulesRenderer {
    /// The self-monitoring rules of a single Prometheus.
    static func selfMonitoringFiles(_ model: Model) -> [OutputFile] {
        [
            OutputFile(
                path: "\(Conventions.rulesFolder)/\(Conventions.selfMonitoringRulesFile)",
                contents: RuleFileRenderer.render([SelfMonitoringRules.group(model)]))
        ]
    }

    static func serviceFiles(_ model: Model, _ service: Service) -> [OutputFile] {
        let rules = SLORules(model: model, service: service)
        let tests = PromtoolTests(model: model, service: service)
        return [
            OutputFile(
                path: "\(Conventions.rulesFolder)/\(Conventions.sliRulesFile(service.name))",
                utf8: RuleFileRenderer.renderUTF8([rules.sliGroup()])),
            OutputFile(
                path: "\(Conventions.rulesFolder)/\(Conventions.sloRulesFile(service.name))",
                utf8: RuleFileRenderer.renderUTF8(rules.sloGroups())),
            OutputFile(
                path: "\(Conventions.rulesFolder)/\(Conventions.testFile(service.name))",
                utf8: tests.renderUTF8(ruleFiles: [
                    Conventions.sliRulesFile(service.name),
                    Conventions.sloRulesFile(service.name)
                ]))
        ]
    }

    /// The rule files `render` writes, relative to the Prometheus folder (what prometheus.yml lists).
    public static func ruleFiles(_ model: Model) -> [String] {
        let folder = String(Conventions.rulesFolder.dropFirst(Conventions.singlePrometheusFolder.count + 1))
        return model.services.filter { !$0.slos.isEmpty }.flatMap {
            ["\(folder)/\(Conventions.sliRulesFile($0.name))", "\(folder)/\(Conventions.sloRulesFile($0.name))"]
        } + ["\(folder)/\(Conventions.selfMonitoringRulesFile)"]
    }
}
