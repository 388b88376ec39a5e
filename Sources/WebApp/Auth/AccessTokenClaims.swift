import JWTKit
import Orchestration

/// The claims of an access token. `sid` names the session (refresh-token family) so logout ends it at once.
public struct AccessTokenClaims: JWTPayload, Equatable {
    /// The user id.
    public var sub: SubjectClaim
    /// The username when the token was issued (for logs; the current name is read from the database).
    public var name: String
    /// The role when the token was issued (the current role is read from the database).
    public var role: String
    /// Session id.
    public var sid: String
    /// Issuer, always `tmux-orchestrator`.
    public var iss: IssuerClaim
    /// Issued at.
    public var iat: IssuedAtClaim
    /// Expiry.
    public var exp: ExpirationClaim
    /// Unique token id.
    public var jti: IDClaim

    /// The issuer every token carries.
    public static let issuer = "tmux-orchestrator"

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "wrong issuer") }
    }
}
