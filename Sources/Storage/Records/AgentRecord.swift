import Foundation
import GRDB

/// A row of the `agent` table: one agent of a project, its worktree, its tmux pane and what it last reported.
public struct AgentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "agent"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var projectId: String
    public var id: String
    public var role: String
    public var status: String
    public var windowId: String?
    public var paneId: String?
    public var worktreePath: String
    public var branch: String
    public var launchCommand: String
    public var profile: String
    public var currentTask: String?
    public var progress: Double?
    public var blockers: String?
    public var lastReport: String?
    public var lastCheckIn: Date?
    public var lastOutputAt: Date?
    public var creditStatus: String
    public var resetTime: String?
    public var apiKeyId: Int64?
    public var briefedAt: Date?
    /// What decided `status`: the hook event, or the screen line the classifier quoted.
    public var statusReason: String?
    /// While `waiting`: the question and its options as JSON (an ``AgentPrompt``).
    public var prompt: String?
    /// The state the agent's own hooks last reported, and when: it wins over the screen while fresh.
    public var hookState: String?
    public var hookAt: Date?
    /// The agent's last answer at the end of a turn (from its Stop hook).
    public var lastMessage: String?
    /// Whether its program was started in a sandbox (nil before its first start).
    public var contained: Bool?
    /// The SSH host it runs on (`host.name`); nil for the server's own machine.
    public var host: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates an agent row in the `starting` state.
    public init(
        projectId: String, id: String, role: String, worktreePath: String, branch: String, launchCommand: String, profile: String,
        status: String = "starting", now: Date = Date()
    ) {
        self.projectId = projectId
        self.id = id
        self.role = role
        self.status = status
        self.worktreePath = worktreePath
        self.branch = branch
        self.launchCommand = launchCommand
        self.profile = profile
        self.creditStatus = "ok"
        self.createdAt = now
        self.updatedAt = now
    }

    /// Columns used in queries.
    public enum Columns {
        public static let projectId = Column("project_id")
        public static let id = Column("id")
        public static let status = Column("status")
    }
}
