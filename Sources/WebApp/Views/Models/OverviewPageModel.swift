import Foundation
import OrchestratorCore
import Orchestration
import Storage

/// `/`: one card per project, with filters.
struct OverviewPageModel: Sendable {
    struct Card: Sendable {
        var id: String
        var name: String
        var description: String
        var status: String
        var priority: String
        var progressPercent: Int
        var updated: String
        var agents: [Dot]
        var lastActivity: String
    }

    /// One agent, shown as a dot coloured by its state.
    struct Dot: Sendable { var state: String; var id: String }

    struct StatusOption: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The overview's status filter: the default leaves ended projects out.
    enum Filter: Sendable, Equatable {
        /// Every project but terminated ones.
        case current
        /// Every project.
        case all
        /// Running projects with an agent waiting for a person.
        case needsMe
        /// Projects in one status.
        case status(ProjectStatus)

        /// The filter a `?status=` value names; unknown values mean the default.
        init(_ value: String) {
            switch value {
            case "all": self = .all
            case "needs_me": self = .needsMe
            default: self = ProjectStatus(rawValue: value).map(Filter.status) ?? .current
            }
        }

        /// Whether a project in `status` (with a waiting agent or not) passes.
        func admits(_ status: ProjectStatus, waiting: Bool) -> Bool {
            switch self {
            case .current: return status != .terminated
            case .all: return true
            case .needsMe: return waiting
            case .status(let wanted): return status == wanted
            }
        }
    }

    var chrome: PageChrome
    var projects: [Card]
    var statusOptions: [StatusOption]
    var query: String
    var filtered: Bool
    /// Terminated projects left out by the default view.
    var hiddenEnded: Int
    var hasHiddenEnded: Bool

    var hasProjects: Bool
    var count: Int
    /// Agents waiting for a person, longest first.
    var waiting: [WaitingItem]
    var hasWaiting: Bool
    var waitingCount: Int
    /// A notice or problem left by the form that led here (an answer given from the list).
    var notice: String?
    var error: String?
    /// The server's address as the browser reached it, for the empty state's curl example.
    var apiBase = "http://127.0.0.1:8000"
    /// A folder under the first workspace root, for the same example.
    var exampleProjectPath = "/path/under/a/workspace/root/webapp"

    /// - Parameters:
    ///   - projects: the projects the filter admits.
    ///   - agents: each project's agents as (id, state).
    ///   - lastActivity: each project's latest event time.
    ///   - waiting: agents waiting for a person.
    ///   - hiddenEnded: terminated projects the default view leaves out.
    init(
        chrome: PageChrome, projects: [ProjectSummary], filter: Filter, query: String, agents: [String: [(id: String, state: String)]] = [:],
        lastActivity: [String: Date] = [:], waiting: [WaitingAgent] = [], hiddenEnded: Int = 0, flash: PageFlash? = nil
    ) {
        self.chrome = chrome
        self.projects = projects.map {
            Card(
                id: $0.id, name: $0.name, description: $0.description, status: $0.status.rawValue, priority: $0.priority.rawValue,
                progressPercent: Int(($0.progress * 100).rounded()), updated: DisplayTime.text($0.updatedAt),
                agents: (agents[$0.id] ?? []).map { Dot(state: $0.state, id: $0.id) },
                lastActivity: DisplayTime.text(lastActivity[$0.id] ?? $0.updatedAt))
        }
        self.statusOptions =
            [
                StatusOption(value: "", label: "Current (not terminated)", selected: filter == .current),
                StatusOption(value: "needs_me", label: "Needs me", selected: filter == .needsMe),
                StatusOption(value: "all", label: "All, terminated too", selected: filter == .all),
            ]
            + ProjectStatus.allCases.map { StatusOption(value: $0.rawValue, label: $0.rawValue.capitalized, selected: filter == .status($0)) }
        self.query = query
        self.filtered = filter != .current || !query.isEmpty
        self.hiddenEnded = hiddenEnded
        self.hasHiddenEnded = hiddenEnded > 0
        self.hasProjects = !projects.isEmpty
        self.count = projects.count
        self.waiting = waiting.map { WaitingItem($0) }
        self.hasWaiting = !waiting.isEmpty
        self.waitingCount = waiting.count
        notice = flash?.kind == .notice ? flash?.text : nil
        error = flash?.kind == .error ? flash?.text : nil
    }
}
