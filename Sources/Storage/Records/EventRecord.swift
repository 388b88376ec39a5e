import Foundation
import GRDB

/// A row of the `event` table: something that happened, stored with an increasing id so watchers can ask
/// for everything after the last id they saw.
public struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The project it belongs to, or nil for system-wide events.
    public var projectId: String?
    /// The message type, e.g. `git_event`.
    public var type: String
    /// The event's JSON `data`.
    public var data: String
    public var createdAt: Date

    /// A new event.
    public init(projectId: String?, type: String, data: String, createdAt: Date = Date()) {
        self.projectId = projectId
        self.type = type
        self.data = data
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
