/// Runs async operations one at a time, in the order they arrive (an actor alone would interleave them at each
/// suspension). Not reentrant: an operation must not enter the gate again.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `operation` once every operation that arrived before it has finished.
    func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async rethrows -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { leave() }
        return try await operation()
    }

    private func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            // The gate passes straight to the next in line, so it is never seen open in between.
            waiting.removeFirst().resume()
        }
    }
}
