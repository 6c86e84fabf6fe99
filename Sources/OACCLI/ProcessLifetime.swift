import Foundation

/// Values a command is done with that the process keeps until it exits. The catalog, model and sources of a
/// large catalog are millions of small objects: freeing them one by one, on one core after the work is done,
/// takes longer than the exit that returns all of that memory at once.
enum ProcessLifetime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ value: Any) {
        lock.lock()
        kept.append(value)
        lock.unlock()
    }
}
