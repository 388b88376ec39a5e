import Foundation
import GRDB

/// A row of the `audit_log` table: who did what to what, and when.
public struct AuditLogRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit_log"

    public var id: Int64?
    /// When it happened.
    public var at: Date
    /// Who did it (see `Principal.actorLabel`), or `cli` / `system`.
    public var actor: String
    /// What was done, e.g. `user.create`.
    public var action: String
    /// What it was done to, e.g. a username.
    public var target: String?
    /// Extra facts, e.g. `role=viewer`.
    public var details: String?

    /// Creates an audit entry.
    public init(at: Date = Date(), actor: String, action: String, target: String?, details: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
