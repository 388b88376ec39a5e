import Foundation
import OrchestratorCore
import Storage
import Orchestration

/// Checks a username and password under per-address and per-username limits, then starts a session.
public struct LoginService: Sendable {
    package let database: AppDatabase
    package let hasher: PasswordHasher
    package let tokens: TokenService
    package let perAddress: RateLimiter
    package let failuresPerUsername: RateLimiter

    /// Creates the service.
    public init(database: AppDatabase, hasher: PasswordHasher, tokens: TokenService, perAddress: RateLimiter, failuresPerUsername: RateLimiter) {
        self.database = database
        self.hasher = hasher
        self.tokens = tokens
        self.perAddress = perAddress
        self.failuresPerUsername = failuresPerUsername
    }

    /// Logs in.
    /// - Throws: 429 ``APIError`` when limited, ``AuthFailure/unauthenticated(reason:)`` for wrong credentials
    ///   (the same words whether the user exists or not).
    public func login(username: String, password: String, address: String) async throws -> (tokens: IssuedTokens, user: User) {
        if case .limited(let retryAfter) = await perAddress.consume("ip:" + address) {
            throw APIError.rateLimited(retryAfter: retryAfter, "too many login attempts from this address")
        }
        guard CredentialRules.usernameProblem(username) == nil else {
            // No such user can exist; answer like any wrong password, without touching the limiter's table.
            _ = try await hasher.verify(password, against: nil)
            throw AuthFailure.unauthenticated(reason: "invalid username or password")
        }
        // Count the attempt before the slow hash check, so parallel guesses cannot all slip under the limit;
        // a success clears the count. Counted per username from one address: someone guessing from elsewhere slows
        // down only themselves and never locks the owner out.
        let userKey = "user:" + username.lowercased() + "@" + address
        if case .limited(let retryAfter) = await failuresPerUsername.consume(userKey) {
            throw APIError.rateLimited(retryAfter: retryAfter, "too many failed logins for this user")
        }
        let found = try database.credentials(forUsername: username)
        guard try await hasher.verify(password, against: found?.passwordHash), let user = found?.user else {
            try database.recordAudit(actor: "ip:" + address, action: "login.failed", target: username)
            throw AuthFailure.unauthenticated(reason: "invalid username or password")
        }
        await failuresPerUsername.reset(userKey)
        try database.recordAudit(actor: user.username, action: "login", target: user.username, details: "from=\(address)")
        return (try await tokens.startSession(for: user), user)
    }
}
