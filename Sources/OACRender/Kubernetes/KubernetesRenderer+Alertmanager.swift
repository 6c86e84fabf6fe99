import Foundation
import OACModel
import OACOutput
import OACSupport

/// `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) per team with a route: the same routing as the team's
/// branch of `alertmanager.yml` (ticket receiver on `team`, child routes per `severity`), its receivers with
/// secrets as Secret key references, and the page-silences-ticket inhibition scoped to the team.
/// The operator adds a `namespace` matcher to the route and inhibition unless the Alertmanager's
/// `alertmanagerConfigMatcherStrategy` says otherwise (docs/kubernetes.md).
extension KubernetesRenderer {
    static func alertmanagerConfigs(_ k8s: KubernetesSettings, _ model: Model) -> [OutputFile] {
        guard k8s.alertmanagerConfigs else { return [] }
        return model.teams.compactMap { team -> OutputFile? in
            guard let ticket = AlertmanagerRenderer.receiver(for: team, severity: .ticket),
                let page = AlertmanagerRenderer.receiver(for: team, severity: .page)
            else { return nil }
            let sev = Conventions.severityLabel
            var y = YAMLBuilder()
            y.line(0, "apiVersion: monitoring.coreos.com/v1alpha1")
            y.line(0, "kind: AlertmanagerConfig")
            metadata(&y, k8s, name: team.name, consumer: .alertmanagerConfigs)
            y.line(0, "spec:")
            y.line(2, "route:")
            y.field(4, "receiver", ticket)
            y.line(4, "groupBy: [\(AlertmanagerRenderer.groupBy.map(YAMLText.string).joined(separator: ", "))]")
            y.raw(4, "groupWait", "30s")
            y.raw(4, "groupInterval", "5m")
            y.raw(4, "repeatInterval", "4h")
            y.line(4, "matchers:")
            matcher(&y, 6, Conventions.teamLabel, team.name)
            y.line(4, "routes:")
            for (severity, receiver, wait, again) in [(AlertSeverity.page, page, "10s", "1h"), (.ticket, ticket, nil, "12h")] {
                y.line(6, "- matchers:")
                matcher(&y, 10, sev, severity.rawValue)
                y.field(8, "receiver", receiver)
                if let wait { y.raw(8, "groupWait", wait) }
                y.raw(8, "repeatInterval", again)
            }
            y.line(2, "inhibitRules:")
            y.line(4, "- sourceMatch:")
            matcher(&y, 8, sev, AlertSeverity.page.rawValue)
            matcher(&y, 8, Conventions.teamLabel, team.name)
            y.line(6, "targetMatch:")
            matcher(&y, 8, sev, AlertSeverity.ticket.rawValue)
            matcher(&y, 8, Conventions.teamLabel, team.name)
            y.line(6, "equal: [\(AlertmanagerRenderer.groupBy.map(YAMLText.string).joined(separator: ", "))]")
            y.line(2, "receivers:")
            for (severity, r) in [(AlertSeverity.page, team.page), (.ticket, team.ticket)] {
                guard let r else { continue }
                y.line(4, "- name: \(YAMLText.string(AlertmanagerRenderer.receiverName(team: team.name, severity: severity)))")
                receiver(&y, r, severity: severity, smtp: model.platform.alerting.smtp)
            }
            return OutputFile(path: "\(Conventions.kubernetesFolder)/alertmanager/\(team.name).yaml", contents: y.text)
        }
    }

    /// An equality matcher, `matchType` quoted: YAML 1.1 readers take a bare `=` for the "value" tag.
    static func matcher(_ y: inout YAMLBuilder, _ indent: Int, _ name: String, _ value: String) {
        y.scalar(indent, "- name: ", name)
        y.field(indent + 2, "value", value)
        y.raw(indent + 2, "matchType", "\"=\"")
    }

