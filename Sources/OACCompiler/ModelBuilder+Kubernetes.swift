import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// What an `AlertmanagerConfig` can say: it references Secrets, so every receiver secret must be a file where the
/// Prometheus Operator mounts a Secret (`/etc/alertmanager/secrets/<secret>/<key>`).
extension ModelBuilder {
    mutating func checkAlertmanagerConfigSecrets(_ t: TeamSpec, platform: Platform) {
        guard let k8s = platform.kubernetes, k8s.alertmanagerConfigs else { return }
        for r in [t.page, t.ticket].compactMap({ $0 }) {
            var files = Self.secretFiles(r.receiver)
            if case .email = r.receiver, let f = platform.alerting.smtp?.authPasswordFile { files.append(f) }
            for file in files where !Self.isMountedAlertmanagerSecret(file) {
                diagnostics.error(
                    "team `\(t.name.value)`'s \(r.receiver.kind) receiver reads `\(file)`, which an AlertmanagerConfig cannot reference",
                    rule: CheckID.invalidValue, at: r.location,
                    hint:
                        "with `spec.kubernetes`, keep receiver secrets in Secrets listed in `Alertmanager.spec.secrets` and give their mounted path, `\(Conventions.alertmanagerSecretsFolder)<secret>/<key>`; or set `spec.kubernetes.alertmanagerConfigs: false`"
                )
            }
        }
    }

    /// The secret files a receiver reads.
    static func secretFiles(_ r: Receiver) -> [String] {
        switch r {
        case .pagerduty(let file): [file]
        case .slack(_, let file): file.map { [$0] } ?? []
        case .email: []
        case .webhook(_, let urlFile, let token): [urlFile, token].compactMap { $0 }
        case .opsgenie(let file), .msteams(let file), .discord(let file), .telegram(let file, _), .webex(_, let file): [file]
        }
    }

    /// A receiver the declared Alertmanager cannot load (with its secret from a file) is an error naming the
    /// version that can; a secret file that is blank is one too.
    mutating func checkReceiverSupport(_ t: TeamSpec, platform: Platform) {
        for r in [t.page, t.ticket].compactMap({ $0 }) {
            if let need = r.receiver.minimumAlertmanager, platform.alerting.alertmanagerVersion < need {
                diagnostics.error(
                    "team `\(t.name.value)`'s \(r.receiver.kind) receiver needs Alertmanager \(need) or newer; the platform targets \(platform.alerting.alertmanagerVersion)",
                    rule: CheckID.invalidValue, at: r.location,
                    hint: "set `spec.alerting.alertmanagerVersion: \"\(need)\"` once every Alertmanager runs it, or use another receiver")
            }
            switch r.receiver {
            case .opsgenie, .msteams, .discord, .telegram, .webex:
                for file in Self.secretFiles(r.receiver) where file.trimmingCharacters(in: .whitespaces).isEmpty {
                    diagnostics.error(
                        "team `\(t.name.value)`'s \(r.receiver.kind) receiver names an empty file", rule: CheckID.invalidValue,
                        at: r.location, hint: "give the path of the file Alertmanager reads the secret from")
                }
            default: break
            }
        }
    }

    /// `/etc/alertmanager/secrets/<Secret name>/<data key>` with a valid name and key.
    static func isMountedAlertmanagerSecret(_ file: String) -> Bool {
        guard let (name, key) = Conventions.alertmanagerSecret(file: file) else { return false }
        return KubernetesSyntax.isName(name) && KubernetesSyntax.isSecretKey(key)
    }
}
