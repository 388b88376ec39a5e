/// How long one agent has waited for a person: 0 when it does not wait.
public struct AgentWaitTime: Sendable, Equatable {
    /// The agent's project.
    public var projectID: String
    /// The agent.
    public var agentID: String
    /// Seconds since it started waiting, or 0.
    public var seconds: Double
}
