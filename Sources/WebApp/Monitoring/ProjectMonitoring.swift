import Foundation
import Orchestration

/// `GET /api/v1/projects/{id}/status` (keys are written in snake case).
struct ProjectStatusReport: Encodable, Sendable {
    struct Agent: Encodable, Sendable {
        var agentId: String
        var role: String
        var status: String
        var currentTask: String?
        var progress: Double?
        var blockers: String?
        var lastOutputAt: Date?
    }

    var projectId: String
    var name: String
    var status: String
    var progress: Double
    var agents: [Agent]
    var agentsByStatus: [String: Int]
    var messages: [String: Int]
    var lastActivity: Date?
}

/// `GET /api/v1/projects/{id}/metrics` (keys are written in snake case).
struct ProjectMetricsReport: Encodable, Sendable {
    struct Messages: Encodable, Sendable {
        var sent: Int
        var queued: Int
        var delivered: Int
        var failed: Int
    }

    struct Agent: Encodable, Sendable {
        var agentId: String
        var status: String
        var messages: Messages
        /// Commits on the agent's branch that its base does not have.
        var commits: Int?
        /// Bytes the pane printed since this server started watching it.
        var outputBytes: Int
        /// Seconds since the agent's program started (nil when it is not running).
        var uptimeSeconds: Int?
        /// CPU time of the program and everything it started.
        var cpuSeconds: Double?
        /// That CPU time over the program's lifetime, in percent of one core.
        var cpuPercentAverage: Double?
        /// Resident memory of the program and everything it started.
        var memoryBytes: Int64?
        var processes: Int?
    }

    var projectId: String
    var timestamp: Date
    var messages: Messages
    var commits: Int
    var outputBytes: Int
    var events: [String: Int]
    var agents: [Agent]
}
