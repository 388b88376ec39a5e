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
