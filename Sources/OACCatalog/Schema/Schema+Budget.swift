import OACModel

/// The error-budget policy (Platform, tier, Service), maintenance windows and corrections (Service).
extension Schema {
    public static let budgetPolicy = SchemaTable(
        "budgetPolicy", path: "spec.errorBudgetPolicy",
        [
            SchemaKey(
                "reviewAt", .number(range: "0 < x ≤ 1000"), default: .value("75"),
                "Percent of the error budget spent from which the policy state is `review`: changes still ship, with an approver."),
            SchemaKey(
                "freezeAt", .number(range: "0 < x ≤ 1000"), default: .value("100"),
                "Percent of the error budget spent from which the state is `freeze`: only the `freezeExceptions` ship. At least `reviewAt`."),
            SchemaKey(
                "window", .either(.choice(["slo"]), .duration), default: .value("slo"), type: "`slo`, or a duration",
                "The window the budget is judged on: each SLO's own window, or the last N days (`28d`: the Workbook's \"exceeded over the preceding four weeks\"). At most the platform's retention can answer it."
            ),
            SchemaKey(
                "freezeExceptions", .list(.choice(ChangeClass.allCases.map(\.rawValue))), default: .value("[fix, security, p0]"),
                type: "list of `feature` \\| `fix` \\| `security` \\| `p0`",
                "The change classes (`oac gate --change-class`) a frozen service still ships.")
        ])

    public static let maintenanceWindow = SchemaTable(
        "service.maintenanceWindow", path: "spec.maintenanceWindows[]",
        [
            SchemaKey("name", .name, .required, "Unique among the service's windows and corrections; the Alertmanager time interval is `<service>-<name>`."),
            SchemaKey("reason", .string, .required, "Why: shown in the report and the gate's answer."),
            SchemaKey("owner", .name, .required, type: "Team name", "Who answers for it."),
            SchemaKey("added", .date, .required, "When it was written into the catalog (the audit trail)."),
            SchemaKey(
                "slos", .list(.name), default: .text("every SLO of the service"), type: "list of SLO names",
                "The SLOs whose events it excludes from the budget and whose alerts it mutes."),
            SchemaKey("start", .timestamp, .requiredWhen("for a one-off window (with `end`); not with `weekly`"), "Start of a one-off window."),
            SchemaKey("end", .timestamp, .requiredWhen("with `start`"), "End of a one-off window (after `start`)."),
            SchemaKey(
                "weekly", .mapping("service.weeklySchedule"), .requiredWhen("for a recurring window; not with `start`"),
                "A recurring window: the same hours on the listed weekdays (below)."),
            SchemaKey(
                "timeZone", .string, default: .value("UTC"), type: "IANA time zone",
                "The time zone of `weekly` (`Europe/Berlin`); Alertmanager's `location`.")
        ])

    public static let weeklySchedule = SchemaTable(
        "service.weeklySchedule", path: "spec.maintenanceWindows[].weekly",
        [
            SchemaKey(
                "days", .list(.choice(Weekday.allCases.map(\.rawValue))), .required, type: "list of weekday names",
                "`monday` … `sunday`."),
            SchemaKey("start", .string, .required, type: "string `HH:MM`", "Local start time, `00:00` … `23:59`."),
            SchemaKey("end", .string, .required, type: "string `HH:MM`", "Local end time, after `start`, at most `24:00`.")
        ])

    public static let correction = SchemaTable(
        "service.correction", path: "spec.corrections[]",
        [
            SchemaKey("name", .name, .required, "Unique among the service's windows and corrections."),
            SchemaKey("reason", .string, .required, "Why the events do not count (a false positive of the SLI, a test, a client's fault)."),
            SchemaKey("owner", .name, .required, type: "Team name", "Who made the correction."),
            SchemaKey("added", .date, .required, "When it was added (a correction is written after the fact)."),
            SchemaKey("slos", .list(.name), default: .text("every SLO of the service"), type: "list of SLO names", "The SLOs it corrects."),
            SchemaKey("start", .timestamp, .required, "Start of the corrected interval."),
            SchemaKey("end", .timestamp, .required, "End of the corrected interval (after `start`).")
        ])
}
