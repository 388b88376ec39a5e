import Foundation
import GRDB

/// A row of the `message` table: stored before delivery, its state updated after.
public struct MessageRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "message"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var projectId: String
    public var targetAgent: String
    /// `message`, `briefing` or `checkin`.
    public var kind: String
    /// `user`, `api_key`, `agent` or `system`.
    public var senderKind: String
    public var sender: String
    public var content: String
    public var priority: String
    public var requiresResponse: Bool
    /// `queued`, `delivering`, `delivered` or `failed`.
    public var status: String
    public var failureReason: String?
    public var attempts: Int
    public var createdAt: Date
    public var deliveredAt: Date?
    public var checkinId: Int64?
    /// When the text was pasted into the pane (its Enter may still be missing after a crash).
    public var pastedAt: Date?
    /// The message this one answers (`orchestrator reply`).
    public var inReplyTo: Int64?
    /// Why a queued message waits, e.g. "held: the agent is waiting for an answer".
    public var holdReason: String?

    /// A new queued message.
    public init(
        projectId: String, targetAgent: String, kind: String = "message", senderKind: String, sender: String, content: String,
        priority: String = "normal", requiresResponse: Bool = false, checkinId: Int64? = nil, inReplyTo: Int64? = nil, now: Date = Date()
    ) {
        self.inReplyTo = inReplyTo
        self.projectId = projectId
        self.targetAgent = targetAgent
        self.kind = kind
        self.senderKind = senderKind
        self.sender = sender
        self.content = content
        self.priority = priority
        self.requiresResponse = requiresResponse
        self.status = "queued"
        self.attempts = 0
        self.createdAt = now
        self.checkinId = checkinId
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Columns used in queries.
    public enum Columns {
        public static let id = Column("id")
        public static let projectId = Column("project_id")
        public static let targetAgent = Column("target_agent")
        public static let status = Column("status")
        public static let priority = Column("priority")
    }
}
