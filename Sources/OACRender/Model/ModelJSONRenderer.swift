import Foundation
import OACModel

/// Writes the resolved model as `model.json`: what every other renderer sees, for review and tooling.
public enum ModelJSONRenderer {
    public static let path = "model.json"

    public static func render(_ model: Model) -> OutputFile {
        OutputFile(path: path, json: model)
    }
}

extension OutputFile {
    /// A JSON file: `value` as pretty JSON with sorted keys and a trailing newline (`StableJSON`'s text),
    /// written straight into the file's bytes.
    public init<T: JSONWritable>(path: String, json value: T) {
        self.init(path: path, owned: JSONWriter.ownedDocument(value))
    }
}

/// Pretty JSON with sorted keys and a trailing newline: byte-stable across runs.
public enum StableJSON {
    /// The text `JSONWriter` writes for `value`: what `encode` writes for its `Encodable` form.
    public static func text<T: JSONWritable>(_ value: T) -> String {
        String(decoding: JSONWriter.document(value), as: UTF8.self)
    }

    /// Through `PrettyJSONEncoder`, for the values without a `JSONWritable` form (small files).
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
