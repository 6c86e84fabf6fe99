import Foundation

/// A unified diff of two texts (`diff -u` style, 3 lines of context), from a longest common subsequence of
/// lines. Used by `oac compile --check --diff` and by golden tests.
public enum UnifiedDiff {
    public static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        let ops = diff(a, b)
        guard ops.contains(where: { $0.kind != .same }) else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group changes into hunks with context.
        var i = 0
        while i < ops.count {
            guard let start = ops[i...].firstIndex(where: { $0.kind != .same }) else { break }
            var end = start
            var j = start
            while j < ops.count {
                if ops[j].kind != .same {
                    end = j
                    j += 1
                    continue
                }
                // Look ahead: a run of unchanged lines longer than 2×context ends the hunk.
                var k = j
                while k < ops.count, ops[k].kind == .same { k += 1 }
                if k == ops.count || k - j > 2 * context { break }
                j = k
            }
            let lo = max(0, start - context)
            let hi = min(ops.count - 1, end + context)
            let slice = ops[lo...hi]
            let oldStart = (slice.first?.oldIndex ?? 0) + 1
            let newStart = (slice.first?.newIndex ?? 0) + 1
            let oldCount = slice.filter { $0.kind != .insert }.count
            let newCount = slice.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in slice {
                switch op.kind {
                case .same: out += " \(op.text)\n"
                case .delete: out += "-\(op.text)\n"
                case .insert: out += "+\(op.text)\n"
                }
            }
            i = hi + 1
        }
        return out
    }

    struct Op {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: Substring
        /// Position in the old (for same/delete) and new (for same/insert) text, for hunk headers.
        var oldIndex: Int
        var newIndex: Int
    }

    static func lines(_ s: String) -> [Substring] {
        var l = s.split(separator: "\n", omittingEmptySubsequences: false)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// LCS by dynamic programming on the middle part (common prefix and suffix trimmed first).
    static func diff(_ a: [Substring], _ b: [Substring]) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let am = Array(a[prefix..<(a.count - suffix)])
        let bm = Array(b[prefix..<(b.count - suffix)])
        var ops: [Op] = (0..<prefix).map { Op(kind: .same, text: a[$0], oldIndex: $0, newIndex: $0) }
        if am.count * bm.count > 25_000_000 {
            // Too large for a table: show it as a replacement rather than spend minutes on it.
            ops += am.enumerated().map { Op(kind: .delete, text: $1, oldIndex: prefix + $0, newIndex: prefix) }
            ops += bm.enumerated().map { Op(kind: .insert, text: $1, oldIndex: prefix + am.count, newIndex: prefix + $0) }
        } else {
            let n = am.count
            let m = bm.count
            var table = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
            if n > 0, m > 0 {
                for i in stride(from: n - 1, through: 0, by: -1) {
                    for j in stride(from: m - 1, through: 0, by: -1) {
                        table[i][j] = am[i] == bm[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                    }
                }
            }
            var i = 0
            var j = 0
            while i < n || j < m {
                if i < n, j < m, am[i] == bm[j] {
                    ops.append(Op(kind: .same, text: am[i], oldIndex: prefix + i, newIndex: prefix + j))
                    i += 1
                    j += 1
                } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                    ops.append(Op(kind: .delete, text: am[i], oldIndex: prefix + i, newIndex: prefix + j))
                    i += 1
                } else {
                    ops.append(Op(kind: .insert, text: bm[j], oldIndex: prefix + i, newIndex: prefix + j))
                    j += 1
                }
            }
        }
        for k in 0..<suffix {
            ops.append(Op(kind: .same, text: a[a.count - suffix + k], oldIndex: a.count - suffix + k, newIndex: b.count - suffix + k))
        }
        return ops
    }
}
