import Foundation

/// One agent's reply to a team-wide question, or its last report when it did not answer.
public struct AgentReply: Sendable, Codable, Equatable {
    /// The agent's id or role.
    public var agent: String
    /// What the agent said.
    public var message: String
    /// The agent's progress, 0…1, when it gave one.
    public var progress: Double?
    /// What blocks the agent.
    public var blockers: [String]
    /// What the agent depends on.
    public var dependencies: [String]
    /// `true` for a fresh answer; `false` when taken from the agent's last report or screen.
    public var answered: Bool

    /// Creates a reply.
    public init(agent: String, message: String, progress: Double? = nil, blockers: [String] = [], dependencies: [String] = [], answered: Bool = true) {
        self.agent = agent
        self.message = message
        self.progress = progress
        self.blockers = blockers
        self.dependencies = dependencies
        self.answered = answered
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case agent, message, progress, blockers, dependencies, answered
    }
}
