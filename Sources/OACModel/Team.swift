import Foundation
import OACPromQL

public struct Team: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var lokiTenant: String
    public var page: Receiver?
    public var ticket: Receiver?
    /// The IANA time zone the team works in (`Team.defaultTimeZone` when the catalog gives none).
    public var timeZone: String
    /// The team's working hours in its time zone (`WorkingHours.standard` when the catalog gives none).
    public var workingHours: WorkingHours

    public init(
        name: String, description: String?, lokiTenant: String, page: Receiver?, ticket: Receiver?, timeZone: String = Team.defaultTimeZone,
        workingHours: WorkingHours = .standard
    ) {
        self.name = name
        self.description = description
        self.lokiTenant = lokiTenant
        self.page = page
        self.ticket = ticket
        self.timeZone = timeZone
        self.workingHours = workingHours
    }

    /// The time zone of a team that declares none.
    public static let defaultTimeZone = "UTC"
}

/// The hours a team works, in its time zone: the listed weekdays from `start` to `end` (minutes after local
/// midnight, `end` after `start`, at most 1440). The report counts a page outside them as out of hours.
public struct WorkingHours: Sendable, Hashable {
    public var days: [Weekday]
    public var start: Int
    public var end: Int

    public init(days: [Weekday], start: Int, end: Int) {
        self.days = days
        self.start = start
        self.end = end
    }

    /// Monday to Friday, 09:00 to 17:00.
    public static let standard = WorkingHours(days: [.monday, .tuesday, .wednesday, .thursday, .friday], start: 9 * 60, end: 17 * 60)

    /// `09:00`, `24:00`.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// Whether a local weekday and time (minutes after midnight) fall inside the hours.
    public func contains(day: Weekday, minute: Int) -> Bool {
        days.contains(day) && minute >= start && minute < end
    }

    /// `Mon–Fri 09:00–17:00`, `Mon, Wed 08:00–12:00`: for pages and tables.
    public var short: String {
        let names = days.map { String($0.rawValue.prefix(3)).capitalized }
        let all = Weekday.allCases
        var text = names.joined(separator: ", ")
        if days.count > 2, let first = days.first, let i = all.firstIndex(of: first), i + days.count <= all.count,
            Array(all[i..<(i + days.count)]) == days
        {
            text = "\(names[0])–\(names[names.count - 1])"
        }
        return "\(text) \(Self.clock(start))–\(Self.clock(end))"
    }

    /// `monday–friday 09:00–17:00`, `monday, wednesday 08:00–12:00`.
    public var description: String {
        let all = Weekday.allCases
        var names = days.map(\.rawValue).joined(separator: ", ")
        if days.count > 2, let first = days.first, let i = all.firstIndex(of: first), i + days.count <= all.count,
            Array(all[i..<(i + days.count)]) == days
        {
            names = "\(first.rawValue)–\(days.last!.rawValue)"
        }
        return "\(names) \(Self.clock(start))–\(Self.clock(end))"
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
