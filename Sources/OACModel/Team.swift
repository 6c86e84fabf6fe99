import Foundation
import OACPromQL

public struct Team: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var lokiTenant: String
    public var page: Receiver?
    public var ticket: Receiver?

    public init(name: String, description: String?, lokiTenant: String, page: Receiver?, ticket: Receiver?) {
        self.name = name
        self.description = description
        self.lokiTenant = lokiTenant
        self.page = page
        self.ticket = ticket
    }
}

/// Where a team's alerts go. Secrets are only ever file paths.
public enum Receiver: Sendable, Hashable {
    case pagerduty(routingKeyFile: String)
    case slack(channel: String, apiURLFile: String?)
    case email(to: String)
    /// `url` holds no credentials; `bearerTokenFile` authenticates; `urlFile` needs Alertmanager ≥ 0.26.
    case webhook(url: String?, urlFile: String?, bearerTokenFile: String?)
    case opsgenie(apiKeyFile: String)
    /// Microsoft Teams (incoming webhook, `msteams_configs`).
    case msteams(webhookURLFile: String)
    case telegram(botTokenFile: String, chatID: Int64)
    case discord(webhookURLFile: String)
    case webex(roomID: String, botTokenFile: String)

    public var kind: String {
        switch self {
        case .pagerduty: "pagerduty"
        case .slack: "slack"
        case .email: "email"
        case .webhook: "webhook"
        case .opsgenie: "opsgenie"
        case .msteams: "msteams"
        case .telegram: "telegram"
        case .discord: "discord"
        case .webex: "webex"
        }
    }

    /// The oldest Alertmanager that loads this receiver with its secret read from a file (from its CHANGELOG and
    /// config code): Opsgenie `api_key_file` 0.24; Webex (with `http_config` credentials_file) 0.25; Telegram
    /// `bot_token_file` 0.26; Microsoft Teams and Discord `webhook_url_file` without `webhook_url` 0.28 (0.27
    /// read the file but still demanded the URL, fixed by alertmanager#3728). nil: every supported version.
    public var minimumAlertmanager: PrometheusVersion? {
        switch self {
        case .pagerduty, .slack, .email, .webhook: nil
        case .opsgenie: PrometheusVersion(major: 0, minor: 24)
        case .webex: PrometheusVersion(major: 0, minor: 25)
        case .telegram: PrometheusVersion(major: 0, minor: 26)
        case .msteams, .discord: PrometheusVersion(major: 0, minor: 28)
        }
    }
}
