import COACHash
import Foundation

/// SHA-256 (FIPS 180-4): the manifest hashes generated files with it, so `sha256sum -c` can verify an output
/// tree without oac. The C implementation uses the CPU's SHA extensions where there are any.
public enum SHA256 {
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0)) }
    }

    public static func hex(_ file: OutputFile) -> String {
        file.withUTF8 { hex(UnsafeRawBufferPointer($0)) }
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        let d = digest(bytes)
        var out = [UInt8](repeating: 0, count: 64)
        for (i, b) in d.enumerated() {
            out[2 * i] = digits[Int(b >> 4)]
            out[2 * i + 1] = digits[Int(b & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { digest($0) }
    }

    static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { d in
            oac_sha256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, d.baseAddress)
        }
        return out
    }

    /// The portable implementation alone, and whether `digest` uses the CPU's SHA extensions (for tests).
    public static func portableDigest(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { m in
            out.withUnsafeMutableBufferPointer { d in
                oac_sha256_portable(m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, d.baseAddress)
            }
        }
        return out
    }

    public static var accelerated: Bool { oac_sha256_accelerated() != 0 }
}
