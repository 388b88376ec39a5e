import Foundation
import GRDB
import OrchestratorCore

extension AppDatabase {
    /// Creates a user with an already-hashed password.
    /// - Throws: ``StorageError/usernameTaken(_:)`` when the name is in use (case-insensitively).
    @discardableResult
    public func createUser(username: String, passwordHash: String, role: Role, at date: Date = Date()) throws -> User {
        try writer.write { db in
            if try UserRecord.filter(UserRecord.Columns.username == username).fetchCount(db) > 0 {
                throw StorageError.usernameTaken(username)
            }
            var record = UserRecord(
                id: nil, username: username, passwordHash: passwordHash, role: role, createdAt: date, updatedAt: date)
            try record.insert(db)
            return record.user
        }
    }

    /// The number of users.
    public func userCount() throws -> Int {
        try reader.read { db in try UserRecord.fetchCount(db) }
    }

    /// Every user, sorted by name.
    public func allUsers() throws -> [User] {
        try reader.read { db in
            try UserRecord.order(UserRecord.Columns.username.collating(.nocase)).fetchAll(db).map(\.user)
        }
    }

    /// The user with this name (case-insensitive), if any.
    public func user(named username: String) throws -> User? {
        try reader.read { db in try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db)?.user }
    }

    /// The user with this id, if any.
    public func user(id: Int64) throws -> User? {
        try reader.read { db in try UserRecord.fetchOne(db, key: id)?.user }
    }

    /// The user and stored password hash for a login attempt.
    public func credentials(forUsername username: String) throws -> (user: User, passwordHash: String)? {
        try reader.read { db in
            try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db).map { ($0.user, $0.passwordHash) }
        }
    }

    /// Changes a user's role, refusing to demote the last admin.
    public func changeRole(username: String, to role: Role, at date: Date = Date()) throws -> User {
        try writer.write { db in
            var record = try Self.existingUser(username, db)
            if record.role == .admin, role != .admin, try Self.adminCount(db) <= 1 {
                throw StorageError.lastAdmin
            }
            record.role = role
            record.updatedAt = date
            try record.update(db)
            return record.user
        }
    }

    /// Changes role and/or password hash in one transaction: either both change or neither does.
    /// A new password ends every session the user has; the last admin cannot be demoted.
    public func updateUser(username: String, role: Role?, passwordHash: String?, at date: Date = Date()) throws -> User {
        try writer.write { db in
            var record = try Self.existingUser(username, db)
            if let role {
                if record.role == .admin, role != .admin, try Self.adminCount(db) <= 1 { throw StorageError.lastAdmin }
                record.role = role
            }
            if let passwordHash {
                record.passwordHash = passwordHash
                try Self.revokeSessions(ofUser: record.id, reason: "password_changed", at: date, db)
            }
            record.updatedAt = date
            try record.update(db)
            return record.user
        }
    }

    /// Replaces a user's password hash and ends every session they have.
    public func changePasswordHash(username: String, to hash: String, at date: Date = Date()) throws {
        try writer.write { db in
            var record = try Self.existingUser(username, db)
            record.passwordHash = hash
            record.updatedAt = date
            try record.update(db)
            try Self.revokeSessions(ofUser: record.id, reason: "password_changed", at: date, db)
        }
    }

    private static func revokeSessions(ofUser userID: Int64?, reason: String, at date: Date, _ db: Database) throws {
        try RefreshTokenRecord
            .filter(RefreshTokenRecord.Columns.userId == userID)
            .filter(RefreshTokenRecord.Columns.revokedAt == nil)
            .updateAll(db, RefreshTokenRecord.Columns.revokedAt.set(to: date), RefreshTokenRecord.Columns.revokedReason.set(to: reason))
    }

    /// Deletes a user with their sessions and API keys, refusing to delete the last admin.
    public func deleteUser(username: String) throws {
        try writer.write { db in
            let record = try Self.existingUser(username, db)
            if record.role == .admin, try Self.adminCount(db) <= 1 {
                throw StorageError.lastAdmin
            }
            _ = try record.delete(db)
        }
    }

    private static func existingUser(_ username: String, _ db: Database) throws -> UserRecord {
        guard let record = try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db) else {
            throw StorageError.userNotFound(username)
        }
        return record
    }

    private static func adminCount(_ db: Database) throws -> Int {
        try UserRecord.filter(UserRecord.Columns.role == Role.admin.rawValue).fetchCount(db)
    }
}
