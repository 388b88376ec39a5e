import Foundation

/// How much of one project's team is working.
public struct TeamEfficiency: Sendable, Codable, Equatable {
    /// The project's id.
    public var projectId: String
    /// All of the project's agents, stopped ones included.
    public var agents: Int
    /// Agents that are active.
    public var working: Int
    /// Agents waiting for an answer.
    public var waiting: Int
    /// Agents that are idle.
    public var idle: Int
    /// Active agents over agents that are not stopped, 0…1, rounded to two decimals; 0 when all are stopped.
    public var efficiency: Double

    /// Creates a project's figures.
    public init(projectId: String, agents: Int, working: Int, waiting: Int, idle: Int, efficiency: Double) {
        self.projectId = projectId
        self.agents = agents
        self.working = working
        self.waiting = waiting
        self.idle = idle
        self.efficiency = efficiency
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case agents, working, waiting, idle, efficiency
        case projectId = "project_id"
    }
}
