import Foundation

/// A `host_status` event: a host stopped answering, or answers again.
package struct HostStatusEvent: Encodable, Sendable {
    package var host: String
    package var reachable: Bool
    /// Why it is unreachable.
    package var error: String?
    /// When it was first seen unreachable (or back).
    package var since: Date
    package var message: String
}
