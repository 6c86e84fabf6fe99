import Foundation
import OACModel

/// Writes the rule files of a single-Prometheus platform: per service an SLI file (raw series) and an SLO
/// file (windows, budgets, alerts), plus self-monitoring.
public enum PrometheusRulesRenderer {
    public static func render(_ model: Model) -> [OutputFile] {
        var files: [OutputFile] = []
        for service in model.services where !service.slos.isEmpty {
            let rules = SLORules(model: model, service: service)
            files.append(OutputFile(path: "\(Conventions.rulesFolder)/\(Conventions.sliRulesFile(service.name))",
                                    contents: RuleFileRenderer.render([rules.sliGroup()])))
            files.append(OutputFile(path: "\(Conventions.rulesFolder)/\(Conventions.sloRulesFile(service.name))",
                                    contents: RuleFileRenderer.render(rules.sloGroups())))
            let tests = PromtoolTests(model: model, service: service)
            files.append(OutputFile(path: "\(Conventions.rulesFolder)/\(Conventions.testFile(service.name))",
                                    contents: tests.render(ruleFiles: [Conventions.sliRulesFile(service.name),
                                                                       Conventions.sloRulesFile(service.name)])))
        }
        files.append(OutputFile(path: "\(Conventions.rulesFolder)/\(Conventions.selfMonitoringRulesFile)",
                                contents: RuleFileRenderer.render([SelfMonitoringRules.group(model)])))
        return files
    }
}
