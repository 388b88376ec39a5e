import Foundation
import OrchestratorCore
import Storage

/// The spec's `ProjectStatus`: the project, its agents and its repository's state.
public struct ProjectResponse: Codable, JSONWritable, Sendable {
    public var id: String
    public var name: String
    public var description: String
    public var status: String
    public var progress: Double
    public var priority: String
    public var size: String
    public var projectPath: String
    public var specContent: String
    public var teamComposition: [String]
    public var agentCommand: String?
    public var baseBranch: String?
    /// The machine its agents run on: `local` or an SSH host's name.
    public var host: String
    public var agents: [AgentStatusResponse]
    public var gitInfo: GitInfo?
    public var createdAt: Date
    public var updatedAt: Date

    /// The spec's `GitStatus` of the project's base branch.
    public struct GitInfo: Codable, Sendable, Equatable, JSONWritable {
        public var branch: String
        public var commitHash: String
        public var uncommittedChanges: Bool
        public var conflicts: [String]
        public var worktreePath: String

        package init(_ facts: ProjectGitFacts) {
            branch = facts.branch
            commitHash = facts.commitHash
            uncommittedChanges = facts.uncommittedChanges
            conflicts = []
            worktreePath = facts.path
        }

        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("branch", branch)
            writer.field("commit_hash", commitHash)
            writer.field("uncommitted_changes", uncommittedChanges)
            writer.field("conflicts", conflicts)
            writer.field("worktree_path", worktreePath)
            writer.endObject()
        }

        package enum CodingKeys: String, CodingKey {
            case branch, conflicts
            case commitHash = "commit_hash"
            case uncommittedChanges = "uncommitted_changes"
            case worktreePath = "worktree_path"
        }
    }

    package init(_ project: ProjectRecord, agents: [AgentRecord], gitInfo: GitInfo?) {
        id = project.id
        name = project.name
        description = project.description
        status = project.status.rawValue
        self.progress = ProjectResponse.progress(of: agents)
        priority = project.priority.rawValue
        size = project.size
        projectPath = project.projectPath
        specContent = project.specContent
        teamComposition = agents.map(\.role)
        agentCommand = project.agentCommand
        baseBranch = project.baseBranch
        host = project.host ?? "local"
        self.agents = agents.map(AgentStatusResponse.init)
        self.gitInfo = gitInfo
        createdAt = project.createdAt
        updatedAt = project.updatedAt
    }

    /// Project progress: the mean of what its agents reported (0 before any report).
    package static func progress(of agents: [AgentRecord]) -> Double {
        let reported = agents.compactMap(\.progress)
        return reported.isEmpty ? 0 : reported.reduce(0, +) / Double(reported.count)
    }

    /// The spec's field order; absent values as `null`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("name", name)
        writer.field("description", description)
        writer.field("status", status)
        writer.field("progress", progress)
        writer.field("priority", priority)
        writer.field("size", size)
        writer.field("project_path", projectPath)
        writer.field("spec_content", specContent)
        writer.field("team_composition", teamComposition)
        writer.field("agent_command", agentCommand)
        writer.field("base_branch", baseBranch)
        writer.field("host", host)
        writer.field("agents", agents)
        writer.field("git_info", gitInfo)
        writer.field("created_at", createdAt)
        writer.field("updated_at", updatedAt)
        writer.endObject()
    }

    package enum CodingKeys: String, CodingKey {
        case id, name, description, status, progress, priority, size, agents, host
        case projectPath = "project_path"
        case specContent = "spec_content"
        case teamComposition = "team_composition"
        case agentCommand = "agent_command"
        case baseBranch = "base_branch"
        case gitInfo = "git_info"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
