import Foundation
import GRDB
import OrchestratorCore

/// A row of the `project` table.
public struct ProjectRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: String
    public var name: String
    public var description: String
    public var projectPath: String
    public var specContent: String
    public var status: ProjectStatus
    public var priority: Priority
    public var size: String
    public var progress: Double
    public var baseBranch: String?
    public var agentCommand: String?
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The SSH host its agents run on (`host.name`); nil for the server's own machine.
    public var host: String?

    /// Creates a project row.
    public init(
        id: String, name: String, description: String, projectPath: String, specContent: String,
        status: ProjectStatus, priority: Priority, size: String = "medium", progress: Double = 0,
        baseBranch: String? = nil, agentCommand: String? = nil, createdBy: String? = nil,
        createdAt: Date = Date(), updatedAt: Date = Date(), host: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.projectPath = projectPath
        self.specContent = specContent
        self.status = status
        self.priority = priority
        self.size = size
        self.progress = progress
        self.baseBranch = baseBranch
        self.agentCommand = agentCommand
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.host = host
    }

    /// The overview's view of this project.
    public var summary: ProjectSummary {
        ProjectSummary(
            id: id, name: name, description: description, status: status, priority: priority,
            progress: progress, updatedAt: updatedAt)
    }

    /// Columns used in queries.
    public enum Columns {
        public static let status = Column("status")
        public static let name = Column("name")
        public static let description = Column("description")
        public static let updatedAt = Column("updated_at")
    }
}
