import Foundation

/// An agent of a running project that waits for a person, with its project's name and how long it has waited.
public struct WaitingAgent: Sendable {
    /// The agent's row; `prompt` holds its question.
    public var agent: AgentRecord
    /// The project's display name.
    public var projectName: String
    /// When the agent began to wait.
    public var since: Date
}
