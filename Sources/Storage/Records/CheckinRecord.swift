import Foundation
import GRDB

/// A row of the `scheduled_checkin` table: a note delivered to an agent at a time, once or repeatedly.
public struct CheckinRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "scheduled_checkin"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var projectId: String
    public var targetAgent: String
    public var note: String
    public var dueAt: Date
    public var repeatMinutes: Int?
    public var createdBy: String
    public var createdAt: Date
    public var lastFiredAt: Date?
    public var active: Bool

    /// A new active check-in.
    public init(projectId: String, targetAgent: String, note: String, dueAt: Date, repeatMinutes: Int?, createdBy: String, now: Date = Date()) {
        self.projectId = projectId
        self.targetAgent = targetAgent
        self.note = note
        self.dueAt = dueAt
        self.repeatMinutes = repeatMinutes
        self.createdBy = createdBy
        self.createdAt = now
        self.active = true
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Columns used in queries.
    public enum Columns {
        public static let id = Column("id")
        public static let projectId = Column("project_id")
        public static let dueAt = Column("due_at")
        public static let active = Column("active")
    }
}
