import OrchestratorCore
import Foundation
import Storage

/// The spec's `agent_status_update` data.
package struct AgentStatusEvent: Encodable, Sendable {
    package var agentId: String
    package var status: String
    package var currentTask: String?
    /// What decided the state: a hook event or the screen line.
    package var statusReason: String? = nil
    /// While waiting: the question and its options.
    package var prompt: AgentPrompt? = nil
    package var timestamp: Date
    package enum CodingKeys: String, CodingKey {
        case status, timestamp, prompt
        case agentId = "agent_id"
        case currentTask = "current_task"
        case statusReason = "status_reason"
    }
}

/// The spec's `project_status_change` data.
package struct ProjectStatusEvent: Encodable, Sendable {
    package var projectId: String
    package var status: String
    package var progress: Double
    package var estimatedCompletion: Date?
    package enum CodingKeys: String, CodingKey {
        case status, progress
        case projectId = "project_id"
        case estimatedCompletion = "estimated_completion"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(projectId, forKey: .projectId)
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(estimatedCompletion, forKey: .estimatedCompletion)
    }
}

/// `agent_output` data: what an agent's pane printed since the last frame (live only, not stored).
package struct AgentOutputEvent: Encodable, Sendable, JSONWritable {
    package var agentId: String
    package var paneId: String
    package var text: String

    package func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("agent_id", agentId)
        writer.field("pane_id", paneId)
        writer.field("text", text)
        writer.endObject()
    }
    package enum CodingKeys: String, CodingKey {
        case text
        case agentId = "agent_id"
        case paneId = "pane_id"
    }
}

/// The `agent_input` data: keys a person sent to an agent's pane.
package struct AgentInputEvent: Encodable, Sendable {
    package var agentId: String
    package var keys: [String]
    package var by: String
    /// The words of the answer the keys chose, when the agent was asking and the keys are one of its answers.
    package var answer: String?
    package var timestamp: Date
    /// The approval rule that answered, when a rule did.
    package var ruleId: Int64? = nil
    /// A rule's decision (`allow`, `deny`) on a tool use its agent's hook asked about (no keys then).
    package var decision: String? = nil
    /// What the rule was asked about: the command, file or question.
    package var subject: String? = nil
    package enum CodingKeys: String, CodingKey {
        case keys, by, answer, timestamp, decision, subject
        case agentId = "agent_id"
        case ruleId = "rule_id"
    }
}
