import OACDiagnostics

/// Checks the report's Mustache templates before the engine sees them, so no template can make it recurse
/// without end or overflow the stack: partials must exist and must not include themselves (directly or through
/// others), sections and partials nest at most `maxDepth` deep in all, and all templates together hold at
/// most `maxTags` tags.
enum TemplateCheck {
    /// How deep sections and partial inclusions may nest, together.
    static let maxDepth = 100
    /// How many tags all templates may hold together: the engine's time and memory grow with them (a tag
    /// takes at least 5 bytes, so 16 MiB of templates hold at most ~3.4 million).
    static let maxTags = 1_000_000
    /// How many tags one template may hold when `TemplateParts` cannot split it: the engine parses one
    /// template in time quadratic in its tags (20,000 take a few seconds).
    static let maxTagsWhole = 20_000
    /// How many unknown names are reported (the first, in template and line order).
    static let maxWarnings = 100

    struct Scan {
        /// (partial name, section depth where it is included, line, column)
        var partials: [(name: String, depth: Int, line: Int, column: Int)] = []
        var maxSectionDepth = 0
        var tags = 0
        /// The names variable and section tags look up (`{{name}}`, `{{#a.b}}`, the argument of `{{f(name)}}`).
        var names: [(name: String, line: Int, column: Int)] = []
    }

    static func check(_ sources: [String: String]) throws {
        var scans: [String: Scan] = [:]
        var tags = 0
        for name in sources.keys.sorted() {
            let scan = try self.scan(sources[name]!, name: name)
            tags += scan.tags
            scans[name] = scan
        }
        if tags > maxTags {
            throw ReportTemplates.TemplateError(description: "the templates hold \(tags) tags; at most \(maxTags) are read")
        }
        for (name, scan) in scans.sorted(by: { $0.key < $1.key }) {
            for p in scan.partials where sources[p.name] == nil {
                throw ReportTemplates.TemplateError(
                    description:
                        "template \(name).mustache:\(p.line):\(p.column): includes `\(p.name)`, which is not in the templates folder (\(p.name).mustache)")
            }
        }
        // Depth first from index: a partial met again on the path is a cycle; depth adds up along the path.
        var memo: [String: Int] = [:]
        func depth(_ name: String, path: [String]) throws -> Int {
            if let known = memo[name] { return known }
            guard let scan = scans[name] else { return 0 }
            var deepest = scan.maxSectionDepth
            for p in scan.partials {
                if path.contains(p.name) || p.name == name {
                    let cycle = (path.drop { $0 != p.name } + [name, p.name]).joined(separator: " → ")
                    throw ReportTemplates.TemplateError(
                        description: "template \(name).mustache:\(p.line):\(p.column): includes itself (\(cycle)); report templates may not recurse")
                }
                deepest = max(deepest, p.depth + 1 + (try depth(p.name, path: path + [name])))
                if deepest > maxDepth { break }
            }
            if deepest > maxDepth {
                throw ReportTemplates.TemplateError(description: "template \(name).mustache: sections and partials nest more than \(maxDepth) deep")
            }
            memo[name] = deepest
            return deepest
        }
        if scans["index"] != nil { _ = try depth("index", path: []) }
    }

