import Foundation
import GRDB

/// One try at telling a person something: which channel, about what, and what came of it.
public struct NotificationAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "notification_attempt"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The row id.
    public var id: Int64?
    /// Whom it was for.
    public var userId: Int64
    /// `webpush`, a channel kind (`slack`, `email`, …), or `rules` for a notice the user's rules held back.
    public var channel: String
    /// What happened: `agent_waiting`, …
    public var event: String
    /// The project it is about.
    public var projectId: String?
    /// The agent it is about.
    public var agentId: String?
    /// `delivered`, `gone` (the subscription was removed), `failed`, or `skipped` (quiet hours, the page in focus, …).
    public var outcome: String
    /// The service's answer or the error.
    public var detail: String?
    /// From the event to the push service's answer.
    public var latencyMs: Int?
    /// When it was tried.
    public var createdAt: Date

    /// A record of one attempt.
    public init(
        userId: Int64, channel: String, event: String, projectId: String?, agentId: String?, outcome: String, detail: String?,
        latencyMs: Int?, createdAt: Date = Date()
    ) {
        self.userId = userId
        self.channel = channel
        self.event = event
        self.projectId = projectId
        self.agentId = agentId
        self.outcome = outcome
        self.detail = detail
        self.latencyMs = latencyMs
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
