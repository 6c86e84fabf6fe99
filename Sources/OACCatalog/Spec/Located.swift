import OACDiagnostics

/// A value read from the catalog together with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// One catalog file's text, as the CLI read it.
public struct SourceFile: Sendable, Hashable {
    /// The path shown in diagnostics (relative to where the user pointed, or as given).
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
