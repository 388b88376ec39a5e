import Foundation
import GRDB

extension AppDatabase {
    /// Most hosts a server keeps.
    public static let maximumHosts = 200

    /// Every host, by name.
    public func hosts() throws -> [HostRecord] {
        try reader.read { db in try HostRecord.order(Column("name")).fetchAll(db) }
    }

    /// One host.
    public func host(named name: String) throws -> HostRecord? {
        try reader.read { db in try HostRecord.fetchOne(db, key: name) }
    }

    /// Adds a host; false when one has that name or the most allowed exist.
    public func insertHost(_ host: HostRecord) throws -> Bool {
        try writer.write { db in
            guard try HostRecord.fetchOne(db, key: host.name) == nil, try HostRecord.fetchCount(db) < Self.maximumHosts else { return false }
            try host.insert(db)
            return true
        }
    }

    /// Saves a changed host.
    public func updateHost(_ host: HostRecord) throws {
        try writer.write { db in try host.update(db) }
    }

    /// Removes a host; false when there was none.
    @discardableResult
    public func deleteHost(named name: String) throws -> Bool {
        try writer.write { db in try HostRecord.deleteOne(db, key: name) }
    }
}
