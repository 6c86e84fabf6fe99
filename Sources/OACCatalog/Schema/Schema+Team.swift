import OACModel

/// `kind: Team` and its receivers.
extension Schema {
    public static let team = SchemaTable(
        "team", path: "spec",
        [
            SchemaKey("description", .string, "Shown in dashboards and reports."),
            SchemaKey(
                "lokiTenant", .string, default: .text("the team name"),
                "The Loki tenant (`X-Scope-OrgID`) that holds the logs of the team's services. It gets its own entry in `loki/runtime-overrides.yaml`, with the retention of its streams. A tenant ID has at most 150 characters: letters, digits and `!-_.*'()`."
            ),
            SchemaKey(
                "page", .mapping("team.receiver"), type: "[receiver](#receivers)",
                "Where alerts with `severity=\"page\"` go. Without it, pages go to the `ticket` receiver (`oac lint` flags a service of a `critical` or `high` tier whose owner has no page receiver)."
            ),
            SchemaKey(
                "ticket", .mapping("team.receiver"), type: "[receiver](#receivers)",
                "Where alerts with `severity=\"ticket\"` go. Without it, tickets go to the `page` receiver. A team with neither gets no route: its alerts go to the platform `alerting.owner`."
            ),
            SchemaKey(
                "timeZone", .string, default: .value("UTC"), type: "IANA time zone",
                "Where the team works (`Europe/Berlin`, `America/New_York`): the report's on-call health counts a page as out of hours by the team's local clock, daylight saving time included."
            ),
            SchemaKey(
                "workingHours", .mapping("team.workingHours"), default: .text("monday–friday 09:00–17:00"),
                "The team's working hours in its `timeZone` (below). A page that starts outside them counts as out of hours in the report."
            )
        ])

    public static let workingHours = SchemaTable(
        "team.workingHours", path: "spec.workingHours",
        [
            SchemaKey(
                "days", .list(.choice(Weekday.allCases.map(\.rawValue))), default: .value("[monday, tuesday, wednesday, thursday, friday]"),
                type: "list of weekday names", "`monday` … `sunday`: the days the team works."),
            SchemaKey("start", .string, default: .value("\"09:00\""), type: "string `HH:MM`", "Local start of the working day, `00:00` … `23:59`."),
            SchemaKey("end", .string, default: .value("\"17:00\""), type: "string `HH:MM`", "Local end of the working day, after `start`, at most `24:00`.")
        ])

    public static let receiver = SchemaTable(
        "team.receiver", path: "spec.page", form: .exactlyOne,
        [
            SchemaKey("pagerduty", .mapping("team.pagerduty"), .oneOf("receiver"), "PagerDuty Events API v2."),
            SchemaKey("slack", .mapping("team.slack"), .oneOf("receiver"), "A Slack incoming webhook."),
            SchemaKey("email", .mapping("team.email"), .oneOf("receiver"), "Mail through the platform's `alerting.smtp`."),
            SchemaKey("webhook", .mapping("team.webhook"), .oneOf("receiver"), "A generic Alertmanager webhook."),
            SchemaKey("opsgenie", .mapping("team.opsgenie"), .oneOf("receiver"), "Opsgenie (Alertmanager ≥ 0.24)."),
            SchemaKey("msteams", .mapping("team.msteams"), .oneOf("receiver"), "A Microsoft Teams incoming webhook (Alertmanager ≥ 0.28)."),
            SchemaKey("telegram", .mapping("team.telegram"), .oneOf("receiver"), "A Telegram bot (Alertmanager ≥ 0.26)."),
            SchemaKey("discord", .mapping("team.discord"), .oneOf("receiver"), "A Discord webhook (Alertmanager ≥ 0.28)."),
            SchemaKey("webex", .mapping("team.webex"), .oneOf("receiver"), "A Webex room (Alertmanager ≥ 0.25).")
        ])

    public static let opsgenie = SchemaTable(
        "team.opsgenie", path: "spec.page.opsgenie",
        [
            SchemaKey(
                "apiKeyFile", .path, .requiredChecked,
                "The file that holds the Opsgenie API key: `api_key_file`. Needs `alertmanagerVersion: \"0.24\"` or newer."),
            SchemaKey("apiKey", .string, .refused(instead: "apiKeyFile"), "A key written inline is an error: use `apiKeyFile`.")
        ])

