import Foundation
import GRDB
import OrchestratorCore

/// A row of the `api_key` table; the key itself is stored only as its hash.
struct APIKeyRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "api_key"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var name: String
    var role: Role
    var keyHash: String
    var prefix: String
    var ownerId: Int64
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?
    var projectId: String?
    var agentId: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func apiKey(ownerName: String) -> APIKey {
        APIKey(
            id: id ?? 0, name: name, role: role, prefix: prefix, ownerID: ownerId, ownerName: ownerName,
            createdAt: createdAt, lastUsedAt: lastUsedAt, projectID: projectId, agentID: agentId)
    }

    enum Columns {
        static let keyHash = Column("key_hash")
        static let ownerId = Column("owner_id")
        static let revokedAt = Column("revoked_at")
        static let lastUsedAt = Column("last_used_at")
    }
}
