import Foundation
import Hummingbird
import OrchestratorCore
import Storage

/// The spec's `AgentStatus` plus where the agent works and when it last printed.
public struct AgentStatusResponse: ResponseCodable, Sendable {
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

    init(_ agent: AgentRecord) {
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
    }

    enum CodingKeys: String, CodingKey {
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
        case creditStatus = "credit_status"
        case resetTime = "reset_time"
        case worktreePath = "worktree_path"
        case launchCommand = "launch_command"
    }
}
