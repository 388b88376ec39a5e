import Foundation
import Storage

extension AppDatabase {
    /// Stores an event whose `data` is `payload` as JSON (snake_case keys as the payload's coding keys say).
    /// Events are best effort: a failure to record one never fails the action it describes.
    func log<Payload: Encodable>(_ type: String, projectID: String?, _ payload: Payload) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(payload) else { return }
        _ = try? recordEvent(EventRecord(projectId: projectID, type: type, data: String(decoding: data, as: UTF8.self)))
    }
}

/// The spec's `agent_status_update` data.
struct AgentStatusEvent: Encodable {
    var agentId: String
    var status: String
    var currentTask: String?
    var timestamp: Date
    enum CodingKeys: String, CodingKey {
        case status, timestamp
        case agentId = "agent_id"
        case currentTask = "current_task"
    }
}

/// The spec's `project_status_change` data.
struct ProjectStatusEvent: Encodable {
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
