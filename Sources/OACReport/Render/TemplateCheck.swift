/// Checks the report's Mustache templates before the engine sees them, so no template can make it recurse
/// without end or overflow the stack: partials must exist and must not include themselves (directly or through
/// others), sections and partials nest at most `maxDepth` deep in all, and all templates together hold at
/// most `maxTags` tags (the engine's time grows faster than the number of tags).
enum TemplateCheck {
    /// How deep sections and partial inclusions may nest, together.
    static let maxDepth = 100
    /// How many tags all templates may hold together.
    static let maxTags = 20_000

    struct Scan {
        /// (partial name, section depth where it is included, line, column)
        var partials: [(name: String, depth: Int, line: Int, column: Int)] = []
        var maxSectionDepth = 0
        var tags = 0
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
                throw ReportTemplates.TemplateError(description: "template \(name).mustache:\(p.line):\(p.column): includes `\(p.name)`, which is not in the templates folder (\(p.name).mustache)")
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
                    throw ReportTemplates.TemplateError(description: "template \(name).mustache:\(p.line):\(p.column): includes itself (\(cycle)); report templates may not recurse")
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

    /// Finds the tags of one template, following set-delimiter tags (`{{=<% %>=}}`).
    static func scan(_ text: String, name: String) throws -> Scan {
        let b = Array(text.utf8)
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var scan = Scan()
        var depth = 0
        var i = 0, line = 1, lineStart = 0
        func matches(_ at: Int, _ pattern: [UInt8]) -> Bool {
            at + pattern.count <= b.count && b[at..<(at + pattern.count)].elementsEqual(pattern)
        }
        while i < b.count {
            if b[i] == 10 { line += 1; lineStart = i + 1; i += 1; continue }
            guard matches(i, open) else { i += 1; continue }
            let tagLine = line, tagColumn = i - lineStart + 1
            var start = i + open.count
            // A triple mustache `{{{name}}}` closes with `}}}`.
            var end = start
            let triple = open == Array("{{".utf8) && start < b.count && b[start] == 123
            let closing = triple ? Array("}}}".utf8) : close
            while end < b.count, !matches(end, closing) {
                if b[end] == 10 { line += 1; lineStart = end + 1 }
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
            case "#", "^", "$", "<":
                depth += 1
                scan.maxSectionDepth = max(scan.maxSectionDepth, depth)
                if depth > maxDepth {
                    throw ReportTemplates.TemplateError(description: "template \(name).mustache:\(tagLine):\(tagColumn): sections nest more than \(maxDepth) deep")
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
