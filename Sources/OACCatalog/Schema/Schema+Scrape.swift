import OACModel

/// `spec.scrape` of a Service: how its targets are scraped, and the secret references it uses.
extension Schema {
    public static let scrape = SchemaTable(
        "service.scrape", path: "spec.scrape",
        [
            SchemaKey("metricsPath", .path, default: .value("/metrics"), type: "URL path", "The HTTP path of the metrics: `metrics_path`. It starts with `/`."),
            SchemaKey("scheme", .choice(ScrapeScheme.allCases.map(\.rawValue)), default: .value("http"), "`scheme`."),
            SchemaKey("interval", .duration, default: .text("the platform's `scrapeInterval`"), "`scrape_interval` of the service's job."),
            SchemaKey(
                "timeout", .duration, default: .text("Prometheus's: 10s, or the interval when shorter"),
                "`scrape_timeout`. It must not exceed the interval (an error)."),
            SchemaKey(
                "honorLabels", .bool, default: .value("false"),
                "`honor_labels`: keep the labels the targets expose when they clash with the target's own (`job`, `instance`), as a Pushgateway or a federation source needs."
            ),
            SchemaKey("tls", .mapping("service.scrape.tls"), "TLS towards the targets (below)."),
            SchemaKey("auth", .mapping("service.scrape.auth"), "How the scrape authenticates (below): exactly one of `bearerToken`, `basicAuth`, `oauth2`.")
        ])

    public static let scrapeTLS = SchemaTable(
        "service.scrape.tls", path: "spec.scrape.tls",
        [
            SchemaKey(
                "ca", .either(.path, .mapping("secretRef")), type: "[secret reference](#secret-references)",
                "The CA that signs the targets' certificates: `ca_file`."),
            SchemaKey("clientCert", .mapping("service.scrape.clientCert"), "A client certificate and its key (below)."),
            SchemaKey("serverName", .string, "The name the targets' certificates must carry: `server_name`."),
            SchemaKey(
                "insecureSkipVerify", .bool, default: .value("false"),
                "`true` turns certificate verification off. oac never does so unless it is written here, and `oac lint` warns (`tls-verification-off`).")
        ])

    public static let scrapeClientCert = SchemaTable(
        "service.scrape.clientCert", path: "spec.scrape.tls.clientCert",
        [
            SchemaKey(
                "cert", .either(.path, .mapping("secretRef")), .required, type: "[secret reference](#secret-references)", "The client certificate: `cert_file`."
            ),
            SchemaKey("key", .either(.path, .mapping("secretRef")), .required, type: "[secret reference](#secret-references)", "Its private key: `key_file`.")
        ])

    public static let scrapeAuth = SchemaTable(
        "service.scrape.auth", path: "spec.scrape.auth", form: .exactlyOne,
        [
            SchemaKey(
                "bearerToken", .either(.path, .mapping("secretRef")), .oneOf("auth"), type: "[secret reference](#secret-references)",
                "Sent as `Authorization: Bearer …`: `authorization.credentials_file`."),
            SchemaKey("basicAuth", .mapping("service.scrape.basicAuth"), .oneOf("auth"), "HTTP basic authentication."),
            SchemaKey("oauth2", .mapping("service.scrape.oauth2"), .oneOf("auth"), "OAuth 2.0 client credentials; needs Prometheus 2.27 or newer.")
        ])

    public static let scrapeBasicAuth = SchemaTable(
        "service.scrape.basicAuth", path: "spec.scrape.auth.basicAuth",
        [
            SchemaKey("username", .string, .required, "The user name (not a secret)."),
            SchemaKey("password", .either(.path, .mapping("secretRef")), .required, type: "[secret reference](#secret-references)", "`password_file`.")
        ])

    public static let scrapeOAuth2 = SchemaTable(
        "service.scrape.oauth2", path: "spec.scrape.auth.oauth2",
        [
            SchemaKey("clientId", .string, .required, "The client id (not a secret)."),
            SchemaKey(
                "clientSecret", .either(.path, .mapping("secretRef")), .required, type: "[secret reference](#secret-references)", "`client_secret_file`."),
            SchemaKey("tokenURL", .url, .required, "The token endpoint."),
            SchemaKey("scopes", .list(.string), default: .value("[]"), "The scopes requested.")
        ])

    public static let secretRef = SchemaTable(
        "secretRef", path: "spec.scrape.auth.bearerToken",
        [
            SchemaKey(
                "secret", .name, .required,
                "A Kubernetes Secret in the namespace of the generated resources. A plain `prometheus.yml` reads it at `/etc/prometheus/secrets/<secret>/<key>`, where the Prometheus Operator mounts the Secrets listed in `Prometheus.spec.secrets`."
            ),
            SchemaKey("key", .string, .required, "The key of the Secret's data: `[-._a-zA-Z0-9]+`."),
            SchemaKey("value", .string, .refused(instead: "secret"), "A secret written inline is an error: reference a Secret, or give the path of a file.")
        ])
}
