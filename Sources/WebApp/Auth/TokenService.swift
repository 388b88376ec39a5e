import Foundation
import JWTKit
import OrchestratorCore
import Storage
import Orchestration

/// Issues, verifies, rotates and revokes login tokens: short-lived JWT access tokens and opaque refresh tokens.
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let activeKID: String
    let database: AppDatabase
    let accessTTL: Int
    let refreshTTL: Int
    /// Access tokens verified recently.
    let verified: CredentialCache

    /// Creates the service.
    /// - Parameters:
    ///   - keys: keys that verify; `activeKID` names the one that signs.
    ///   - accessTTL: access-token lifetime in seconds.
    ///   - refreshTTL: refresh-token lifetime in seconds.
    public init(keys: JWTKeyCollection, activeKID: String, database: AppDatabase, accessTTL: Int, refreshTTL: Int) {
        self.keys = keys
        self.activeKID = activeKID
        self.database = database
        self.accessTTL = accessTTL
        self.refreshTTL = refreshTTL
        self.verified = CredentialCache(versions: database.versions, tables: [.user, .refreshToken])
    }

    /// Starts a new session for `user` (after a successful login).
    public func startSession(for user: User, now: Date = Date()) async throws -> IssuedTokens {
        let sessionID = SecureRandom.token(bytes: 16)
        let refresh = "ort_" + SecureRandom.token()
        try database.storeRefreshToken(
            userID: user.id, tokenHash: SecureRandom.sha256Hex(refresh), familyID: sessionID,
            expiresAt: now.addingTimeInterval(TimeInterval(refreshTTL)), at: now)
        return try await tokens(for: user, sessionID: sessionID, refresh: refresh, now: now)
    }

    /// Spends `refreshToken` and issues a new pair in the same session.
    /// - Throws: ``AuthFailure/unauthenticated(reason:)`` for unknown, expired, revoked or replayed tokens
    ///   (a replay also ends the session).
    public func refresh(_ refreshToken: String, now: Date = Date()) async throws -> (tokens: IssuedTokens, user: User) {
        let next = "ort_" + SecureRandom.token()
        let outcome = try database.rotateRefreshToken(
            tokenHash: SecureRandom.sha256Hex(refreshToken), newTokenHash: SecureRandom.sha256Hex(next),
            newExpiry: now.addingTimeInterval(TimeInterval(refreshTTL)), at: now)
        switch outcome {
        case .rotated(let user, let sessionID):
            return (try await tokens(for: user, sessionID: sessionID, refresh: next, now: now), user)
        case .reuseDetected:
            throw AuthFailure.unauthenticated(reason: "refresh token was already used; the session has been ended")
        case .invalid:
            throw AuthFailure.unauthenticated(reason: "refresh token is invalid, expired or revoked")
        }
    }

    /// Ends the session `refreshToken` belongs to.
    public func revoke(refreshToken: String) throws {
        try database.revokeSession(containing: SecureRandom.sha256Hex(refreshToken))
    }

    /// Verifies an access token's signature, algorithm, issuer and expiry, then checks its session is still live.
    /// - Returns: the principal with the user's current role.
    public func authenticate(accessToken: String, now: Date = Date()) async throws -> Principal {
        if let known = verified.principal(for: accessToken, now: now) { return known }
        let versions = verified.currentVersions()
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(accessToken, as: AccessTokenClaims.self)
        } catch {
            throw AuthFailure.unauthenticated(reason: Self.describe(error))
        }
        guard let userID = Int64(claims.sub.value),
            let user = try await database.userOfLiveSession(familyID: claims.sid, userID: userID, at: now)
        else {
            throw AuthFailure.unauthenticated(reason: "session has ended")
        }
        let principal = Principal(userID: user.id, username: user.username, role: user.role, credential: .session(sessionID: claims.sid))
        verified.remember(principal, for: accessToken, versions: versions, expiresAt: claims.exp.value, now: now)
        return principal
    }

    private func tokens(for user: User, sessionID: String, refresh: String, now: Date) async throws -> IssuedTokens {
        let claims = AccessTokenClaims(
            sub: SubjectClaim(value: String(user.id)), name: user.username, role: user.role.rawValue, sid: sessionID,
            iss: IssuerClaim(value: AccessTokenClaims.issuer), iat: IssuedAtClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(accessTTL))),
            jti: IDClaim(value: SecureRandom.token(bytes: 12)))
        let access = try await keys.sign(claims, kid: JWKIdentifier(string: activeKID))
        return IssuedTokens(accessToken: access, refreshToken: refresh, expiresIn: accessTTL)
    }

    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("expired") || text.contains("exp") && text.contains("claim") { return "access token has expired" }
        return "access token is invalid"
    }
}
