import Foundation
import Orchestration

/// `GET /api/v1/system/metrics` (keys are written in snake case).
struct SystemMetrics: Encodable, Sendable {
    struct Projects: Encodable, Sendable {
        var total: Int
        var active: Int
        var byStatus: [String: Int]
    }

    struct Agents: Encodable, Sendable {
        var total: Int
        var byStatus: [String: Int]
    }

    struct Messages: Encodable, Sendable {
        var byStatus: [String: Int]
        /// Messages created in each of the last 30 minutes, oldest first.
        var perMinute: [Int]
    }

    struct Events: Encodable, Sendable {
        var total: Int
        var lastMinute: Int
        /// Events stored in each of the last 30 minutes, oldest first.
        var perMinute: [Int]
        var byType: [String: Int]
    }

    struct Database: Encodable, Sendable {
        var sizeBytes: Int64
        var walBytes: Int64
    }

    struct Tmux: Encodable, Sendable {
        var socket: String
        var running: Bool
        var pid: Int32?
        var sessions: Int
        var panes: Int
        /// The tmux server process's own resident memory (agents' programs not included).
        var memoryBytes: Int64?
    }

    struct Server: Encodable, Sendable {
        var pid: Int32
        var version: String
        var uptimeSeconds: Int
        var cpuSeconds: Double
        /// Percent of one core, over the last sampling interval.
        var cpuPercent: Double
        var memoryBytes: Int64
    }

    struct History: Encodable, Sendable {
        var intervalSeconds: Int
        var samples: [SystemSampler.Sample]
    }

    var timestamp: Date
    var projects: Projects
    var agents: Agents
    var messages: Messages
    var events: Events
    var websocketConnections: Int
    var database: Database
    var tmux: Tmux
    var server: Server
    var history: History
}
