import Foundation

/// What is known about one agent: its database record plus what its tmux pane showed.
public struct AgentFacts: Sendable, Codable, Equatable {
    /// The agent's id within its project, such as `developer` or `developer-2`.
    public var id: String
    /// The agent's role, such as `developer` or `tester`.
    public var role: String
    /// One of `starting`, `active`, `idle`, `waiting`, `exhausted`, `failed`, `stopped`.
    public var status: String
    /// Why the agent has its status, when the classifier said.
    public var statusReason: String?
    /// The question the agent waits on, when it is waiting.
    public var prompt: String?
    /// When an exhausted agent's limit resets, as the agent printed it.
    public var resetTime: String?
    /// The task the agent is working on, when known.
    public var currentTask: String?
    /// Progress from the agent's last report, 0…1.
    public var progress: Double?
    /// The text of the agent's last report.
    public var lastReport: String?
    /// Blockers from the agent's last report.
    public var blockers: [String]
    /// When the agent's pane last printed something.
    public var lastOutputAt: Date?
    /// When the agent entered its current status.
    public var statusSince: Date?

    /// Creates the facts for one agent; only `id`, `role` and `status` are required.
    public init(
        id: String,
        role: String,
        status: String,
        statusReason: String? = nil,
        prompt: String? = nil,
        resetTime: String? = nil,
        currentTask: String? = nil,
        progress: Double? = nil,
        lastReport: String? = nil,
        blockers: [String] = [],
        lastOutputAt: Date? = nil,
        statusSince: Date? = nil
    ) {
        self.id = id
        self.role = role
        self.status = status
        self.statusReason = statusReason
        self.prompt = prompt
        self.resetTime = resetTime
        self.currentTask = currentTask
        self.progress = progress
        self.lastReport = lastReport
        self.blockers = blockers
        self.lastOutputAt = lastOutputAt
        self.statusSince = statusSince
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case id, role, status, prompt, progress, blockers
        case statusReason = "status_reason"
        case resetTime = "reset_time"
        case currentTask = "current_task"
        case lastReport = "last_report"
        case lastOutputAt = "last_output_at"
        case statusSince = "status_since"
    }
}
