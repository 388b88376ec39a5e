import Foundation
import GRDB

/// A review a person sent an agent: line comments on its diff, delivered as one message.
public struct ReviewRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The row id.
    public var id: Int64?
    public var projectId: String
    /// The agent whose diff it is about (and who receives it).
    public var agentId: String
    /// Who sent it.
    public var author: String
    /// The overall remark, if any.
    public var summary: String?
    /// The comments as JSON: `[{path, line, side, body, code}]`.
    public var comments: String
    /// The message it was delivered as (its Markdown text is the message's content).
    public var messageId: Int64?
    /// The agent's branch head when it was sent: a newer commit means the agent acted on it.
    public var headAtSend: String?
    public var createdAt: Date

    /// A new review.
    public init(projectId: String, agentId: String, author: String, summary: String?, comments: String, headAtSend: String?, createdAt: Date = Date()) {
        self.projectId = projectId
        self.agentId = agentId
        self.author = author
        self.summary = summary
        self.comments = comments
        self.headAtSend = headAtSend
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