    /// A receiver secret file under `/etc/alertmanager/secrets/<secret>/<key>` as a Secret key selector
    /// (the compiler refuses any other file when AlertmanagerConfigs are written).
    static func secretKey(_ y: inout YAMLBuilder, _ indent: Int, _ field: String, file: String) {
        guard let (name, key) = Conventions.alertmanagerSecret(file: file) else { return }
        y.line(indent, "\(field):")
        y.field(indent + 2, "name", name)
        y.field(indent + 2, "key", key)
    }

    static func receiver(_ y: inout YAMLBuilder, _ r: Receiver, severity: AlertSeverity, smtp: SMTPSettings?) {
        switch r {
        case .pagerduty(let file):
            y.line(6, "pagerdutyConfigs:")
            y.line(8, "- sendResolved: true")
            secretKey(&y, 10, "routingKey", file: file)
            y.field(10, "severity", severity == .page ? "critical" : "warning")
        case .slack(let channel, let file):
            y.line(6, "slackConfigs:")
            y.line(8, "- sendResolved: true")
            if let file { secretKey(&y, 10, "apiURL", file: file) }
            y.field(10, "channel", channel)
            y.field(10, "title", #"{{ .CommonLabels.service }} {{ .CommonLabels.slo }}: {{ .CommonAnnotations.summary }}"#)
            y.field(10, "text", #"{{ .CommonAnnotations.description }} {{ .CommonAnnotations.runbook_url }}"#)
        case .email(let to):
            y.line(6, "emailConfigs:")
            y.line(8, "- sendResolved: true")
            y.field(10, "to", to)
            // The Alertmanager's global SMTP settings are not the platform's own: written out in full.
            if let smtp {
                y.field(10, "from", smtp.from)
                y.field(10, "smarthost", smtp.smarthost)
                if let u = smtp.authUsername { y.field(10, "authUsername", u) }
                if let f = smtp.authPasswordFile { secretKey(&y, 10, "authPassword", file: f) }
                y.raw(10, "requireTLS", smtp.requireTLS ? "true" : "false")
            }
        case .webhook(let url, let urlFile, let token):
            y.line(6, "webhookConfigs:")
            y.line(8, "- sendResolved: true")
            if let url { y.field(10, "url", url) } else if let urlFile { secretKey(&y, 10, "urlSecret", file: urlFile) }
            if let token {
                y.line(10, "httpConfig:")
                y.line(12, "authorization:")
                y.raw(14, "type", "Bearer")
                secretKey(&y, 14, "credentials", file: token)
            }
        case .opsgenie(let file):
            y.line(6, "opsgenieConfigs:")
            y.line(8, "- sendResolved: true")
            secretKey(&y, 10, "apiKey", file: file)
            y.field(10, "message", AlertmanagerRenderer.chatTitle)
            y.field(10, "priority", severity == .page ? "P1" : "P3")
        case .msteams(let file):
            y.line(6, "msteamsConfigs:")
            y.line(8, "- sendResolved: true")
            secretKey(&y, 10, "webhookUrl", file: file)
            y.field(10, "title", AlertmanagerRenderer.chatTitle)
            y.field(10, "text", AlertmanagerRenderer.chatText)
        case .telegram(let file, let chatID):
            y.line(6, "telegramConfigs:")
            y.line(8, "- sendResolved: true")
            secretKey(&y, 10, "botToken", file: file)
            y.raw(10, "chatID", String(chatID))
        case .discord(let file):
            y.line(6, "discordConfigs:")
            y.line(8, "- sendResolved: true")
            secretKey(&y, 10, "apiURL", file: file)
            y.field(10, "title", AlertmanagerRenderer.chatTitle)
            y.field(10, "message", AlertmanagerRenderer.chatText)
        case .webex(let room, let file):
            y.line(6, "webexConfigs:")
            y.line(8, "- sendResolved: true")
            y.field(10, "roomID", room)
            y.field(10, "message", "\(AlertmanagerRenderer.chatTitle) \(AlertmanagerRenderer.chatText)")
            y.line(10, "httpConfig:")
            y.line(12, "authorization:")
            y.raw(14, "type", "Bearer")
            secretKey(&y, 14, "credentials", file: file)
        }
    }
}
