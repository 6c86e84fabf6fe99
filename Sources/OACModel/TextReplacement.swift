import Foundation
import OACPromQL

/// Character-for-text replacement in one pass, for the escaping every renderer does on every name. Foundation's
/// `replacingOccurrences` bridges through NSString and costs microseconds even when nothing matches.
extension String {
    /// Each ASCII character of `table` replaced by its text; the same as applying `replacingOccurrences` for
    /// each pair in turn whenever no replacement text contains a character replaced by a later pair.
    public func replacing(_ table: KeyValuePairs<Unicode.Scalar, String>) -> String {
        guard utf8.contains(where: { b in table.contains { $0.key.value == UInt32(b) } }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        for u in unicodeScalars {
            if let r = table.first(where: { $0.key == u }) { out += r.value } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
