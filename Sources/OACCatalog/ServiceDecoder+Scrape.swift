import Foundation
import OACDiagnostics
import OACModel

/// `spec.scrape` and the Kubernetes keys of `spec.targets.kubernetes` (tables in Schema+Scrape.swift).
extension DocumentDecoder {
    func scrape(_ node: YAMLNode, into s: inout ServiceSpec) {
        guard let f = reader.fields(node, path: "spec.scrape", table: Schema.scrape) else { return }
        var settings = s.scrape ?? ScrapeSettings()
        if let p = reader.string(f, "metricsPath") {
            if !p.value.hasPrefix("/") || p.value.contains(where: { $0.isNewline || $0 == "?" || $0 == "#" }) {
                reader.diagnostics.error(
                    "`spec.scrape.metricsPath` must be a path starting with `/`, found `\(p.value)`",
                    rule: CheckID.invalidValue, at: p.location,
                    hint: "write the path only, such as /metrics; no query string")
            } else {
                settings.metricsPath = p.value == "/metrics" ? nil : p.value  // the default written out is the default
            }
        }
        if let sc = reader.string(f, "scheme") {
            if let v = ScrapeScheme(rawValue: sc.value) {
                settings.scheme = v == .http ? nil : v
            } else {
                invalidChoice(sc, path: "spec.scrape.scheme", choices: ScrapeScheme.allCases.map(\.rawValue))
            }
        }
        s.scrapeInterval = reader.duration(f, "interval")
        s.scrapeTimeout = reader.duration(f, "timeout")
        settings.interval = s.scrapeInterval?.value
        settings.timeout = s.scrapeTimeout?.value
        settings.honorLabels = reader.bool(f, "honorLabels") ?? false
        if let tn = reader.value(f, "tls"), let tf = reader.fields(tn, path: "spec.scrape.tls", table: Schema.scrapeTLS) {
            let ca = secretRef(tf, "ca")
            var cert: SecretReference?
            var key: SecretReference?
            if let cn = reader.value(tf, "clientCert"),
                let cf = reader.fields(cn, path: "spec.scrape.tls.clientCert", table: Schema.scrapeClientCert)
            {
                cert = secretRef(cf, "cert")
                key = secretRef(cf, "key")
            }
            let skip = reader.bool(tf, "insecureSkipVerify") ?? false
            if skip, let e = tf.entries["insecureSkipVerify"] { s.insecureSkipVerifyLocation = reader.location(e.key) }
            let serverName = reader.string(tf, "serverName")
            if let n = serverName, n.value.isEmpty || n.value.contains(where: { $0.isNewline || $0 == " " }) {
                reader.diagnostics.error("`spec.scrape.tls.serverName` must be a host name", rule: CheckID.invalidValue, at: n.location)
            }
            settings.tls = ScrapeTLS(ca: ca, cert: cert, key: key, serverName: serverName?.value, insecureSkipVerify: skip)
        }
        if let an = reader.value(f, "auth"),
            let af = reader.fields(an, path: "spec.scrape.auth", table: Schema.scrapeAuth)
        {
            if af.entries.count != 1 {
                reader.diagnostics.error(
                    "`spec.scrape.auth` must use exactly one of \(Schema.scrapeAuth.allowed.joined(separator: ", "))",
                    rule: af.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: af.location)
            } else if let ref = secretRef(af, "bearerToken") {
                settings.auth = .bearerToken(ref)
            } else if let bn = reader.value(af, "basicAuth"),
                let bf = reader.fields(bn, path: "spec.scrape.auth.basicAuth", table: Schema.scrapeBasicAuth)
            {
                let user = reader.string(bf, "username")
                if let u = user, u.value.contains(where: \.isNewline) {
                    reader.diagnostics.error("`spec.scrape.auth.basicAuth.username` must be one line", rule: CheckID.invalidValue, at: u.location)
                }
                if let user, let pw = secretRef(bf, "password") { settings.auth = .basicAuth(username: user.value, password: pw) }
            } else if let on = reader.value(af, "oauth2"),
                let of = reader.fields(on, path: "spec.scrape.auth.oauth2", table: Schema.scrapeOAuth2)
            {
                s.oauth2Location = of.location
                let id = reader.string(of, "clientId")
                let url = reader.string(of, "tokenURL")
                if let url { checkURL(url, path: "spec.scrape.auth.oauth2.tokenURL") }
                let scopes = (reader.stringList(of, "scopes") ?? []).map(\.value)
                if let id, let url, let secret = secretRef(of, "clientSecret") {
                    settings.auth = .oauth2(clientID: id.value, clientSecret: secret, tokenURL: url.value, scopes: scopes)
                }
            }
        }
        s.scrape = settings
    }

