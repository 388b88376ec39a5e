import Foundation
import OrchestratorCore
import Storage

/// The spec's `AgentStatus` plus where the agent works and when it last printed.
public struct AgentStatusResponse: Codable, JSONWritable, Sendable {
    public var agentId: String
    public var role: String
    public var windowId: String?
    public var paneId: String?
    public var status: String
    /// What decided `status`: `hook: PermissionRequest (Bash)`, `screen: prompt: Do you want to proceed?`, …
    public var statusReason: String?
    /// While `waiting`: the question and the answers it offers.
    public var prompt: AgentPrompt?
    /// What the agent said at the end of its last turn (from its hooks).
    public var lastMessage: String?
    public var currentTask: String?
    public var progress: Double?
    public var blockers: String?
    public var lastReport: String?
    public var lastCheckIn: Date?
    public var lastOutputAt: Date?
    public var creditStatus: String
    public var resetTime: String?
    public var worktreePath: String
    public var branch: String
    public var launchCommand: String
    /// Whether the agent's program runs in a sandbox (nil before its first start).
    public var contained: Bool?
    /// The machine it runs on: `local` (the server's own) or an SSH host's name.
    public var host: String

    package init(_ agent: AgentRecord) {
        agentId = agent.id
        role = agent.role
        windowId = agent.windowId
        paneId = agent.paneId
        status = agent.status
        statusReason = agent.statusReason
        prompt = agent.status == "waiting" ? agent.prompt.flatMap(AgentPrompt.init(storedText:)) : nil
        lastMessage = agent.lastMessage
        currentTask = agent.currentTask
        progress = agent.progress
        blockers = agent.blockers
        lastReport = agent.lastReport
        lastCheckIn = agent.lastCheckIn
        lastOutputAt = agent.lastOutputAt
        creditStatus = agent.creditStatus
        resetTime = agent.resetTime
        worktreePath = agent.worktreePath
        branch = agent.branch
        launchCommand = agent.launchCommand
        contained = agent.contained
        host = agent.host ?? "local"
    }

    /// The spec's `AgentStatus` fields first, in its order, then this API's additions; absent values as `null`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("agent_id", agentId)
        writer.field("role", role)
        writer.field("status", status)
        writer.field("window_id", windowId)
        writer.field("pane_id", paneId)
        writer.field("worktree_path", worktreePath)
        writer.field("branch", branch)
        writer.field("launch_command", launchCommand)
        writer.field("current_task", currentTask)
        writer.field("progress", progress)
        writer.field("last_check_in", lastCheckIn)
        writer.field("last_output_at", lastOutputAt)
        writer.field("credit_status", creditStatus)
        writer.field("reset_time", resetTime)
        writer.field("status_reason", statusReason)
        writer.field("contained", contained)
        writer.field("host", host)
        writer.field("prompt", prompt)
        writer.field("last_message", lastMessage)
        writer.field("blockers", blockers)
        writer.field("last_report", lastReport)
        writer.endObject()
    }

    package enum CodingKeys: String, CodingKey {
        case role, status, progress, blockers, branch
        case prompt
        case statusReason = "status_reason"
        case lastMessage = "last_message"
        case agentId = "agent_id"
        case windowId = "window_id"
        case paneId = "pane_id"
        case currentTask = "current_task"
        case lastReport = "last_report"
        case lastCheckIn = "last_check_in"
        case lastOutputAt = "last_output_at"
        case contained, host
        case creditStatus = "credit_status"
        case resetTime = "reset_time"
        case worktreePath = "worktree_path"
        case launchCommand = "launch_command"
    }
}
