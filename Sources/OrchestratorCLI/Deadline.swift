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

    /// Resumes its continuation once, with the first value given.
    private final class Gate<Value: Sendable>: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Value?, Never>?, early: Value??)>((nil, nil))

        func start(_ continuation: CheckedContinuation<Value?, Never>) {
            let early: Value?? = state.withLock { state in
                if let early = state.early { return early }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        func finish(_ value: Value?) {
            let continuation: CheckedContinuation<Value?, Never>? = state.withLock { state in
                if let continuation = state.continuation {
                    state.continuation = nil
                    state.early = .some(nil)  // spent: later values are dropped
                    return continuation
                }
                if state.early == nil { state.early = .some(value) }
                return nil
            }
            continuation?.resume(returning: value)
        }
    }
}
