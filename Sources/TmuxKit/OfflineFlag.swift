import Foundation

/// A flag read without waiting on an actor (a ``TmuxServer``'s nonisolated calls check it before each process).
final class OfflineFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false

    /// The current value.
    var value: Bool { lock.withLock { stored } }

    /// Sets the value.
    func set(_ value: Bool) { lock.withLock { stored = value } }
}
