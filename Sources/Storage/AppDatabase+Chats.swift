import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new chat session, with its first turns if any.
    public func createChatSession(_ session: ChatSessionRecord, turns: [ChatMessageRecord] = []) throws {
        try writer.write { db in
            try session.insert(db)
            for var turn in turns { try turn.insert(db) }
        }
    }

    /// A chat session by id.
    public func chatSession(id: String) throws -> ChatSessionRecord? {
        try reader.read { db in try ChatSessionRecord.fetchOne(db, key: id) }
    }

    /// A session's turns, oldest first.
    public func chatMessages(sessionID: String) throws -> [ChatMessageRecord] {
        try reader.read { db in
            try ChatMessageRecord.fetchAll(db, sql: "SELECT * FROM chat_message WHERE session_id = ? ORDER BY id", arguments: [sessionID])
        }
    }

    /// Adds turns to a session in one transaction (the person's and the reply together).
    public func appendChatMessages(_ turns: [ChatMessageRecord]) throws -> [ChatMessageRecord] {
        try writer.write { db in
            try turns.map { turn in
                var stored = turn
                try stored.insert(db)
                return stored
            }
        }
    }

    /// A person's chat sessions, newest first.
    public func chatSessions(username: String, limit: Int = 50) throws -> [ChatSessionRecord] {
        try reader.read { db in
            try ChatSessionRecord.fetchAll(db, sql: "SELECT * FROM chat_session WHERE username = ? ORDER BY created_at DESC LIMIT ?", arguments: [username, limit])
        }
    }
}

extension AppDatabase {
    /// Sessions with a turn since `date` (`daemon_sessions_active`).
    public func activeChatSessions(since date: Date) throws -> Int {
        try reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT session_id) FROM chat_message WHERE created_at >= ?", arguments: [date]) ?? 0
        }
    }
}
