import Foundation

/// What is known about one project and its agents.
public struct ProjectFacts: Sendable, Codable, Equatable {
    /// The project's id (its slug).
    public var id: String
    /// The project's display name.
    public var name: String
    /// Lifecycle state, such as `running`, `paused` or `terminated`.
    public var status: String
    /// When the project was created.
    public var createdAt: Date
    /// The project's agents.
    public var agents: [AgentFacts]
    /// Commits made on the project's branches during the last day.
    public var commitsLastDay: Int
    /// Short texts describing the project's latest events, newest last.
    public var recentEvents: [String]
    /// What its agents spent, when counted.
    public var spending: SpendingFacts?

    /// Creates the facts for one project.
    public init(
        id: String,
        name: String,
        status: String,
        createdAt: Date,
        agents: [AgentFacts] = [],
        commitsLastDay: Int = 0,
        recentEvents: [String] = [],
        spending: SpendingFacts? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.agents = agents
        self.commitsLastDay = commitsLastDay
        self.recentEvents = recentEvents
        self.spending = spending
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case id, name, status, agents, spending
        case createdAt = "created_at"
        case commitsLastDay = "commits_last_day"
        case recentEvents = "recent_events"
    }
}
