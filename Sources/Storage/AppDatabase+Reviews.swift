import Foundation
import GRDB

extension AppDatabase {
    /// Stores a review (before its message is sent).
    public func saveReview(_ review: ReviewRecord) throws -> ReviewRecord {
        try writer.write { db in
            var stored = review
            try stored.insert(db)
            return stored
        }
    }

    /// Notes the message a review went out as.
    public func noteReviewMessage(id: Int64, messageID: Int64) throws {
        try writer.write { db in try db.execute(sql: "UPDATE review SET message_id = ? WHERE id = ?", arguments: [messageID, id]) }
    }

    /// A project's reviews, newest first, optionally one agent's, at most `limit`.
    public func reviews(projectID: String, agentID: String? = nil, limit: Int = 50) throws -> [ReviewRecord] {
        try reader.read { db in
            var request = ReviewRecord.filter(Column("project_id") == projectID)
            if let agentID { request = request.filter(Column("agent_id") == agentID) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// One review of a project.
    public func review(projectID: String, id: Int64) throws -> ReviewRecord? {
        try reader.read { db in try ReviewRecord.filter(Column("project_id") == projectID && Column("id") == id).fetchOne(db) }
    }

    /// Of these messages, the ones an agent replied to.
    public func answeredMessageIDs(_ ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try reader.read { db in
            Set(try Int64.fetchAll(db, MessageRecord.select(Column("in_reply_to")).filter(ids.contains(Column("in_reply_to")))))
        }
    }
}