    /// The name a tag looks up: `name`, `a.b`, or the argument of a transform `uppercased(name)` (empty for a
    /// transform of the current context, `first()`).
    static func lookedUp(_ tag: String) -> String {
        guard let open = tag.firstIndex(of: "("), let close = tag.lastIndex(of: ")"), open < close else { return tag }
        return tag[tag.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
    }

    /// Names the templates look up that no value of the view holds at any depth, and that the shipped
    /// templates do not use either: each renders empty, almost always a typo. A name the view holds somewhere
    /// is not reported (a section may look it up where the context lacks it; the engine then climbs to the
    /// enclosing contexts, as Mustache does).
    static func unknownNames(_ sources: [String: String], view: [String: Any]) -> [TemplateWarning] {
        var known: Set<String> = [".", ""]
        func collect(_ value: Any) {
            if let d = value as? [String: Any] {
                for (k, v) in d {
                    known.insert(k)
                    collect(v)
                }
            } else if let a = value as? [Any] {
                for v in a { collect(v) }
            }
        }
        collect(view)
        for text in DefaultTemplates.sources.values {
            for n in (try? scan(text, name: "default"))?.names ?? [] { known.formUnion(n.name.split(separator: ".").map(String.init)) }
        }
        var warnings: [TemplateWarning] = []
        for name in sources.keys.sorted() {
            guard let scan = try? scan(sources[name]!, name: name) else { continue }
            for n in scan.names {
                let parts = n.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard let missing = parts.first(where: { !known.contains($0) }) else { continue }
                guard warnings.count < maxWarnings else { return warnings }
                warnings.append(
                    TemplateWarning(
                        template: name, line: n.line, column: n.column, name: n.name, unknownPart: missing,
                        suggestion: Suggestion.closest(to: missing, in: known.sorted(), ignoringCase: true)))
            }
        }
        return warnings
    }

    /// Finds the tags of one template, following set-delimiter tags (`{{=<% %>=}}`).
    static func scan(_ text: String, name: String) throws -> Scan {
        let b = Array(text.utf8)
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        var scan = Scan()
        var depth = 0
        var i = 0
        var line = 1
        var lineStart = 0
        func matches(_ at: Int, _ pattern: [UInt8]) -> Bool {
            at + pattern.count <= b.count && b[at..<(at + pattern.count)].elementsEqual(pattern)
        }
        while i < b.count {
            if b[i] == 10 {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            guard matches(i, open) else {
                i += 1
                continue
            }
            let tagLine = line
            let tagColumn = i - lineStart + 1
            var start = i + open.count
            // A triple mustache `{{{name}}}` closes with `}}}`.
            var end = start
            let triple = open == Array("{{".utf8) && start < b.count && b[start] == 123
            let closing = triple ? Array("}}}".utf8) : close
            while end < b.count, !matches(end, closing) {
                if b[end] == 10 {
                    line += 1
                    lineStart = end + 1
                }
                end += 1
            }
            guard end < b.count else { break }  // the engine reports an unclosed tag itself
            scan.tags += 1
            if triple { start += 1 }
            let body = String(decoding: b[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            i = end + closing.count
            guard let sigil = body.first else { continue }
            let rest = body.dropFirst().trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "#", "^":
                scan.names.append((lookedUp(rest), tagLine, tagColumn))
            case "&":
                scan.names.append((lookedUp(rest), tagLine, tagColumn))
            case "/", ">", "=", "!", "$", "<":
                break
            default:
                scan.names.append((lookedUp(body), tagLine, tagColumn))
            }
            switch sigil {
            case "#", "^", "$", "<":
                depth += 1
                scan.maxSectionDepth = max(scan.maxSectionDepth, depth)
                if depth > maxDepth {
                    throw ReportTemplates.TemplateError(
                        description: "template \(name).mustache:\(tagLine):\(tagColumn): sections nest more than \(maxDepth) deep")
                }
            case "/":
                depth = max(0, depth - 1)
            case ">":
                scan.partials.append((rest, depth, tagLine, tagColumn))
            case "=":
                // `{{=<% %>=}}`: new open and close delimiters, separated by spaces.
                let parts = rest.hasSuffix("=") ? rest.dropLast().split(separator: " ") : []
                if parts.count == 2 {
                    open = Array(parts[0].utf8)
                    close = Array(parts[1].utf8)
                }
            default:
                break
            }
        }
        return scan
    }
}

/// A template tag looking up a name the report data never holds (it renders empty).
public struct TemplateWarning: Sendable, Equatable {
    /// The template's name (file name without `.mustache`).
    public var template: String
    public var line: Int
    public var column: Int
    /// The name as written (`headline.scor`).
    public var name: String
    /// The part of it no value holds (`scor`).
    public var unknownPart: String
    /// A key of the data close to it.
    public var suggestion: String?

    public var message: String {
        "template tag `\(name)` names no value of the report data (`\(unknownPart)`); it renders empty"
    }
}
