import Foundation
import GRDB
import OrchestratorCore

extension AppDatabase {
    /// Stores a message as `queued` and returns it with its id.
    public func enqueueMessage(_ message: MessageRecord) throws -> MessageRecord {
        try writer.write { db in
            var stored = message
            try stored.insert(db)
            return stored
        }
    }

    /// Checks the message's project and agent and stores it, in one write: the message path's only database step.
    public func enqueueChecked(_ message: MessageRecord) throws -> QueuedMessage {
        try writer.write { db in
            guard let project = try ProjectRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM project WHERE id = ?"), arguments: [message.projectId])
            else { return .noProject }
            guard
                let agent = try AgentRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM agent WHERE project_id = ? AND id = ?"), arguments: [message.projectId, message.targetAgent])
            else { return .noAgent(project) }
            guard project.status != .terminated else { return .projectTerminated(project) }
            let waiting = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM message WHERE project_id = ? AND target_agent = ? AND status = 'queued')"),
                arguments: [message.projectId, message.targetAgent]) ?? true
            var stored = message
            try stored.insert(db)
            return .queued(stored, project: project, agent: agent, isNext: !waiting)
        }
    }

    /// The next message to deliver to an agent (urgent ones first, then in the order sent) with its project and the
    /// agent, in one read (one per delivery).
    public func nextDelivery(projectID: String, agentID: String) throws -> (message: MessageRecord, project: ProjectRecord?, agent: AgentRecord?)? {
        try reader.read { db in
            guard
                let message = try MessageRecord.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT * FROM message WHERE project_id = ? AND target_agent = ? AND status = 'queued'
                            ORDER BY CASE priority WHEN 'urgent' THEN 0 ELSE 1 END, id LIMIT 1
                            """), arguments: [projectID, agentID])
            else { return nil }
            let project = try ProjectRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM project WHERE id = ?"), arguments: [projectID])
            let agent = try AgentRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM agent WHERE project_id = ? AND id = ?"), arguments: [projectID, agentID])
            return (message, project, agent)
        }
    }

    /// (project, agent) pairs that have queued messages, for redelivery after a restart.
    public func agentsWithQueuedMessages() throws -> [(projectID: String, agentID: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT project_id, target_agent FROM message WHERE status = 'queued'")
                .map { ($0["project_id"], $0["target_agent"]) }
        }
    }

    /// (project, agent) pairs with messages held back (e.g. while the agent waits for a person).
    public func agentsWithHeldMessages() throws -> [(projectID: String, agentID: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT project_id, target_agent FROM message WHERE status = 'queued' AND hold_reason IS NOT NULL")
                .map { ($0["project_id"], $0["target_agent"]) }
        }
    }

    /// Records a delivery attempt's outcome.
    /// - Parameter reason: why it failed; for a delivered message, a note on how it went (kept as its `status_detail`).
    @discardableResult
    public func finishDelivery(id: Int64, delivered: Bool, reason: String? = nil, at date: Date = Date()) throws -> MessageRecord? {
        try writer.write { db in
            guard var message = try MessageRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM message WHERE id = ?"), arguments: [id]) else { return nil }
            message.attempts += 1
            message.holdReason = nil
            if delivered {
                message.status = "delivered"
                message.deliveredAt = date
                message.failureReason = nil
                message.holdReason = reason
            } else {
                message.status = "failed"
                message.failureReason = reason
            }
            try message.update(db)
            return message
        }
    }

    /// Notes that a message is about to be pasted (its text may reach the pane from now on).
    public func markDelivering(id: Int64) throws {
        try writer.write { db in
            try db.cachedStatement(sql: "UPDATE message SET status = 'delivering', pasted_at = NULL, hold_reason = NULL WHERE id = ?").execute(arguments: [id])
        }
    }

    /// Notes that tmux pasted the text: only its Enter is missing now.
    public func markPasted(id: Int64, at date: Date = Date()) throws {
        try writer.write { db in try db.cachedStatement(sql: "UPDATE message SET pasted_at = ? WHERE id = ?").execute(arguments: [date, id]) }
    }

    /// Keeps a queued message waiting, with the reason people see; nil clears it.
    public func hold(id: Int64, reason: String?) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE message SET hold_reason = ? WHERE id = ? AND status = 'queued'", arguments: [reason, id])
        }
    }

    /// Messages caught mid-delivery by a stop of the server, oldest first.
    public func interruptedDeliveries() throws -> [MessageRecord] {
        try reader.read { db in
            try MessageRecord.filter(MessageRecord.Columns.status == "delivering").order(MessageRecord.Columns.id).fetchAll(db)
        }
    }

    /// Puts a message whose text never reached the pane back in the queue, in its old place.
    public func requeue(id: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE message SET status = 'queued', pasted_at = NULL WHERE id = ? AND status = 'delivering'", arguments: [id])
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

    /// The newest message to an agent that asked for an answer.
    public func latestQuestion(projectID: String, agentID: String) throws -> MessageRecord? {
        try reader.read { db in
            try MessageRecord.filter(MessageRecord.Columns.projectId == projectID && MessageRecord.Columns.targetAgent == agentID && Column("requires_response") == true)
                .order(MessageRecord.Columns.id.desc).fetchOne(db)
        }
    }

    /// One message.
    public func message(id: Int64) throws -> MessageRecord? {
        try reader.read { db in try MessageRecord.fetchOne(db, key: id) }
    }
}

extension AppDatabase {
    /// Replies (`orchestrator reply`) to any of `ids`, oldest first.
    public func replies(to ids: [Int64]) throws -> [MessageRecord] {
        guard !ids.isEmpty else { return [] }
        return try reader.read { db in
            try MessageRecord.fetchAll(
                db, sql: "SELECT * FROM message WHERE in_reply_to IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                arguments: StatementArguments(ids))
        }
    }
}
