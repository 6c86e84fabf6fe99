import OACModel

/// `kind: IncidentLog`: incidents, postmortems and action items.
extension Schema {
    public static let incidentLogDocument = SchemaTable(
        "incidentLog", path: "",
        [
            SchemaKey("apiVersion", .choice(["oac/v1"]), .requiredChecked, type: "string", "always `oac/v1`"),
            SchemaKey("kind", .choice(["IncidentLog"]), .requiredChecked, type: "string", "`IncidentLog`"),
            SchemaKey("metadata", .mapping("incidentLog.metadata"), inline: true, "Not needed; oac does not read it."),
            SchemaKey("incidents", .list(.mapping("incident")), default: .value("[]"), "The incidents (below).")
        ])

    public static let incidentLogMetadata = SchemaTable(
        "incidentLog.metadata", path: "metadata",
        [
            SchemaKey("name", .string, .ignored, "A note for people; oac does not read it."),
            SchemaKey("description", .string, .ignored, "A note for people; oac does not read it.")
        ])

    public static let incident = SchemaTable(
        "incident", path: "incidents[]",
        [
            SchemaKey("id", .string, .required, "Unique across all incident logs, for example `INC-304`."),
            SchemaKey("title", .string, .required, "One line: what broke."),
            SchemaKey(
                "services", .list(.name), .required, type: "list of Service names",
                "The services affected, at least one. The report attributes the incident to each of them and to their teams, and counts the budget it burned on their SLOs."
            ),
            SchemaKey(
                "severity", .choice(IncidentSeverity.allCases.map(\.rawValue)), .required, type: "`SEV1` … `SEV4`",
                "`SEV1` is the most severe. `P1` … `P4` are accepted as the same as `SEV1` … `SEV4`."),
            SchemaKey(
                "started", .timestamp, .required,
                "When impact began. The incident belongs to the quarter in which it started."),
            SchemaKey("detected", .timestamp, .required, "When an alert fired or a human noticed (time to detect)."),
            SchemaKey("acknowledged", .timestamp, "When a responder took it."),
            SchemaKey("mitigated", .timestamp, "When user impact stopped, for example when a rollback completed."),
            SchemaKey(
                "resolved", .timestamp, .required,
                "When everything was back to normal (time to resolve). Log an incident once it is resolved."),
            SchemaKey(
                "postmortem", .mapping("incident.postmortem"), default: .value("{status: none}"), type: "`{status, url}`",
                "The blameless postmortem (below)."),
            SchemaKey(
                "actionItems", .list(.mapping("incident.actionItem")), default: .value("[]"), type: "list",
                "See [below](#action-item)."),
            SchemaKey(
                "summary", .string,
                "A few sentences on what happened and why. Shown under the title in the report's list of incidents and kept in `model.json`.")
        ])

    public static let postmortem = SchemaTable(
        "incident.postmortem", path: "incidents[].postmortem",
        [
            SchemaKey(
                "status", .choice(Postmortem.Status.allCases.map(\.rawValue)), default: .value("none"),
                "The report counts published postmortems, which SEV1 and SEV2 incidents need."),
            SchemaKey("url", .url, type: "URL", "Where the postmortem is; expected once it is `published`.")
        ])

    public static let actionItem = SchemaTable(
        "incident.actionItem", path: "incidents[].actionItems[]",
        [
            SchemaKey("title", .string, .required, "What is to be done."),
            SchemaKey(
                "owner", .name, default: .text("none; the report lists it under \"(no owner)\""), type: "Team name",
                "The team accountable for the item."),
            SchemaKey("due", .date, default: .text("none; never overdue"), "When it is due."),
            SchemaKey("priority", .string, type: "string, `P0` … `P3`", "`P0` is the most urgent."),
            SchemaKey(
                "status", .string, default: .value("open"), type: "string, `open` \\| `done`",
                "`done` (also `closed`, `completed`, `resolved`, `cancelled`, `wontfix`) closes the item; any other status leaves it open.")
        ])
}
