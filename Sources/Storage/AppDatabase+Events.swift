import Foundation
import GRDB

extension AppDatabase {
    /// Stores an event and returns it with its id.
    @discardableResult
    public func recordEvent(_ event: EventRecord) throws -> EventRecord {
        try writer.write { db in
            var stored = event
            try stored.insert(db)
            return stored
        }
    }

    /// Events after `since`, oldest first; a project's only when `projectID` is given.
    public func events(projectID: String? = nil, since: Int64 = 0, type: String? = nil, limit: Int = 500) throws -> [EventRecord] {
        try reader.read { db in
            var request = EventRecord.filter(Column("id") > since)
            if let projectID { request = request.filter(Column("project_id") == projectID) }
            if let type { request = request.filter(Column("type") == type) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// The newest `limit` events of a project (or of all), newest first.
    public func recentEvents(projectID: String? = nil, limit: Int = 50) throws -> [EventRecord] {
        try reader.read { db in
            var request = EventRecord.all()
            if let projectID { request = request.filter(Column("project_id") == projectID) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
