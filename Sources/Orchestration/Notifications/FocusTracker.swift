import Foundation
import Synchronization

/// Which people have a project's page open and in focus right now, as their pages' WebSockets report it: notices
/// about a project someone is looking at would only repeat what the page shows.
package final class FocusTracker: Sendable {
    private struct Watch {
        var userID: Int64
        var projectID: String
        var focused: Bool
    }

    private let watches = Mutex([UUID: Watch]())

    package init() {}

    /// Records what one connection's page says of itself.
    package func set(connection: UUID, userID: Int64, projectID: String, focused: Bool) {
        watches.withLock { $0[connection] = Watch(userID: userID, projectID: projectID, focused: focused) }
    }

    /// Forgets a connection that closed.
    package func remove(connection: UUID) {
        _ = watches.withLock { $0.removeValue(forKey: connection) }
    }

    /// Whether `userID` has `projectID`'s page open and focused on any device.
    package func isFocused(userID: Int64, projectID: String) -> Bool {
        watches.withLock { $0.values.contains { $0.userID == userID && $0.projectID == projectID && $0.focused } }
    }
}
