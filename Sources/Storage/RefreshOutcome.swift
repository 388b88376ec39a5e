import OrchestratorCore

/// What happened when a refresh token was presented.
public enum RefreshOutcome: Sendable, Equatable {
    /// The token was live: it is now spent and a new one of the same family was stored.
    case rotated(user: User, familyID: String)
    /// The token had already been rotated: someone replayed it, so its whole family was revoked.
    case reuseDetected
    /// Unknown, expired, or revoked by logout.
    case invalid
}
