import Foundation
import OrchestratorCore
import Storage
import Orchestration

/// `/projects/{id}/agents/{agent_id}`: one agent's pane, its messages both ways and its reports.
struct AgentPageModel: Sendable {
    struct Project: Sendable {
        var id: String
        var name: String
        var status: String
    }

    struct Agent: Sendable {
        var id: String
        var role: String
        var state: String
        var task: String?
        var branch: String
        var worktreePath: String
        var launchCommand: String
        var paneId: String?
        var progressPercent: Int
        var hasProgress: Bool
        var lastReportHTML: String
        /// While the agent waits for a person: its question and answers.
        var prompt: PromptView?
        /// Whether keys can be sent to it (its program runs).
        var isLive: Bool
        /// What decided its state, e.g. `hook: PermissionRequest (Bash)`.
        var statusReason: String?
    }

    struct Report: Sendable {
        var when: String
        var html: String
    }

    var chrome: PageChrome
    var project: Project
    var agent: Agent
    var screen: String
    var messages: [MessageItem]
    var hasMessages: Bool
    var reports: [Report]
    var hasReports: Bool
    var lastEventId: Int64
    var notice: String?
    var error: String?
    /// Whether the composer is shown: managers, on a project that has not ended.
    var canMessage: Bool
    /// Where the page's key forms come back to.
    var returnTo: String

    init(
        chrome: PageChrome, project: ProjectRecord, agent: AgentRecord, screen: String, messages: [MessageRecord], reports: [EventRecord],
        lastEventID: Int64, flash: PageFlash? = nil
    ) {
        self.chrome = chrome
        notice = flash?.kind == .notice ? flash?.text : nil
        error = flash?.kind == .error ? flash?.text : nil
        canMessage = chrome.canManage && ![.terminated, .completed].contains(project.status)
        returnTo = "/projects/\(project.id)/agents/\(agent.id)"
        self.project = Project(id: project.id, name: project.name, status: project.status.rawValue)
        self.agent = Agent(
            id: agent.id, role: agent.role, state: agent.status, task: agent.currentTask, branch: agent.branch, worktreePath: agent.worktreePath,
            launchCommand: agent.launchCommand, paneId: agent.paneId, progressPercent: Int(((agent.progress ?? 0) * 100).rounded()),
            hasProgress: agent.progress != nil, lastReportHTML: Markdown.html(agent.lastReport ?? ""),
            prompt: PromptView(agent: agent, screen: screen), isLive: agent.paneId != nil && agent.status != "failed" && agent.status != "stopped",
            statusReason: agent.statusReason)
        self.screen = screen
        self.messages = messages.map { [answered = Set(messages.compactMap(\.inReplyTo))] in MessageItem($0, agent: agent.id, answeredIDs: answered) }
        hasMessages = !messages.isEmpty
        self.reports = reports.map { Report(when: DisplayTime.text($0.createdAt), html: Markdown.html(Self.reportText($0.data))) }
        hasReports = !reports.isEmpty
        lastEventId = lastEventID
    }

    /// A report event's data (the agent's status after it reported) as Markdown.
    static func reportText(_ data: String) -> String {
        let fields = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        var parts: [String] = []
        if let task = fields["current_task"] as? String { parts.append("**Task:** " + task) }
        if let progress = fields["progress"] as? Double { parts.append("**Progress:** \(Int((progress * 100).rounded()))%") }
        if let report = fields["last_report"] as? String { parts.append(report) }
        if let blockers = fields["blockers"] as? String, !blockers.isEmpty { parts.append("**Blockers:** " + blockers) }
        return parts.joined(separator: "\n\n")
    }
}
