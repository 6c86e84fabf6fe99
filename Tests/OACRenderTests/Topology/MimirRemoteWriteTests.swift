import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACModel
import OACTestSupport
import Testing
import Yams

/// `spec.global.mimir`: the shards' remote_write authenticates with credentials read from files, over TLS
/// when asked. (`promtool check config` runs on these variants in PromtoolTests.)
@Suite("Mimir remote_write authentication")
struct MimirRemoteWriteTests {
    static func catalog(_ mimir: String) -> [SourceFile] {
        let text = HandCatalog.text.replacingOccurrences(of: "mode: federation", with: "mode: mimir, mimir: \(mimir)")
        return [SourceFile(path: "catalog.yaml", contents: text)]
    }

    static func remoteWrite(_ mimir: String) throws -> [String: Any] {
        let outputs = try ThanosArgumentTests.outputs(Self.catalog(mimir))
        let text = try #require(outputs["prometheus/r1/shard-0/prometheus.yml"])
        let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
        return try #require((doc["remote_write"] as? [[String: Any]])?.first)
    }

    @Test("basic auth reads its password from a file, over TLS with a client certificate")
    func basic() throws {
        let rw = try Self.remoteWrite("{basicAuth: {username: u, passwordFile: /p}, tls: {caFile: /ca, certFile: /c, keyFile: /k}}")
        #expect(rw["url"] as? String == "https://p-global:9090/api/v1/push")
        #expect(rw["basic_auth"] as? [String: String] == ["username": "u", "password_file": "/p"])
        #expect(rw["tls_config"] as? [String: String] == ["ca_file": "/ca", "cert_file": "/c", "key_file": "/k"])
    }

    @Test("a bearer token and OAuth2 client secret are files too; without tls the URL is plain HTTP")
    func bearerAndOAuth2() throws {
        let bearer = try Self.remoteWrite("{bearerTokenFile: /t}")
        #expect(bearer["url"] as? String == "http://p-global:9090/api/v1/push")
        #expect(bearer["authorization"] as? [String: String] == ["type": "Bearer", "credentials_file": "/t"])
        let oauth = try Self.remoteWrite(#"{oauth2: {clientId: c, clientSecretFile: /s, tokenUrl: "https://sso/t"}}"#)
        #expect(oauth["oauth2"] as? [String: String] == ["client_id": "c", "client_secret_file": "/s", "token_url": "https://sso/t"])
    }

    @Test(
        "two authentications, an inline password, or a certificate without its key are errors",
        arguments: [
            ("{bearerTokenFile: /t, basicAuth: {username: u, passwordFile: /p}}", "one authentication"),
            ("{basicAuth: {username: u, passwordFile: /p, password: hunter2}}", "writes a secret inline"),
            ("{tls: {certFile: /c}}", "both `certFile` and `keyFile`")
        ])
    func errors(mimir: String, message: String) {
        let result = Compiler.check(Self.catalog(mimir))
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
        #expect(!result.diagnostics.sorted.map(\.message).joined().contains("hunter2"))
    }
}
