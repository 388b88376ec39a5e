import Foundation
import GRDB

/// A single-use token a notification carries: it answers one agent's one question, for one user, once.
public struct NotificationAction: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "notification_action"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// SHA-256 of the token (the token itself is only in the notification).
    public var tokenHash: String
    /// Who may use it.
    public var userId: Int64
    /// The agent's project.
    public var projectId: String
    /// The agent.
    public var agentId: String
    /// The question it answers, as the agent's status showed it.
    public var question: String
    /// JSON: each action's name and the tmux keys it sends.
    public var actions: String
    /// After this it is refused.
    public var expiresAt: Date
    /// When it was used (it is refused after).
    public var usedAt: Date?

    /// A new, unused token's record.
    public init(tokenHash: String, userId: Int64, projectId: String, agentId: String, question: String, actions: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.projectId = projectId
        self.agentId = agentId
        self.question = question
        self.actions = actions
        self.expiresAt = expiresAt
    }
}
