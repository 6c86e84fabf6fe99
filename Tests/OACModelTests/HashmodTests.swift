import Foundation
import OACModel
import Testing

@Suite("Hashmod")
struct HashmodTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("md5 gives the RFC 1321 test vectors")
    func md5() {
        #expect(Self.hex(MD5.digest([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Self.hex(MD5.digest(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Self.hex(MD5.digest(Array("message digest".utf8))) == "f96b697d7cb7938d525a2f31aaf161d0")
        #expect(Self.hex(MD5.digest(Array(repeating: UInt8(ascii: "a"), count: 1000))) == "cabe45dcc9ae5b66ba86600cca6b8ba8")
    }

    /// Expected shards from shared/tools/hashmod_shards.py (Python's hashlib), i.e. what Prometheus computes.
    @Test(
        "shards match Prometheus' hashmod for known addresses",
        arguments: [
            ("10.0.0.1:8080", 3, 0), ("10.0.0.2:8080", 3, 1), ("10.0.0.3:8080", 3, 2), ("checkout-1:8080", 3, 0),
            ("127.0.0.1:9100", 3, 1), ("10.0.0.2:8080", 5, 2), ("10.0.0.3:8080", 5, 4), ("checkout-1:8080", 5, 1),
            ("feature-pipeline-1.data.svc:9102", 2, 1), ("pushgateway.monitoring.svc:9091", 2, 1),
            ("feature-pipeline-0.data.svc:9102", 2, 0)
        ])
    func shard(address: String, modulus: Int, expected: Int) {
        #expect(Hashmod.shard(of: address, modulus: modulus) == expected)
    }
}
