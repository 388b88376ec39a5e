import Foundation

/// One live sign-in of a user (a refresh-token family): when it began, when it was last renewed, when it ends.
public struct SessionSummary: Sendable, Equatable {
    /// The family id, which access tokens of the session carry.
    public var id: String
    public var startedAt: Date
    public var lastRenewedAt: Date
    public var expiresAt: Date
}