    public static let msteams = SchemaTable(
        "team.msteams", path: "spec.page.msteams",
        [
            SchemaKey(
                "webhookURLFile", .path, .requiredChecked,
                "The file that holds the incoming-webhook URL: `webhook_url_file`. Needs `alertmanagerVersion: \"0.28\"` or newer (0.27 still demanded `webhook_url`)."
            ),
            SchemaKey("webhookURL", .url, .refused(instead: "webhookURLFile"), "A webhook URL written inline is an error: use `webhookURLFile`.")
        ])

    public static let telegram = SchemaTable(
        "team.telegram", path: "spec.page.telegram",
        [
            SchemaKey(
                "botTokenFile", .path, .requiredChecked, "The file that holds the bot token: `bot_token_file`. Needs `alertmanagerVersion: \"0.26\"` or newer."),
            SchemaKey("chatID", .integer(min: Int.min), .required, type: "integer", "The chat to post to: `chat_id` (negative for groups)."),
            SchemaKey("botToken", .string, .refused(instead: "botTokenFile"), "A token written inline is an error: use `botTokenFile`.")
        ])

    public static let discord = SchemaTable(
        "team.discord", path: "spec.page.discord",
        [
            SchemaKey(
                "webhookURLFile", .path, .requiredChecked,
                "The file that holds the Discord webhook URL: `webhook_url_file`. Needs `alertmanagerVersion: \"0.28\"` or newer (0.27 still demanded `webhook_url`)."
            ),
            SchemaKey("webhookURL", .url, .refused(instead: "webhookURLFile"), "A webhook URL written inline is an error: use `webhookURLFile`.")
        ])

    public static let webex = SchemaTable(
        "team.webex", path: "spec.page.webex",
        [
            SchemaKey("roomID", .string, .required, "The Webex room to post to: `room_id`."),
            SchemaKey(
                "botTokenFile", .path, .requiredChecked,
                "The file that holds the bot's access token, sent as `Authorization: Bearer …` (`http_config.authorization.credentials_file`). Needs `alertmanagerVersion: \"0.25\"` or newer."
            ),
            SchemaKey("botToken", .string, .refused(instead: "botTokenFile"), "A token written inline is an error: use `botTokenFile`.")
        ])

    public static let pagerduty = SchemaTable(
        "team.pagerduty", path: "spec.page.pagerduty",
        [
            SchemaKey("routingKeyFile", .path, .requiredChecked, "The file that holds the PagerDuty Events API v2 routing key."),
            SchemaKey("routingKey", .string, .refused(instead: "routingKeyFile"), "A key written inline is an error: use `routingKeyFile`."),
            SchemaKey("serviceKey", .string, .refused(instead: "routingKeyFile"), "A key written inline is an error: use `routingKeyFile`.")
        ])

    public static let slack = SchemaTable(
        "team.slack", path: "spec.page.slack",
        [
            SchemaKey(
                "channel", .string, .required,
                "For example `\"#ml-platform-alerts\"`. Quote it: `#` starts a YAML comment."),
            SchemaKey("apiURLFile", .path, .requiredChecked, "The file that holds the Slack incoming-webhook URL."),
            SchemaKey("apiURL", .url, .refused(instead: "apiURLFile"), "A webhook URL written inline is an error: use `apiURLFile`.")
        ])

    public static let email = SchemaTable(
        "team.email", path: "spec.page.email",
        [
            SchemaKey("to", .email, .required, "For example `data-engineering-oncall@acme-ml.example.com`.")
        ])

    public static let webhook = SchemaTable(
        "team.webhook", path: "spec.page.webhook",
        [
            SchemaKey(
                "urlFile", .path, .oneOf("url"),
                "The file that holds the URL; needs `alertmanagerVersion: \"0.26\"` or newer."),
            SchemaKey("url", .url, .oneOf("url"), "The URL, **without** credentials in it."),
            SchemaKey(
                "bearerTokenFile", .path,
                "The file that holds a bearer token, sent as `Authorization: Bearer …`."),
            SchemaKey("bearerToken", .string, .refused(instead: "bearerTokenFile"), "A token written inline is an error: use `bearerTokenFile`.")
        ])
}
