import Foundation
import OACModel
import OACOutput
import OACSupport

/// Writes `alertmanager/alertmanager.yml` from the teams: a route per team (matching `team`), page and
/// ticket receivers, grouping by service and SLO, and an inhibition so a page silences the ticket of the
/// same SLO. Secrets are only ever referenced by file.
public enum AlertmanagerRenderer: Renderer {
    /// The receiver alerts go to when no team route matches and the platform names no owner:
    /// it notifies nobody, which `oac lint` reports.
    public static let unroutedReceiver = "oac-unrouted"

    public static func receiverName(team: String, severity: AlertSeverity) -> String { "\(team)-\(severity.rawValue)" }

    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        [RenderJob { [OutputFile(path: Conventions.alertmanagerFile, contents: text(input.model))] }]
    }

    /// The receiver a team's alerts of a severity go to (a team without a page receiver pages its ticket one).
    public static func receiver(for team: Team, severity: AlertSeverity) -> String? {
        switch severity {
        case .page:
            if team.page != nil { return receiverName(team: team.name, severity: .page) }
            return team.ticket != nil ? receiverName(team: team.name, severity: .ticket) : nil
        case .ticket:
            if team.ticket != nil { return receiverName(team: team.name, severity: .ticket) }
            return team.page != nil ? receiverName(team: team.name, severity: .page) : nil
        }
    }

    static func defaultReceiver(_ model: Model) -> String {
        if let owner = model.platform.alerting.owner, let team = model.team(named: owner),
            let r = receiver(for: team, severity: .ticket)
        {
            return r
        }
        return unroutedReceiver
    }

    static func text(_ model: Model) -> String {
        let sev = Conventions.severityLabel
        var y = YAMLBuilder()
        y.line(0, "global:")
        y.raw(2, "resolve_timeout", "5m")
        if let smtp = model.platform.alerting.smtp {
            y.field(2, "smtp_smarthost", smtp.smarthost)
            y.field(2, "smtp_from", smtp.from)
            if let u = smtp.authUsername { y.field(2, "smtp_auth_username", u) }
            if let f = smtp.authPasswordFile { y.field(2, "smtp_auth_password_file", f) }
            y.raw(2, "smtp_require_tls", smtp.requireTLS ? "true" : "false")
        }
        y.line(0, "route:")
        y.field(2, "receiver", defaultReceiver(model))
        y.line(2, "group_by: [\(groupBy.map(YAMLText.string).joined(separator: ", "))]")
        y.raw(2, "group_wait", "30s")
        y.raw(2, "group_interval", "5m")
        y.raw(2, "repeat_interval", "4h")
        let routed = model.teams.filter { receiver(for: $0, severity: .ticket) != nil }
        if !routed.isEmpty {
            y.line(2, "routes:")
            for team in routed {
                y.line(4, "- matchers:")
                y.line(8, "- \(YAMLText.string(matcher(Conventions.teamLabel, team.name)))")
                y.field(6, "receiver", receiver(for: team, severity: .ticket)!)
                y.line(6, "routes:")
                writeMutedRoutes(&y, model, team: team)
                y.line(8, "- matchers:")
                y.line(12, "- \(YAMLText.string(matcher(sev, AlertSeverity.page.rawValue)))")
                y.field(10, "receiver", receiver(for: team, severity: .page)!)
                y.raw(10, "group_wait", "10s")
                y.raw(10, "repeat_interval", "1h")
                y.line(8, "- matchers:")
                y.line(12, "- \(YAMLText.string(matcher(sev, AlertSeverity.ticket.rawValue)))")
                y.field(10, "receiver", receiver(for: team, severity: .ticket)!)
                y.raw(10, "repeat_interval", "12h")
            }
        }
        y.line(0, "inhibit_rules:")
        y.line(2, "# A page silences the ticket of the same SLO: one incident, one notification.")
        y.line(2, "- source_matchers:")
        y.line(6, "- \(YAMLText.string(matcher(sev, AlertSeverity.page.rawValue)))")
        y.line(4, "target_matchers:")
        y.line(6, "- \(YAMLText.string(matcher(sev, AlertSeverity.ticket.rawValue)))")
        y.line(4, "equal: [\(groupBy.map(YAMLText.string).joined(separator: ", "))]")
        y.line(0, "receivers:")
        if defaultReceiver(model) == unroutedReceiver {
            y.line(2, "- name: \(YAMLText.string(unroutedReceiver))")
        }
        for team in model.teams {
            for (severity, r) in [(AlertSeverity.page, team.page), (.ticket, team.ticket)] {
                guard let r else { continue }
                y.line(2, "- name: \(YAMLText.string(receiverName(team: team.name, severity: severity)))")
                receiverConfig(&y, r, severity: severity)
            }
        }
        writeTimeIntervals(&y, model)
        return y.text
    }

    static let groupBy = [Conventions.serviceLabel, Conventions.sloLabel, "alertname"]

    /// A matcher string in Alertmanager's syntax, the value double-quoted with escapes.
    static func matcher(_ label: String, _ value: String) -> String {
        let escaped = value.replacing(["\\": "\\\\", "\"": "\\\"", "\n": "\\n"])
        return "\(label)=\"\(escaped)\""
    }

    static func receiverConfig(_ y: inout YAMLBuilder, _ r: Receiver, severity: AlertSeverity) {
        let resolved = "true"
        switch r {
        case .pagerduty(let file):
            y.line(4, "pagerduty_configs:")
            y.line(6, "- routing_key_file: \(YAMLText.string(file))")
            y.raw(8, "send_resolved", resolved)
            y.field(8, "severity", severity == .page ? "critical" : "warning")
        case .slack(let channel, let file):
            y.line(4, "slack_configs:")
            y.line(6, "- channel: \(YAMLText.string(channel))")
            if let file { y.field(8, "api_url_file", file) }
            y.raw(8, "send_resolved", resolved)
            y.field(8, "title", #"{{ .CommonLabels.service }} {{ .CommonLabels.slo }}: {{ .CommonAnnotations.summary }}"#)
            y.field(8, "text", #"{{ .CommonAnnotations.description }} {{ .CommonAnnotations.runbook_url }}"#)
        case .email(let to):
            y.line(4, "email_configs:")
            y.line(6, "- to: \(YAMLText.string(to))")
            y.raw(8, "send_resolved", resolved)
        case .webhook(let url, let urlFile, let token):
            y.line(4, "webhook_configs:")
            if let url {
                y.line(6, "- url: \(YAMLText.string(url))")
            } else if let urlFile {
                y.line(6, "- url_file: \(YAMLText.string(urlFile))")
            }
            y.raw(8, "send_resolved", resolved)
            if let token {
                y.line(8, "http_config:")
                y.line(10, "authorization:")
                y.field(12, "credentials_file", token)
            }
        case .opsgenie(let file):
            y.line(4, "opsgenie_configs:")
            y.line(6, "- api_key_file: \(YAMLText.string(file))")
            y.raw(8, "send_resolved", resolved)
            y.field(8, "message", chatTitle)
            y.field(8, "priority", severity == .page ? "P1" : "P3")
        case .msteams(let file):
            y.line(4, "msteams_configs:")
            y.line(6, "- webhook_url_file: \(YAMLText.string(file))")
            y.raw(8, "send_resolved", resolved)
            y.field(8, "title", chatTitle)
            y.field(8, "text", chatText)
        case .telegram(let file, let chatID):
            y.line(4, "telegram_configs:")
            y.line(6, "- bot_token_file: \(YAMLText.string(file))")
            y.raw(8, "chat_id", String(chatID))
            y.raw(8, "send_resolved", resolved)
        case .discord(let file):
            y.line(4, "discord_configs:")
            y.line(6, "- webhook_url_file: \(YAMLText.string(file))")
            y.raw(8, "send_resolved", resolved)
            y.field(8, "title", chatTitle)
            y.field(8, "message", chatText)
        case .webex(let room, let file):
            y.line(4, "webex_configs:")
            y.line(6, "- room_id: \(YAMLText.string(room))")
            y.raw(8, "send_resolved", resolved)
            y.field(8, "message", "\(chatTitle) \(chatText)")
            y.line(8, "http_config:")
            y.line(10, "authorization:")
            y.field(12, "credentials_file", file)
        }
    }

    /// The notification title and text every chat receiver gets (Slack writes the same).
    static let chatTitle = #"{{ .CommonLabels.service }} {{ .CommonLabels.slo }}: {{ .CommonAnnotations.summary }}"#
    static let chatText = #"{{ .CommonAnnotations.description }} {{ .CommonAnnotations.runbook_url }}"#
}
