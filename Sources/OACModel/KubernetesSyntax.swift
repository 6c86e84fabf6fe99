/// Kubernetes syntax for object names, Secret keys and labels, as the API server checks it.
public enum KubernetesSyntax {
    /// A DNS subdomain (RFC 1123), as Kubernetes object names are.
    public static func isName(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, let last = part.last, part.count <= 63 else { return false }
            return part.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
                && first != "-" && last != "-"
        }
    }

    public static func isSecretKey(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 253 && s != "." && s != ".."
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
    }

    /// A Kubernetes label value: empty, or at most 63 of `[A-Za-z0-9-_.]` starting and ending alphanumeric.
    public static func isLabelValue(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.count <= 63, let f = s.first, let l = s.last, f.isASCII, l.isASCII, f.isLetter || f.isNumber, l.isLetter || l.isNumber else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// A Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
    public static func isLabelKey(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last else { return false }
        if parts.count == 2, !isName(String(parts[0])) { return false }
        guard let first = name.first, let last = name.last, name.count <= 63 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            && first.isASCII && (first.isLetter || first.isNumber) && last.isASCII && (last.isLetter || last.isNumber)
    }
}
