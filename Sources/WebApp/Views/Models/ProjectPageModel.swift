import Foundation
import GitKit
import OrchestratorCore
import Storage
import Orchestration

/// `/projects/{id}`: agents, messages, git, check-ins and events of one project.
struct ProjectPageModel: Sendable {
    struct Project: Sendable {
        var id: String
        var name: String
        var description: String
        var status: String
        var priority: String
        var progressPercent: Int
        var projectPath: String
        var created: String
        var updated: String
        var specHTML: String
        var lastEventId: Int64
        var isRunning: Bool
        var isPaused: Bool
        var isEnded: Bool
    }

    struct AgentTile: Sendable {
        var id: String
        var role: String
        var state: String
        var task: String?
        var progressPercent: Int
        var hasProgress: Bool
        var branch: String
        var lastLines: String
        var lastOutput: String?
        /// While the agent waits for a person: its question and answers.
        var prompt: PromptView?
        /// Whether keys can be sent to it (its program runs).
        var isLive: Bool
        /// "contained" or "not contained" once it has been started (see the README's Containment).
        var containment: String?
        var isContained: Bool
        /// The SSH host it runs on (nil: this machine).
        var host: String? = nil
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct GitAgent: Sendable {
        var agentId: String
        var branch: String
        var ahead: Int
        var behind: Int
        var changedFiles: Int
        var hasChanges: Bool
        /// "2 new files not committed", "1 changed file, 1 new file not committed", or "worktree clean".
        var changesText: String
        var canMerge: Bool

        /// Words for a worktree's uncommitted work: changed tracked files and new (untracked) files.
        static func changesText(changed: Int, new: Int) -> String {
            func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
            switch (changed, new) {
            case (0, 0): return "worktree clean"
            case (_, 0): return count(changed, "changed file") + " not committed"
            case (0, _): return count(new, "new file") + " not committed"
            default: return count(changed, "changed file") + ", " + count(new, "new file") + " not committed"
            }
        }
    }

    struct Commit: Sendable {
        var shortSha: String
        var subject: String
        var author: String
        var when: String
    }

    struct DiffLine: Sendable {
        var text: String
        var kind: String
        /// Where a review comment on this line points, for lines inside a hunk.
        var target: CommentTarget?
    }

    /// A diff line as a review comment names it: the file, the line's number on its side, and the side (`new` for
    /// context and added lines, `old` for removed ones).
    struct CommentTarget: Sendable {
        var path: String
        var line: Int
        var side: String
    }

    struct FilePath: Sendable { var path: String }

    struct Git: Sendable {
        var baseBranch: String
        var agents: [GitAgent]
        var log: [Commit]
        var diffAgent: String?
        var diffLines: [DiffLine]
        var hasDiff: Bool
        var conflictFiles: [FilePath]
        var hasConflict: Bool
        var mergeStrategies: [Option]
    }

    struct Checkin: Sendable {
        var id: Int64
        var agentId: String
        var due: String
        var repeatLabel: String?
        var note: String
    }

    struct EventItem: Sendable {
        var id: Int64
        var type: String
        var when: String
        var summary: String
    }

    var chrome: PageChrome
    var notice: String?
    var error: String?
    var project: Project
    var canPause: Bool
    var canResume: Bool
    var canTerminate: Bool
    /// An ended project's record can be deleted for good.
    var canDelete: Bool
    var agents: [AgentTile]
    var hasAgents: Bool
    var agentOptions: [Option]
    var priorityOptions: [Option]
    var messages: [MessageItem]
    var hasMessages: Bool
    var git: Git
    var checkins: [Checkin]
    var hasCheckins: Bool
    var events: [EventItem]
    var hasEvents: Bool
    /// The Ask-AI box, about this project.
    var ask: AskBoxModel

