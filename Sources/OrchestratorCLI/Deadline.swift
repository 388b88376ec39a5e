import Foundation
import Synchronization

/// Runs work with a hard deadline: the first of its result and the deadline wins, and work still running after it
/// is left behind (a hook process exits right after). URLSession's own `timeoutInterval` does not end a request a
/// server accepted and never answers on Linux, so a hook would hold its agent until the agent gave up on it.
enum Deadline {
    /// The work's result, or nil when it did not finish within `seconds`.
    static func within<Value: Sendable>(_ seconds: TimeInterval, _ work: @escaping @Sendable () async -> Value?) async -> Value? {
        let gate = Gate<Value>()
        return await withCheckedContinuation { continuation in
            gate.start(continuation)
            Task { gate.finish(await work()) }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                gate.finish(nil)
            }
        }
    }

    /// Resumes its continuation once, with the first value given (it holds the continuation before either task starts).
    private final class Gate<Value: Sendable>: Sendable {
        private let waiting = Mutex<CheckedContinuation<Value?, Never>?>(nil)

        func start(_ continuation: CheckedContinuation<Value?, Never>) {
            waiting.withLock { $0 = continuation }
        }

        func finish(_ value: Value?) {
            let continuation = waiting.withLock { waiting in
                defer { waiting = nil }
                return waiting
            }
            continuation?.resume(returning: value)
        }
    }
}
