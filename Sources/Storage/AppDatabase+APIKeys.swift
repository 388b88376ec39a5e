import Foundation
import GRDB
import OrchestratorCore

extension AppDatabase {
    /// Stores a new API key by its hash.
    public func createAPIKey(
        name: String, role: Role, keyHash: String, prefix: String, ownerID: Int64, projectID: String? = nil, agentID: String? = nil,
        at date: Date = Date()
    ) throws -> APIKey {
        try writer.write { db in
            guard let owner = try UserRecord.fetchOne(db, key: ownerID) else { throw StorageError.userNotFound("#\(ownerID)") }
            var record = APIKeyRecord(
                id: nil, name: name, role: role, keyHash: keyHash, prefix: prefix, ownerId: ownerID, createdAt: date,
                projectId: projectID, agentId: agentID)
            try record.insert(db)
            return record.apiKey(ownerName: owner.username)
        }
    }

    /// Live (unrevoked) keys people made, newest first; only `ownerID`'s when given. Agents' tokens are not listed.
    public func apiKeys(ownerID: Int64? = nil) throws -> [APIKey] {
        try reader.read { db in
            var request = APIKeyRecord.filter(APIKeyRecord.Columns.revokedAt == nil).filter(Column("project_id") == nil)
            if let ownerID { request = request.filter(APIKeyRecord.Columns.ownerId == ownerID) }
            let records = try request.order(Column("id").desc).fetchAll(db)
            let owners = try UserRecord.fetchAll(db, keys: Set(records.map(\.ownerId)))
            let names = Dictionary(uniqueKeysWithValues: owners.compactMap { record in record.id.map { ($0, record.username) } })
            return records.map { $0.apiKey(ownerName: names[$0.ownerId] ?? "?") }
        }
    }

    /// One live key by id.
    public func apiKey(id: Int64) throws -> APIKey? {
        try apiKeys().first { $0.id == id }
    }

    /// Revokes every live agent token of a project (when it is terminated).
    public func revokeAgentTokens(projectID: String, agentID: String? = nil, at now: Date = Date()) throws {
        try writer.write { db in
            var request = APIKeyRecord.filter(Column("project_id") == projectID).filter(APIKeyRecord.Columns.revokedAt == nil)
            if let agentID { request = request.filter(Column("agent_id") == agentID) }
            try request.updateAll(db, APIKeyRecord.Columns.revokedAt.set(to: now))
        }
    }

    /// The live key with this hash and its owner; marks it used (at most once a minute, to spare writes).
    public func authenticateAPIKey(hash: String, at now: Date = Date()) throws -> (key: APIKey, owner: User)? {
        let found: (APIKeyRecord, UserRecord)? = try reader.read { db in
            guard
                let key = try APIKeyRecord.filter(APIKeyRecord.Columns.keyHash == hash)
                    .filter(APIKeyRecord.Columns.revokedAt == nil).fetchOne(db),
                let owner = try UserRecord.fetchOne(db, key: key.ownerId)
            else { return nil }
            return (key, owner)
        }
        guard let (key, owner) = found else { return nil }
        if key.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            _ = try writer.write { db in
                try APIKeyRecord.filter(key: key.id).updateAll(db, APIKeyRecord.Columns.lastUsedAt.set(to: now))
            }
        }
        return (key.apiKey(ownerName: owner.username), owner.user)
    }

    /// Revokes a live key.
    /// - Throws: ``StorageError/apiKeyNotFound(_:)`` when no live key has this id.
    public func revokeAPIKey(id: Int64, at now: Date = Date()) throws {
        try writer.write { db in
            let changed = try APIKeyRecord.filter(key: id).filter(APIKeyRecord.Columns.revokedAt == nil)
                .updateAll(db, APIKeyRecord.Columns.revokedAt.set(to: now))
            if changed == 0 { throw StorageError.apiKeyNotFound(id) }
        }
    }
}