    init(
        chrome: PageChrome, flash: PageFlash?, project record: ProjectRecord, lastEventID: Int64, agents: [AgentRecord], screens: [String: String],
        messages: [MessageRecord], git: Git, checkins: [CheckinRecord], events: [EventRecord]
    ) {
        self.chrome = chrome
        ask = AskBoxModel(csrfToken: chrome.csrfToken, projectId: record.id)
        notice = flash?.kind == .notice ? flash?.text : nil
        error = flash?.kind == .error ? flash?.text : nil
        let status = record.status
        project = Project(
            id: record.id, name: record.name, description: record.description, status: status.rawValue, priority: record.priority.rawValue,
            progressPercent: Int((record.progress * 100).rounded()), projectPath: record.projectPath, created: DisplayTime.text(record.createdAt),
            updated: DisplayTime.text(record.updatedAt), specHTML: Markdown.html(record.specContent, keepLineBreaks: false), lastEventId: lastEventID,
            isRunning: status == .running, isPaused: status == .paused, isEnded: [.terminated, .completed, .failed].contains(status))
        canPause = chrome.canManage && status == .running
        canResume = chrome.canManage && (status == .paused || status == .failed)
        canTerminate = chrome.canManage && status != .terminated && status != .completed
        canDelete = chrome.canManage && (status == .terminated || status == .completed)
        self.agents = agents.map { agent in
            AgentTile(
                id: agent.id, role: agent.role, state: agent.status, task: agent.currentTask, progressPercent: Int(((agent.progress ?? 0) * 100).rounded()),
                hasProgress: agent.progress != nil, branch: agent.branch, lastLines: Self.lastLines(screens[agent.id] ?? "", count: 12),
                lastOutput: agent.lastOutputAt.map(DisplayTime.text), prompt: PromptView(agent: agent, screen: screens[agent.id]),
                isLive: agent.paneId != nil && agent.status != "failed" && agent.status != "stopped",
                containment: agent.host == nil ? agent.contained.map { $0 ? "contained" : "not contained" } : nil, isContained: agent.contained == true,
                host: agent.host)
        }
        hasAgents = !agents.isEmpty
        agentOptions = agents.map { Option(value: $0.id, label: "\($0.id) (\($0.role))", selected: false) }
        priorityOptions = Priority.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == .normal) }
        self.messages = messages.map { [answered = Set(messages.compactMap(\.inReplyTo))] in MessageItem($0, answeredIDs: answered) }
        hasMessages = !messages.isEmpty
        self.git = git
        self.checkins = checkins.map { checkin in
            Checkin(
                id: checkin.id ?? 0, agentId: checkin.targetAgent, due: DisplayTime.text(checkin.dueAt),
                repeatLabel: checkin.repeatMinutes.map { "every \($0) min" }, note: checkin.note)
        }
        hasCheckins = !checkins.isEmpty
        self.events = events.map { EventItem(id: $0.id ?? 0, type: $0.type, when: DisplayTime.text($0.createdAt), summary: EventSummary.text(type: $0.type, data: $0.data)) }
        hasEvents = !events.isEmpty
    }

    /// The last `count` non-blank lines of a captured pane.
    static func lastLines(_ screen: String, count: Int) -> String {
        let lines = ScreenText.plain(screen).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String($0) }
        var end = lines.count
        while end > 0, lines[end - 1].isEmpty { end -= 1 }
        return lines[max(0, end - count)..<end].joined(separator: "\n")
    }

    /// Diff text split into lines marked for colouring, each line inside a hunk with the file, number and side a
    /// review comment on it gives (numbered the way the reviews API checks them, by ``DiffLines``).
    static func diffLines(_ patches: [GitFileDiff]) -> [DiffLine] {
        patches.flatMap { file in
            DiffLines.rows(patch: file.patch).map { row in
                DiffLine(
                    text: row.text, kind: row.kind.rawValue,
                    target: row.side.flatMap { side in row.number.map { CommentTarget(path: file.path, line: $0, side: side) } })
            }
        }
    }
}
