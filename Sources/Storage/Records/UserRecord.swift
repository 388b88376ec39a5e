import Foundation
import GRDB
import OrchestratorCore

/// A row of the `user` table.
struct UserRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "user"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var username: String
    var passwordHash: String
    var role: Role
    var createdAt: Date
    var updatedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var user: User {
        User(id: id ?? 0, username: username, role: role, createdAt: createdAt, updatedAt: updatedAt)
    }

    enum Columns {
        static let username = Column("username")
        static let role = Column("role")
    }
}
