import OrchestratorCore
import Storage

/// A `system_alert` event: something a person should look at.
package struct SystemAlert: Encodable, Sendable {
    /// `warning` or `error`.
    package var level: String
    package var message: String
    package var projectId: String?
    package var agentId: String?

    package enum CodingKeys: String, CodingKey {
        case level, message
        case projectId = "project_id"
        case agentId = "agent_id"
    }

    /// The alert for an agent that has just entered `state`, if that state needs a person.
    package static func forAgent(_ agent: AgentRecord, enteringState state: AgentState, resetTime: String?) -> SystemAlert? {
        switch state {
        case .failed:
            return SystemAlert(
                level: "error", message: "Agent \(agent.id) in project \(agent.projectId) has stopped working (its program exited or failed).",
                projectId: agent.projectId, agentId: agent.id)
        case .exhausted:
            let until = resetTime.map { " until \($0)" } ?? ""
            return SystemAlert(
                level: "warning", message: "Agent \(agent.id) in project \(agent.projectId) is out of credits\(until).",
                projectId: agent.projectId, agentId: agent.id)
        default:
            return nil
        }
    }
}
