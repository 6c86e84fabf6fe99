/// "Did you mean" hints: the closest candidate by edit distance, when it is close enough.
public enum Suggestion {
    /// The nearest candidate within max(2, length/3) edits (ties broken alphabetically), or nil.
    public static func closest(to word: String, in candidates: [String], ignoringCase: Bool = false) -> String? {
        let w = ignoringCase ? word.lowercased() : word
        let best = candidates.map { ($0, editDistance(w, ignoringCase ? $0.lowercased() : $0)) }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best, best.1 <= max(2, w.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance over Unicode scalars. Strings over 200 scalars (hostile input) are not compared:
    /// the distance is reported as the longer length, so they never produce a suggestion.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        if a.count > 200 || b.count > 200 { return max(a.count, b.count) }
        var prev = Array(0...b.count)
        var cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
