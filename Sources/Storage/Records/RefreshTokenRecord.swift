import Foundation
import GRDB

/// A row of the `refresh_token` table: one opaque refresh token, stored only as its hash.
struct RefreshTokenRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "refresh_token"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var userId: Int64
    var tokenHash: String
    var familyId: String
    var createdAt: Date
    var expiresAt: Date
    var revokedAt: Date?
    var revokedReason: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum Columns {
        static let tokenHash = Column("token_hash")
        static let familyId = Column("family_id")
        static let userId = Column("user_id")
        static let expiresAt = Column("expires_at")
        static let revokedAt = Column("revoked_at")
        static let revokedReason = Column("revoked_reason")
    }
}
