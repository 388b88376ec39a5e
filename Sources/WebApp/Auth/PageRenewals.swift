import Foundation
import Orchestration

/// Renews sessions for page views at most once per refresh token.
///
/// A browser that opens several pages at once sends the same expired access cookie and the same refresh
/// token with each. Rotating that token twice would look like a stolen token being replayed and end the
/// session, so concurrent and recent renewals of one token share the same result for a short while.
actor PageRenewals {
    private struct Entry {
        var task: Task<IssuedTokens, any Error>
        var started: Date
    }

    private var entries: [String: Entry] = [:]
    private let sharing: TimeInterval = 30

    /// The new token pair for `refreshToken`, rotating it only on the first call.
    func renew(_ refreshToken: String, using tokens: TokenService) async throws -> IssuedTokens {
        let now = Date()
        entries = entries.filter { now.timeIntervalSince($0.value.started) < sharing }
        let key = SecureRandom.sha256Hex(refreshToken)
        if let entry = entries[key] { return try await entry.task.value }
        let task = Task { try await tokens.refresh(refreshToken).tokens }
        entries[key] = Entry(task: task, started: now)
        return try await task.value
    }
}
