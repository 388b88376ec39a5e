/// Why a request could not be authenticated or authorized.
public enum AuthFailure: Error, Sendable, Equatable {
    /// No credentials, or credentials that are expired, forged, revoked or unknown. Answered 401.
    case unauthenticated(reason: String)
    /// Authenticated, but the role does not allow this. Answered 403.
    case forbidden(reason: String)
}
