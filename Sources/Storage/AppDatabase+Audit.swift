import Foundation
import GRDB

extension AppDatabase {
    /// Appends an entry to the audit log.
    public func recordAudit(actor: String, action: String, target: String?, details: String? = nil, at date: Date = Date()) throws {
        try writer.write { db in
            var entry = AuditLogRecord(at: date, actor: actor, action: action, target: target, details: details)
            try entry.insert(db)
        }
    }

    /// The newest audit entries first.
    public func recentAudit(limit: Int = 50) throws -> [AuditLogRecord] {
        try reader.read { db in try AuditLogRecord.order(Column("id").desc).limit(limit).fetchAll(db) }
    }
}
