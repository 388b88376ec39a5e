import Foundation
import GRDB

/// A row of the `chat_message` table: one turn of a chat session.
public struct ChatMessageRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "chat_message"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var sessionId: String
    /// `user` or `assistant`.
    public var role: String
    public var content: String
    /// Who answered (`heuristic`, `openai`, `anthropic`), for the assistant's turns.
    public var provider: String?
    /// The heuristic answered because the configured model failed.
    public var degraded: Bool
    public var createdAt: Date

    /// A new turn.
    public init(sessionId: String, role: String, content: String, provider: String? = nil, degraded: Bool = false, now: Date = Date()) {
        self.sessionId = sessionId
        self.role = role
        self.content = content
        self.provider = provider
        self.degraded = degraded
        self.createdAt = now
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
