import OACModel

/// The catalog language as data: one table per mapping of each document kind, each key with its type,
/// whether it is required, its default and its documentation.
///
/// The tables drive the decoder's allowed and required keys (`NodeReader.fields(_:path:table:)`), the key
/// tables of docs/catalog.md (`CatalogReference`, `oac schema --docs docs/catalog.md`) and the tests that every
/// allowed key is read, every required key enforced and every documented key allowed. Adding a key to the
/// language is one row here plus its decoding.
public enum Schema {}

/// The YAML value a key takes: documents its type and gives the tests sample values.
public indirect enum SchemaValue: Sendable, Hashable {
    case string
    /// A name of the catalog: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
    case name
    case duration
    case bool
    case size
    case url
    /// An RFC 3339 timestamp.
    case timestamp
    /// `YYYY-MM-DD`.
    case date
    /// A PromQL label selector.
    case selector
    /// A LogQL stream selector.
    case logSelector
    case promql
    /// A path of a file on the host that reads it.
    case path
    case hostPort
    /// `"MAJOR.MINOR"`.
    case version
    case email
    /// A whole number in `min…max`.
    case integer(min: Int, max: Int? = nil)
    /// A number; `range` documents the range the decoder checks (`≥ 0`, `0 < x ≤ 100`).
    case number(range: String? = nil)
    /// One of these words.
    case choice([String])
    case list(SchemaValue)
    /// A mapping of its own table.
    case mapping(String)
    /// Free keys to strings (labels, annotations).
    case stringMap
    /// Free keys (label names) to whole numbers ≥ 1.
    case countMap
    /// Region names (of `spec.regions` of the Platform) to a value each.
    case regionMap(SchemaValue)
    /// Either form: the first one is the usual one.
    case either(SchemaValue, SchemaValue)

    /// The type as docs/catalog.md writes it, when the key does not give its own text.
    public var doc: String {
        switch self {
        case .string: "string"
        case .name: "[name](#names)"
        case .duration: "duration"
        case .bool: "bool"
        case .size: "[size](#sizes)"
        case .url: "http(s) URL"
        case .timestamp: "timestamp"
        case .date: "date `YYYY-MM-DD`"
        case .selector: "[selector](#selectors)"
        case .logSelector: "LogQL stream selector"
        case .promql: "PromQL"
        case .path: "path"
        case .hostPort: "string `host:port`"
        case .version: "string `\"MAJOR.MINOR\"`"
        case .email: "email address"
        case .integer(let min, let max): max.map { "integer, \(min) … \($0)" } ?? "integer ≥ \(min)"
        case .number(let range): range.map { "number, \($0)" } ?? "number"
        case .choice(let words): words.map { "`\($0)`" }.joined(separator: " \\| ")
        case .list(.mapping): "list of mappings"
        case .list(let element): "list of \(element.doc)"
        case .mapping: "mapping"
        case .stringMap: "mapping string → string"
        case .countMap: "mapping label → integer ≥ 1"
        case .regionMap(let value): "mapping region → \(value.doc)"
        case .either(let a, let b): "\(a.doc), or \(b.doc)"
        }
    }
}

/// One key of a mapping.
public struct SchemaKey: Sendable, Hashable {
    /// Whether a key must be written, and who says so.
    public enum Presence: Sendable, Hashable {
        /// The mapping must have the key: `NodeReader.fields` reports it missing at the mapping.
        case required
        /// Required, checked by the decoder's own code (it has a message of its own).
        case requiredChecked
        /// One key of `group` must be written (and only one); the group's keys all say so.
        case oneOf(String)
        case optional
        /// Required under a condition the compiler checks; the text says when.
        case requiredWhen(String)
        /// Allowed only to refuse it with a message that says what to write instead (an inline secret).
        case refused(instead: String)
        /// Accepted and not used by oac (notes for people and other tools); the text says so in the docs.
        case ignored
    }

    /// What leaving an optional key out means.
    public enum Default: Sendable, Hashable {
        /// The same as writing this value.
        case value(String)
        /// Described in words: "the service name".
        case text(String)
    }

