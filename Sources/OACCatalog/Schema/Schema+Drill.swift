import OACModel

/// `kind: Drill`: a chaos drill mapped to the SLOs it tests, with its findings and action items.
extension Schema {
    public static let drill = SchemaTable(
        "drill", path: "spec",
        [
            SchemaKey("title", .string, .required, "One line: what the drill does."),
            SchemaKey(
                "date", .date, .required,
                "The day the drill ran (or is planned). The report puts the drill in the quarter of this day and reads its SLOs' data for it."
            ),
            SchemaKey(
                "start", .timestamp, default: .text("none; the whole day"),
                "When the fault was injected. It must fall on `date` (UTC)."),
            SchemaKey(
                "duration", .duration, default: .text("none; the whole day"),
                "How long the fault lasted. With `start`, the drill's window is `start` … `start + duration`; the report reads every day the window touches."
            ),
            SchemaKey(
                "services", .list(.name), .required, type: "list of Service names",
                "The services the fault was injected into, at least one."),
            SchemaKey(
                "slos", .list(.string), default: .text("every SLO of `services`"), type: "list of `service/slo`",
                "The SLOs the hypothesis is about, each written `service/slo` with a service of `services`."),
            SchemaKey(
                "hypothesis", .string, .required,
                "What should hold while the fault lasts, for example \"the gateway fails over within 2 minutes and keeps 99.9 %\"."),
            SchemaKey("fault", .string, .required, "The fault injected: a region lost, a dependency slowed by 500ms, pods killed."),
            SchemaKey("tool", .string, "How it was injected: `chaos-mesh`, `litmus`, `gremlin`, `toxiproxy`, a script."),
            SchemaKey(
                "maxBudgetSpend", .number(range: "0 < x ≤ 100"), default: .text("none; the report shows what was spent"), type: "number (percent)",
                "The share of each targeted SLO's quarterly error budget the drill may spend, in percent. The report compares what it spent with it."
            ),
            SchemaKey(
                "outcome", .choice(DrillOutcome.allCases.map(\.rawValue)), .required,
                "`held`: the hypothesis held. `exposed-gap`: it did not; the findings say why. `aborted`: stopped before the end (a guard tripped). `planned`: not run yet (it counts for no coverage)."
            ),
            SchemaKey("findings", .list(.string), default: .value("[]"), type: "list of strings", "What the drill showed, one finding per entry."),
            SchemaKey(
                "actionItems", .list(.mapping("drill.actionItem")), default: .value("[]"), type: "list",
                "Follow-up work, the same keys as an [incident's action items](#action-item). The report merges them with the incidents' into one remediation backlog."
            )
        ])

    /// A drill's action item: the same keys as an incident's.
    public static let drillActionItem = SchemaTable("drill.actionItem", path: "spec.actionItems[]", actionItem.keys)
}
