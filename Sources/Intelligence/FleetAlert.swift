import Foundation

/// Something in the fleet that needs attention.
public struct FleetAlert: Sendable, Codable, Equatable {
    /// `info`, `warning` or `critical`.
    public var severity: String
    /// `waiting`, `exhausted`, `failed`, `stuck`, `resources` or `messages`.
    public var kind: String
    /// The project concerned, when the alert is about one.
    public var projectId: String?
    /// The agent concerned, when the alert is about one.
    public var agentId: String?
    /// A sentence naming the agent and project, such as `developer in shop is waiting for an answer`.
    public var message: String

    /// Creates an alert.
    public init(severity: String, kind: String, projectId: String? = nil, agentId: String? = nil, message: String) {
        self.severity = severity
        self.kind = kind
        self.projectId = projectId
        self.agentId = agentId
        self.message = message
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case severity, kind, message
        case projectId = "project_id"
        case agentId = "agent_id"
    }
}
