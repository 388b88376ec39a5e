import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new check-in.
    public func createCheckin(_ checkin: CheckinRecord) throws -> CheckinRecord {
        try writer.write { db in
            var stored = checkin
            try stored.insert(db)
            return stored
        }
    }

    /// A project's active check-ins, soonest first.
    public func checkins(projectID: String) throws -> [CheckinRecord] {
        try reader.read { db in
            try CheckinRecord.filter(CheckinRecord.Columns.projectId == projectID).filter(CheckinRecord.Columns.active == true)
                .order(CheckinRecord.Columns.dueAt).fetchAll(db)
        }
    }

    /// Cancels a check-in; false when the project has no active check-in with this id.
    public func cancelCheckin(projectID: String, id: Int64) throws -> Bool {
        try writer.write { db in
            try CheckinRecord.filter(key: id).filter(CheckinRecord.Columns.projectId == projectID).filter(CheckinRecord.Columns.active == true)
                .updateAll(db, CheckinRecord.Columns.active.set(to: false)) > 0
        }
    }

    /// Active check-ins due at `now` (including those that fell due while the server was down).
    public func dueCheckins(at now: Date = Date()) throws -> [CheckinRecord] {
        try reader.read { db in
            try CheckinRecord.filter(CheckinRecord.Columns.active == true).filter(CheckinRecord.Columns.dueAt <= now)
                .order(CheckinRecord.Columns.dueAt).fetchAll(db)
        }
    }

    /// The earliest due time of any active check-in.
    public func nextCheckinDue() throws -> Date? {
        try reader.read { db in try Date.fetchOne(db, sql: "SELECT MIN(due_at) FROM scheduled_checkin WHERE active = 1") }
    }

    /// Fires a check-in: queues its message and reschedules or retires it, in one transaction.
    /// - Returns: the queued message, or nil when the check-in was cancelled meanwhile.
    public func fireCheckin(_ checkin: CheckinRecord, message: MessageRecord, at now: Date = Date()) throws -> MessageRecord? {
        try writer.write { db in
            guard let id = checkin.id, var updated = try CheckinRecord.fetchOne(db, key: id), updated.active else { return nil }
            var stored = message
            try stored.insert(db)
            updated.lastFiredAt = now
            if let minutes = updated.repeatMinutes, minutes > 0 {
                // Skip occurrences missed while down: the next one is in the future.
                let period = TimeInterval(minutes) * 60
                let missed = max(0, (now.timeIntervalSince(updated.dueAt) / period).rounded(.down)) + 1
                updated.dueAt = updated.dueAt.addingTimeInterval(missed * period)
            } else {
                updated.active = false
            }
            try updated.update(db)
            return stored
        }
    }

    /// Retires a project's check-ins (all, or one agent's).
    public func cancelCheckins(projectID: String, agentID: String? = nil) throws {
        try writer.write { db in
            var request = CheckinRecord.filter(CheckinRecord.Columns.projectId == projectID)
            if let agentID { request = request.filter(Column("target_agent") == agentID) }
            try request.updateAll(db, CheckinRecord.Columns.active.set(to: false))
        }
    }
}
