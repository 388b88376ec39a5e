import Synchronization

/// How many bytes a terminal session typed (counted by its reader, read when it ends).
final class TypedBytes: Sendable {
    private let total = Mutex(0)
    func add(_ count: Int) { total.withLock { $0 += count } }
    var count: Int { total.withLock { $0 } }
}