    /// A secret reference: the absolute path of a file, or `{secret: name, key: key}`. Any other string is a
    /// secret written inline and is refused: oac never holds secret values.
    func secretRef(_ f: NodeReader.Fields, _ keyName: String) -> SecretReference? {
        guard let node = reader.value(f, keyName) else { return nil }
        let path = "\(f.path).\(keyName)"
        if case .scalar(let sc) = node {
            guard sc.string.hasPrefix("/"), !sc.string.contains(where: \.isNewline) else {
                reader.diagnostics.error(
                    "`\(path)` writes a secret inline in the catalog", rule: CheckID.inlineSecret,
                    at: reader.location(node),
                    hint: "reference it: the absolute path of a file on the Prometheus host, or `{secret: <name>, key: <key>}`")
                return nil
            }
            return .file(sc.string)
        }
        guard let rf = reader.fields(node, path: path, table: Schema.secretRef) else { return nil }
        if let e = rf.entries["value"] {
            reader.diagnostics.error(
                "`\(path).value` writes a secret inline in the catalog", rule: CheckID.inlineSecret,
                at: reader.location(e.key), hint: "reference a Kubernetes Secret with `secret` and `key`, or write the path of a file instead of the mapping")
            return nil
        }
        guard let secret = reader.string(rf, "secret"), let key = reader.string(rf, "key") else { return nil }
        var ok = true
        if !Self.isKubernetesName(secret.value) {
            reader.diagnostics.error(
                "`\(path).secret` `\(secret.value)` is not a Kubernetes Secret name", rule: CheckID.invalidName,
                at: secret.location, hint: "lower-case letters, digits, `-` and `.`, at most 253 characters")
            ok = false
        }
        if !Self.isSecretKey(key.value) {
            reader.diagnostics.error(
                "`\(path).key` `\(key.value)` is not a Secret data key", rule: CheckID.invalidName,
                at: key.location, hint: "use [-._a-zA-Z0-9]+")
            ok = false
        }
        return ok ? .secret(name: secret.value, key: key.value) : nil
    }

    /// Kubernetes syntax (one definition, in OACModel).
    static func isKubernetesName(_ s: String) -> Bool { KubernetesSyntax.isName(s) }
    static func isSecretKey(_ s: String) -> Bool { KubernetesSyntax.isSecretKey(s) }
    static func isLabelValue(_ s: String) -> Bool { KubernetesSyntax.isLabelValue(s) }
    static func isLabelKey(_ s: String) -> Bool { KubernetesSyntax.isLabelKey(s) }

    /// `role`, `port`, `targetLabels` and `podLabels` of `spec.targets.kubernetes`.
    func kubernetesScrape(_ kf: NodeReader.Fields) -> KubernetesScrape {
        let base = "spec.targets.kubernetes"
        var role = KubernetesRole.pod
        if let r = reader.string(kf, "role") {
            if let v = KubernetesRole(rawValue: r.value) {
                role = v
            } else {
                invalidChoice(r, path: "\(base).role", choices: KubernetesRole.allCases.map(\.rawValue))
            }
        }
        var port: ScrapePort?
        if let pn = reader.value(kf, "port"), case .scalar(let sc) = pn {
            if sc.style == .plain, let n = Int(sc.string) {
                if (1...65535).contains(n) {
                    port = .number(n)
                } else {
                    reader.diagnostics.error("`\(base).port` must be 1 … 65535, found \(n)", rule: CheckID.invalidValue, at: reader.location(pn))
                }
            } else if Self.isPortName(sc.string) {
                port = .name(sc.string)
            } else {
                reader.diagnostics.error(
                    "`\(base).port` `\(sc.string)` is neither a port number nor a port name", rule: CheckID.invalidValue,
                    at: reader.location(pn), hint: "a port name has at most 15 lower-case letters, digits and `-`, with a letter")
            }
        } else if let pn = reader.value(kf, "port") {
            reader.wrongType(pn, expected: "a port number or name", path: "\(base).port")
        }
        var labels: [KubernetesTargetLabel]?
        if let list = reader.stringList(kf, "targetLabels") {
            labels = []
            for l in list {
                guard let v = KubernetesTargetLabel(rawValue: l.value) else {
                    invalidChoice(l, path: "\(base).targetLabels", choices: KubernetesTargetLabel.allCases.map(\.rawValue))
                    continue
                }
                if !v.available(in: role) {
                    reader.diagnostics.error(
                        "role `\(role.rawValue)` targets have no `\(v.rawValue)`", rule: CheckID.invalidValue,
                        at: l.location, hint: "use role `endpoints`, which has pods and Services, or drop the label")
                } else if !labels!.contains(v) {
                    labels!.append(v)
                }
            }
        }
        var podLabels: [String] = []
        for l in reader.stringList(kf, "podLabels") ?? [] {
            if role == .service {
                reader.diagnostics.error(
                    "role `service` targets have no pod labels", rule: CheckID.invalidValue, at: l.location,
                    hint: "use role `endpoints` or `pod`")
            } else if !Self.isLabelKey(l.value) {
                reader.diagnostics.error(
                    "`\(l.value)` is not a Kubernetes label key", rule: CheckID.invalidName, at: l.location,
                    hint: "such as app or app.kubernetes.io/name")
            } else if let clash = Self.podLabelClash(l.value, with: labels ?? KubernetesTargetLabel.defaults(for: role)) {
                reader.diagnostics.error(
                    "pod label `\(l.value)` would become the target label `\(KubernetesScrape.sanitized(l.value))`, \(clash)",
                    rule: CheckID.invalidName, at: l.location)
            } else if !podLabels.contains(l.value) {
                podLabels.append(l.value)
            }
        }
        return KubernetesScrape(role: role, port: port, targetLabels: labels, podLabels: podLabels)
    }

    /// Why a pod label cannot become a target label under its sanitised name, or nil when it can.
    static func podLabelClash(_ key: String, with targetLabels: [KubernetesTargetLabel]) -> String? {
        let name = KubernetesScrape.sanitized(key)
        if name.first?.isNumber == true { return "which starts with a digit" }
        if ["job", "instance"].contains(name) || name.hasPrefix("__") { return "which Prometheus reserves" }
        if targetLabels.contains(where: { $0.rawValue == name }) { return "which `targetLabels` already sets" }
        return nil
    }

    /// An IANA service name, as Kubernetes port names are: at most 15 of `[a-z0-9-]`, a letter among them,
    /// no `-` at either end or twice in a row.
    static func isPortName(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 15, !s.hasPrefix("-"), !s.hasSuffix("-"), !s.contains("--") else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") } && s.contains { $0.isLetter }
    }
}
