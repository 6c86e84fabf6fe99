import Foundation

/// Values computed once per key and shared by the threads that render services. The compute closure runs
/// outside the lock: two threads may compute the same value at once, and the results are equal (it must be a
/// pure function of the key).
final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    func value(_ key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        if let hit = values[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}
