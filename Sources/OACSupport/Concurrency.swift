import Foundation

/// One result slot per parallel iteration: each iteration writes only its own slot, so no lock is needed.
/// (Raw memory, not an Array: Array's mutable accessors move its buffer aside while they run.)
public final class ParallelSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    public let count: Int

    public init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    public subscript(i: Int) -> T? {
        get { base[i] }
        set { base[i] = newValue }
    }

    public var values: [T?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// A value worked out once, by the first thread that asks for it; threads asking meanwhile wait for it. Lets
/// render jobs share something expensive (the cost estimate, the shard plan) without working it out before
/// any job can start.
public final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var make: (@Sendable () -> T)?
    private var made: T?

    public init(_ make: @escaping @Sendable () -> T) { self.make = make }

    public var value: T {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make!()
        made = value
        make = nil
        return value
    }
}

/// Values computed once per key and shared by the threads that render services. The compute closure runs
/// outside the lock: two threads may compute the same value at once, and the results are equal (it must be a
/// pure function of the key).
public final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    public init() {}

    public func value(_ key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        if let hit = values[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}
