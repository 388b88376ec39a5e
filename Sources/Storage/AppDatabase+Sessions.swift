import Foundation
import GRDB
import OrchestratorCore

extension AppDatabase {
    /// Stores the hash of a new refresh token, starting or continuing a session (`familyID`).
    public func storeRefreshToken(userID: Int64, tokenHash: String, familyID: String, expiresAt: Date, at date: Date = Date()) throws {
        try writer.write { db in
            var record = RefreshTokenRecord(
                id: nil, userId: userID, tokenHash: tokenHash, familyId: familyID, createdAt: date, expiresAt: expiresAt)
            try record.insert(db)
        }
    }

    /// Spends a refresh token and stores its successor in one transaction.
    ///
    /// A token that was already rotated is a replay: the whole family is revoked and nobody gets in.
    /// - Parameters:
    ///   - tokenHash: hash of the presented token.
    ///   - newTokenHash: hash of the successor to store.
    ///   - newExpiry: when the successor expires.
    public func rotateRefreshToken(tokenHash: String, newTokenHash: String, newExpiry: Date, at now: Date = Date()) throws -> RefreshOutcome {
        try writer.write { db in
            guard var record = try RefreshTokenRecord.filter(RefreshTokenRecord.Columns.tokenHash == tokenHash).fetchOne(db) else {
                return .invalid
            }
            if record.revokedAt != nil {
                if record.revokedReason == "rotated" {
                    try Self.revokeFamily(record.familyId, reason: "reuse_detected", at: now, db)
                    return .reuseDetected
                }
                return .invalid
            }
            guard record.expiresAt > now, let user = try UserRecord.fetchOne(db, key: record.userId) else {
                return .invalid
            }
            record.revokedAt = now
            record.revokedReason = "rotated"
            try record.update(db)
            var successor = RefreshTokenRecord(
                id: nil, userId: record.userId, tokenHash: newTokenHash, familyId: record.familyId, createdAt: now,
                expiresAt: newExpiry)
            try successor.insert(db)
            return .rotated(user: user.user, familyID: record.familyId)
        }
    }

    /// Ends the session the token belongs to (logout). Unknown tokens are ignored.
    public func revokeSession(containing tokenHash: String, at now: Date = Date()) throws {
        try writer.write { db in
            if let record = try RefreshTokenRecord.filter(RefreshTokenRecord.Columns.tokenHash == tokenHash).fetchOne(db) {
                try Self.revokeFamily(record.familyId, reason: "logout", at: now, db)
            }
        }
    }

    /// Ends a session by its id (the refresh-token family).
    public func revokeSession(familyID: String, at now: Date = Date()) throws {
        try writer.write { db in try Self.revokeFamily(familyID, reason: "logout", at: now, db) }
    }

    /// A user's live sessions, the most recently renewed first (at most 100).
    public func liveSessions(userID: Int64, at now: Date = Date()) throws -> [SessionSummary] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT family_id, MIN(created_at) AS started, MAX(created_at) AS renewed, MAX(expires_at) AS expires
                    FROM refresh_token WHERE user_id = ?
                    GROUP BY family_id
                    HAVING SUM(CASE WHEN revoked_at IS NULL AND expires_at > ? THEN 1 ELSE 0 END) > 0
                    ORDER BY renewed DESC LIMIT 100
                    """,
                arguments: [userID, now]
            ).map { SessionSummary(id: $0["family_id"], startedAt: $0["started"], lastRenewedAt: $0["renewed"], expiresAt: $0["expires"]) }
        }
    }

    /// Ends every session of a user ("sign out everywhere"); returns how many tokens were revoked.
    @discardableResult
    public func revokeAllSessions(userID: Int64, at now: Date = Date()) throws -> Int {
        try writer.write { db in
            try RefreshTokenRecord
                .filter(RefreshTokenRecord.Columns.userId == userID)
                .filter(RefreshTokenRecord.Columns.revokedAt == nil)
                .updateAll(db, RefreshTokenRecord.Columns.revokedAt.set(to: now), RefreshTokenRecord.Columns.revokedReason.set(to: "signed_out_everywhere"))
        }
    }

    /// The session's user, when the session is still live (some token of the family unrevoked and unexpired).
    public func userOfLiveSession(familyID: String, userID: Int64, at now: Date = Date()) throws -> User? {
        try reader.read { db in
            let live = try RefreshTokenRecord
                .filter(RefreshTokenRecord.Columns.familyId == familyID)
                .filter(RefreshTokenRecord.Columns.userId == userID)
                .filter(RefreshTokenRecord.Columns.revokedAt == nil)
                .filter(RefreshTokenRecord.Columns.expiresAt > now)
                .fetchCount(db) > 0
            return live ? try UserRecord.fetchOne(db, key: userID)?.user : nil
        }
    }

    private static func revokeFamily(_ familyID: String, reason: String, at now: Date, _ db: Database) throws {
        try RefreshTokenRecord
            .filter(RefreshTokenRecord.Columns.familyId == familyID)
            .filter(RefreshTokenRecord.Columns.revokedAt == nil)
            .updateAll(db, RefreshTokenRecord.Columns.revokedAt.set(to: now), RefreshTokenRecord.Columns.revokedReason.set(to: reason))
    }
}
