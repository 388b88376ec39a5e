import Dispatch
import Synchronization

/// Threads of their own for database calls made from async code, so a read waiting for the disk or a write
/// waiting for the writer never holds one of the few threads of Swift's cooperative pool (or an event loop).
///
/// A few serial queues used in turn: serial queues get threads of their own (they are not limited to one
/// per core as the cooperative pool is), and several let reads run side by side as the WAL pool allows.
final class DatabaseCallQueues: Sendable {
    private let queues: [DispatchQueue]
    private let next = Atomic<Int>(0)

    init(count: Int = 4) {
        queues = (0..<count).map { DispatchQueue(label: "orchestrator.database.\($0)", qos: .userInitiated) }
    }

    /// Runs `body` on one of the queues and suspends the caller until it returns.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let index = next.add(1, ordering: .relaxed).newValue % queues.count
        return try await withCheckedThrowingContinuation { continuation in
            queues[index].async { continuation.resume(with: Result { try body() }) }
        }
    }
}
