import Foundation
import OACDiagnostics
import OACModel
import Yams

/// Load stage: YAML text → typed catalog specs, with a diagnostic for every problem found on the way.
public enum CatalogLoader {
    /// Limits that keep hostile input bounded in time and memory.
    public struct Limits: Sendable {
        public var maxFileBytes: Int = 16 << 20
        public var maxDocumentsPerFile: Int = 10_000
        public init() {}
    }

    public static let apiVersion = "oac/v1"
    public static let kinds = ["Platform", "Team", "Service", "IncidentLog", "Drill"]

    /// Loads every file; files are independent, so they are decoded concurrently and merged in path order.
    public static func load(_ files: [SourceFile], limits: Limits = Limits()) -> (Catalog, Diagnostics) {
        let sortedFiles = files.sorted { $0.path < $1.path }
        var results = [(Catalog, Diagnostics)](repeating: (Catalog(), Diagnostics()), count: sortedFiles.count)
        if sortedFiles.count > 8 {
            results.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                nonisolated(unsafe) let out = base
                DispatchQueue.concurrentPerform(iterations: sortedFiles.count) { i in
                    out[i] = loadFile(sortedFiles[i], limits: limits)
                }
            }
        } else {
            for (i, f) in sortedFiles.enumerated() { results[i] = loadFile(f, limits: limits) }
        }
        var catalog = Catalog()
        var diagnostics = Diagnostics()
        for (c, d) in results {
            catalog.merge(c)
            diagnostics.append(contentsOf: d)
        }
        catalog.sort()
        return (catalog, diagnostics)
    }

    /// Decodes one file's documents.
    public static func loadFile(_ file: SourceFile, limits: Limits = Limits()) -> (Catalog, Diagnostics) {
        var catalog = Catalog()
        catalog.files = [file.path]
        let reader = NodeReader(file: file.path)
        if file.contents.utf8.count > limits.maxFileBytes {
            reader.diagnostics.error(
                "file is \(file.contents.utf8.count) bytes; the limit is \(limits.maxFileBytes)",
                rule: CheckID.inputLimit, at: SourceLocation(file: file.path, line: 1, column: 1),
                hint: "split the catalog into several files")
            return (catalog, reader.diagnostics)
        }
        if let nul = firstNUL(in: file.contents) {
            let loc = position(ofByte: nul, in: file.contents, file: file.path)
            reader.diagnostics.error(
                "file contains a NUL byte; catalog files must be UTF-8 text", rule: CheckID.readError,
                at: loc)
            return (catalog, reader.diagnostics)
        }
        if let alias = aliasUsedAsKey(in: file.contents) {
            // Yams compares mapping keys structurally; an alias key can stand for an exponentially large tree
            // ("billion laughs") and hang that comparison. Catalogs never need one.
            reader.diagnostics.error(
                "an alias (`*\(alias.name)`) is used as a mapping key; catalogs do not allow that",
                rule: CheckID.inputLimit, at: SourceLocation(file: file.path, line: alias.line, column: alias.column),
                hint: "write the key out; anchors and aliases may only stand for values")
            return (catalog, reader.diagnostics)
        }
        // Most catalogs: libyaml's events composed directly (the documents Yams would stop reading after are
        // not read either). Anything that composer leaves alone — every error among it — is read by Yams.
        if let composed = LibYAMLComposer.documents(file.contents, maxDocuments: limits.maxDocumentsPerFile + 1) {
            // Repeated keys are reported as Yams reports them; the rest of the file is still read (first values).
            for repeated in composed.duplicates {
                reader.diagnostics.append(
                    duplicateKeys(
                        repeated.names,
                        at: SourceLocation(
                            file: file.path, line: repeated.mark.line,
                            column: repeated.mark.column)))
            }
            for (i, root) in composed.documents.enumerated() {
                if i + 1 > limits.maxDocumentsPerFile {
                    reader.diagnostics.error(
                        "more than \(limits.maxDocumentsPerFile) documents in one file",
                        rule: CheckID.inputLimit, at: reader.location(root))
                    break
                }
                DocumentDecoder(reader: reader).decode(root, into: &catalog)
            }
            return (catalog, reader.diagnostics)
        }
        do {
            // No implicit tag resolution: the reader takes every scalar as text, and resolving tags runs a
            // handful of regular expressions on each one (most of the loading time of a large catalog).
            let parser = try Parser(yaml: file.contents, resolver: .basic)
            var count = 0
            while let node = try parser.nextRoot() {
                let root = YAMLNode(node)
                count += 1
                if count > limits.maxDocumentsPerFile {
                    reader.diagnostics.error(
                        "more than \(limits.maxDocumentsPerFile) documents in one file",
                        rule: CheckID.inputLimit, at: reader.location(root))
                    break
                }
                DocumentDecoder(reader: reader).decode(root, into: &catalog)
            }
        } catch let error as YamlError {
            reader.diagnostics.append(diagnostic(for: error, file: file.path))
        } catch {
            reader.diagnostics.error(
                "could not parse YAML: \(error)", rule: CheckID.yamlSyntax,
                at: SourceLocation(file: file.path, line: 1, column: 1))
        }
        return (catalog, reader.diagnostics)
    }

    /// A mapping repeats keys (`names`, sorted; `location` is the first one's).
    static func duplicateKeys(_ names: [String], at location: SourceLocation) -> Diagnostic {
        .error(
            "duplicate key\(names.count == 1 ? "" : "s") \(names.map { "`\($0)`" }.joined(separator: ", ")) in one mapping",
            rule: CheckID.duplicateKey, at: location, hint: "keep one of them")
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func loc(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return .error(
                "invalid YAML: \(message)", rule: CheckID.yamlSyntax, at: loc(mark),
                hint: problem.contains("tab") ? "indent with spaces, not tabs" : nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeys(duplicates, at: loc(context.mark))
        case .reader(let problem, let offset, _, let yaml):
            let l = offset.map { position(ofByte: $0, in: yaml, file: file) } ?? SourceLocation(file: file, line: 1, column: 1)
            return .error(
                "cannot read the file: \(problem)", rule: CheckID.readError, at: l,
                hint: "catalog files must be UTF-8 text")
        default:
            return .error("invalid YAML: \(error)", rule: CheckID.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The byte offset of the first NUL in `text` (memchr over native UTF-8; a byte-by-byte walk otherwise).
    static func firstNUL(in text: String) -> Int? {
        let found: Int?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress, let p = memchr(base, 0, bytes.count) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }
        if let found { return found }
        return text.utf8.firstIndex(of: 0).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
    }

    static func position(of index: String.UTF8View.Index, in text: String, file: String) -> SourceLocation {
        position(ofByte: text.utf8.distance(from: text.utf8.startIndex, to: index), in: text, file: file)
    }

    static func position(ofByte offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var seen = 0
        for scalar in text.unicodeScalars {
            if seen >= offset { break }
            seen += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    static let aliasLines = SourceScan.Query(needles: ["*"])

    /// Finds an alias in key position (`*a: …`, `? *a`, `{*a: …}`), skipping quoted text and comments.
    static func aliasUsedAsKey(in text: String) -> (name: String, line: Int, column: Int)? {
        // Only lines with a `*` byte can hold an alias (few files have any); the checks on text are the ones
        // a line-by-line scan made.
        let candidates = SourceScan.lines(of: text, matching: aliasLines)
        guard !candidates.isEmpty, text.contains("*") else { return nil }
        for (index, rawLine) in candidates {
            let line = index + 1
            guard rawLine.contains("*") else { continue }
            let chars = Array(rawLine.unicodeScalars)
            var i = 0
            var quote: Unicode.Scalar?
            var previousSignificant: Unicode.Scalar = " "
            while i < chars.count {
                let c = chars[i]
                if let q = quote {
                    if c == "\\", q == "\"" {
                        i += 2
                        continue
                    }
                    if c == q { quote = nil }
                    i += 1
                    continue
                }
                if c == "#", i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t" { break }
                if c == "\"" || c == "'" {
                    // A quote only opens a scalar at the start of one.
                    if i == 0 || " \t[{,:-?".unicodeScalars.contains(chars[i - 1]) { quote = c }
                    i += 1
                    continue
                }
                if c == "*", i == 0 || " \t[{,?-".unicodeScalars.contains(chars[i - 1]) {
                    var j = i + 1
                    while j < chars.count, !" \t,[]{}:".unicodeScalars.contains(chars[j]) { j += 1 }
                    let name = String(String.UnicodeScalarView(chars[(i + 1)..<j]))
                    var k = j
                    while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
                    let followedByColon = k < chars.count && chars[k] == ":"
                    if followedByColon || previousSignificant == "?" {
                        return (name, line, i + 1)
                    }
                    i = j
                    continue
                }
                if c != " ", c != "\t" { previousSignificant = c }
                i += 1
            }
        }
        return nil
    }
}
