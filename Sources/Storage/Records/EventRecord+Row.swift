import Foundation
import GRDB

extension EventRecord {
    /// Reads a row column by column (events are read back by every WebSocket replay).
    public init(row: Row) throws {
        id = row["id"]
        projectId = row["project_id"]
        type = row["type"]
        data = row["data"]
        createdAt = row["created_at"]
    }

    /// Writes every column by name, without going through `Encodable` (an event is stored for most actions).
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["project_id"] = projectId
        container["type"] = type
        container["data"] = data
        container["created_at"] = createdAt
    }
}
