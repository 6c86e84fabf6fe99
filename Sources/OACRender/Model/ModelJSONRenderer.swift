import Foundation
import OACModel

/// Writes the resolved model as `model.json`: what every other renderer sees, for review and tooling.
public enum ModelJSONRenderer {
    public static let path = "model.json"

    public static func render(_ model: Model) -> OutputFile {
        OutputFile(path: path, contents: StableJSON.encode(model))
    }
}

/// Pretty JSON with sorted keys and a trailing newline: byte-stable across runs.
public enum StableJSON {
    public static func encode<T: Encodable>(_ value: T) -> String {
        guard let text = try? PrettyJSONEncoder.encode(value) else { return "{}\n" }
        return text + "\n"
    }

    /// The same text through Foundation's JSONEncoder: the reference `PrettyJSONEncoder` is tested against.
    public static func encodeWithFoundation<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }
}