    public var name: String
    public var value: SchemaValue
    public var presence: Presence
    public var defaultValue: Default?
    /// The type column when `value.doc` is not precise enough.
    public var typeText: String?
    /// The presence column when the usual words do not say it (`optional (recommended)`).
    public var presenceText: String?
    /// The meaning column (Markdown).
    public var doc: String
    /// docs/catalog.md shows a `.mapping` key's own keys in this table as `key.subkey` rows.
    public var inlineInDocs: Bool

    public init(
        _ name: String, _ value: SchemaValue, _ presence: Presence, default defaultValue: Default? = nil,
        type typeText: String? = nil, shown presenceText: String? = nil, inline: Bool = false, _ doc: String
    ) {
        self.name = name
        self.value = value
        self.presence = presence
        self.defaultValue = defaultValue
        self.typeText = typeText
        self.presenceText = presenceText
        self.doc = doc
        self.inlineInDocs = inline
    }

    /// An optional key.
    public init(
        _ name: String, _ value: SchemaValue, default defaultValue: Default? = nil, type typeText: String? = nil,
        shown presenceText: String? = nil, inline: Bool = false, _ doc: String
    ) {
        self.init(name, value, .optional, default: defaultValue, type: typeText, shown: presenceText, inline: inline, doc)
    }

    public var isRequired: Bool {
        switch presence {
        case .required, .requiredChecked: true
        default: false
        }
    }

    /// The table a `.mapping` key (or a list of them) opens.
    public var childTable: String? {
        switch value {
        case .mapping(let id), .list(.mapping(let id)), .either(.mapping(let id), _), .either(_, .mapping(let id)),
            .either(_, .list(.mapping(let id))):
            id
        default: nil
        }
    }
}

/// The keys of one mapping, in the order the decoder lists them in a diagnostic's hint.
public struct SchemaTable: Sendable {
    /// How the keys of the mapping combine.
    public enum Form: Sendable, Hashable {
        /// Any of the keys.
        case keys
        /// Exactly one of the keys (an SLI kind, a receiver, a target discovery).
        case exactlyOne
    }

    /// Stable id: the docs' `<!-- oac:schema ID -->` marker.
    public let id: String
    /// Where the mapping is in a document, as the docs and diagnostics spell it (`spec.regions[]`).
    public let path: String
    public let form: Form
    public let keys: [SchemaKey]
    /// Every key the mapping may have (the decoder's list).
    public let allowed: [String]
    /// The keys `NodeReader.fields` reports missing.
    public let required: [String]

    public init(_ id: String, path: String, form: Form = .keys, _ keys: [SchemaKey]) {
        self.id = id
        self.path = path
        self.form = form
        self.keys = keys
        allowed = keys.map(\.name)
        required = keys.filter { $0.presence == .required }.map(\.name)
    }

    public subscript(name: String) -> SchemaKey? { keys.first { $0.name == name } }
}

extension Schema {
    /// Every table, in the order docs/catalog.md shows them.
    public static let tables: [SchemaTable] = [
        document, metadata, incidentLogDocument, incidentLogMetadata,
        platform, prometheus, region, global, thanos, mimir, mimirBasicAuth, mimirOAuth2, mimirTLS, retentionTier, tierMetrics, pricing, alerting, smtp,
        burnRateWindow, grafana, kubernetesPlatform, kubernetesDashboards, kubernetesSelectors, kubernetesSelector, budgetPolicy,
        team, workingHours, receiver, pagerduty, slack, email, webhook, opsgenie, msteams, telegram, discord, webex,
        service, targets, kubernetes, scrape, scrapeTLS, scrapeClientCert, scrapeAuth, scrapeBasicAuth, scrapeOAuth2, secretRef, metric, log,
        slo, sli, events, eventQueries, latency, threshold, sloAlerting,
        maintenanceWindow, weeklySchedule, correction,
        incident, postmortem, actionItem,
        drill, drillActionItem
    ]

    public static func table(_ id: String) -> SchemaTable? { tables.first { $0.id == id } }

    /// The keys a document may have at its top level, whatever its kind (one list: the kind is read from it).
    public static let topLevelKeys: [String] = {
        var out: [String] = []
        for k in document.allowed + incidentLogDocument.allowed where !out.contains(k) { out.append(k) }
        return out
    }()
}
