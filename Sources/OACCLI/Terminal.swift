import Foundation

/// Where text goes, and whether it may be colored.
enum Terminal {
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Color only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb.
    static func colorAllowed(fileDescriptor: Int32) -> Bool {
        let env = ProcessInfo.processInfo.environment
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }
}
