import OrchestratorCore
import Foundation
import Storage

/// The spec's `agent_status_update` data.
struct AgentStatusEvent: Encodable, Sendable {
    var agentId: String
    var status: String
    var currentTask: String?
    /// What decided the state: a hook event or the screen line.
    var statusReason: String? = nil
    /// While waiting: the question and its options.
    var prompt: AgentPrompt? = nil
    var timestamp: Date
    enum CodingKeys: String, CodingKey {
        case status, timestamp, prompt
        case agentId = "agent_id"
        case currentTask = "current_task"
        case statusReason = "status_reason"
    }
}

/// The spec's `project_status_change` data.
struct ProjectStatusEvent: Encodable, Sendable {
    var projectId: String
    var status: String
    var progress: Double
    var estimatedCompletion: Date?
    enum CodingKeys: String, CodingKey {
        case status, progress
        case projectId = "project_id"
        case estimatedCompletion = "estimated_completion"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(projectId, forKey: .projectId)
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(estimatedCompletion, forKey: .estimatedCompletion)
    }
}

/// `agent_output` data: what an agent's pane printed since the last frame (live only, not stored).
struct AgentOutputEvent: Encodable, Sendable, JSONWritable {
    var agentId: String
    var paneId: String
    var text: String

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("agent_id", agentId)
        writer.field("pane_id", paneId)
        writer.field("text", text)
        writer.endObject()
    }
    enum CodingKeys: String, CodingKey {
        case text
        case agentId = "agent_id"
        case paneId = "pane_id"
    }
}

/// The `agent_input` data: keys a person sent to an agent's pane.
struct AgentInputEvent: Encodable, Sendable {
    var agentId: String
    var keys: [String]
    var by: String
    var timestamp: Date
    enum CodingKeys: String, CodingKey {
        case keys, by, timestamp
        case agentId = "agent_id"
    }
}
