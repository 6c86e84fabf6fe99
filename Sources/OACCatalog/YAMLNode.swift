import Yams

/// One node of a YAML document as the catalog reader sees it: scalars keep their text, quoting style and
/// position; mappings keep their pairs in order.
///
/// Nodes come from `LibYAMLComposer` (libyaml's events straight into these values) or, for anything that
/// composer leaves alone, from Yams' `Parser`: a Yams node is wrapped, and its children are wrapped only when
/// they are read, so a shared subtree (an alias) is never copied out.
indirect enum YAMLNode {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLList)
    /// An alias Yams did not resolve (its parser resolves them all; kept so every Yams node has a reading).
    case alias(YAMLMark)

    var mark: YAMLMark {
        switch self {
        case .scalar(let s): return s.mark
        case .mapping(let m): return m.mark
        case .sequence(let s): return s.mark
        case .alias(let mark): return mark
        }
    }
}

/// 1-based line and column, as Yams reports them.
struct YAMLMark: Equatable {
    var line: Int
    var column: Int
}

struct YAMLScalar {
    /// libyaml's (and Yams') scalar styles, with their raw values.
    enum Style: UInt8 {
        case any = 0
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    var string: String
    var style: Style
    var mark: YAMLMark
}

struct YAMLMapping: RandomAccessCollection {
    enum Storage {
        case pairs([(key: YAMLNode, value: YAMLNode)])
        case yams(Yams.Node.Mapping)
    }

    var storage: Storage
    var mark: YAMLMark

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .pairs(let p): return p.count
        case .yams(let m): return m.endIndex - m.startIndex  // O(1); Yams' count walks
        }
    }

    subscript(i: Int) -> (key: YAMLNode, value: YAMLNode) {
        switch storage {
        case .pairs(let p): return p[i]
        case .yams(let m):
            let pair = m[m.startIndex + i]  // Yams' indices are its array's (index(_:offsetBy:) would walk)
            return (YAMLNode(pair.key), YAMLNode(pair.value))
        }
    }

    var keys: LazyMapSequence<YAMLMapping, YAMLNode> { lazy.map(\.key) }
}

struct YAMLList: RandomAccessCollection {
    enum Storage {
        case nodes([YAMLNode])
        case yams(Yams.Node.Sequence)
    }

    var storage: Storage
    var mark: YAMLMark

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .nodes(let n): return n.count
        case .yams(let s): return s.endIndex - s.startIndex
        }
    }

    subscript(i: Int) -> YAMLNode {
        switch storage {
        case .nodes(let n): return n[i]
        case .yams(let s): return YAMLNode(s[s.startIndex + i])
        }
    }
}

extension YAMLNode {
    /// A Yams node, read the way the catalog reader read Yams nodes (a missing mark is line 1, column 1).
    init(_ node: Yams.Node) {
        func mark(_ m: Yams.Mark?) -> YAMLMark { YAMLMark(line: m?.line ?? 1, column: m?.column ?? 1) }
        switch node {
        case .scalar(let s):
            self = .scalar(
                YAMLScalar(
                    string: s.string, style: YAMLScalar.Style(rawValue: UInt8(s.style.rawValue)) ?? .any,
                    mark: mark(s.mark)))
        case .mapping(let m):
            self = .mapping(YAMLMapping(storage: .yams(m), mark: mark(m.mark)))
        case .sequence(let s):
            self = .sequence(YAMLList(storage: .yams(s), mark: mark(s.mark)))
        case .alias(let a):
            self = .alias(mark(a.mark))
        }
    }
}
