import Foundation
import GRDB

extension AppDatabase {
    /// Stores a message as `queued` and returns it with its id.
    public func enqueueMessage(_ message: MessageRecord) throws -> MessageRecord {
        try writer.write { db in
            var stored = message
            try stored.insert(db)
            return stored
        }
    }

    /// The next message to deliver to an agent: urgent ones first, then in the order they were sent.
    public func nextQueuedMessage(projectID: String, agentID: String) throws -> MessageRecord? {
        try reader.read { db in
            try MessageRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM message WHERE project_id = ? AND target_agent = ? AND status = 'queued'
                    ORDER BY CASE priority WHEN 'urgent' THEN 0 ELSE 1 END, id LIMIT 1
                    """, arguments: [projectID, agentID])
        }
    }

    /// (project, agent) pairs that have queued messages, for redelivery after a restart.
    public func agentsWithQueuedMessages() throws -> [(projectID: String, agentID: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT project_id, target_agent FROM message WHERE status = 'queued'")
                .map { ($0["project_id"], $0["target_agent"]) }
        }
    }

    /// Records a delivery attempt's outcome.
    @discardableResult
    public func finishDelivery(id: Int64, delivered: Bool, reason: String? = nil, at date: Date = Date()) throws -> MessageRecord? {
        try writer.write { db in
            guard var message = try MessageRecord.fetchOne(db, key: id) else { return nil }
            message.attempts += 1
            if delivered {
                message.status = "delivered"
                message.deliveredAt = date
                message.failureReason = nil
            } else {
                message.status = "failed"
                message.failureReason = reason
            }
            try message.update(db)
            return message
        }
    }

    /// Notes that a message is being pasted right now.
    public func markDelivering(id: Int64) throws {
        try writer.write { db in try db.execute(sql: "UPDATE message SET status = 'delivering' WHERE id = ?", arguments: [id]) }
    }

    /// After a crash: messages caught mid-paste are not pasted again (they may have arrived); they are marked
    /// failed with that reason so a person can check and resend.
    public func failInterruptedDeliveries() throws -> Int {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE message SET status = 'failed', failure_reason = 'the server stopped while delivering it; it may have arrived' WHERE status = 'delivering'")
            return db.changesCount
        }
    }

    /// Counts a failed attempt that will be retried.
    public func recordAttempt(id: Int64, reason: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE message SET attempts = attempts + 1, failure_reason = ? WHERE id = ?", arguments: [reason, id])
        }
    }

    /// Fails every queued message of an agent (e.g. the agent was removed).
    public func failQueuedMessages(projectID: String, agentID: String, reason: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE message SET status = 'failed', failure_reason = ? WHERE project_id = ? AND target_agent = ? AND status = 'queued'",
                arguments: [reason, projectID, agentID])
        }
    }

    /// Message history, newest first.
    public func messages(projectID: String, agent: String? = nil, status: String? = nil, before: Int64? = nil, limit: Int = 50) throws -> [MessageRecord] {
        try reader.read { db in
            var request = MessageRecord.filter(MessageRecord.Columns.projectId == projectID)
            if let agent { request = request.filter(MessageRecord.Columns.targetAgent == agent || (Column("sender_kind") == "agent" && Column("sender") == agent)) }
            if let status { request = request.filter(MessageRecord.Columns.status == status) }
            if let before { request = request.filter(MessageRecord.Columns.id < before) }
            return try request.order(MessageRecord.Columns.id.desc).limit(limit).fetchAll(db)
        }
    }

    /// One message.
    public func message(id: Int64) throws -> MessageRecord? {
        try reader.read { db in try MessageRecord.fetchOne(db, key: id) }
    }
}
