import Foundation
import OrchestratorCore
import Orchestration

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

    var chrome: PageChrome
    var projects: [Card]
    var statusOptions: [StatusOption]
    var query: String
    var filtered: Bool

    var hasProjects: Bool
    var count: Int

    /// - Parameters:
    ///   - agents: each project's agents as (id, state).
    ///   - lastActivity: each project's latest event time.
    init(
        chrome: PageChrome, projects: [ProjectSummary], status: ProjectStatus?, query: String, agents: [String: [(id: String, state: String)]] = [:],
        lastActivity: [String: Date] = [:]
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
            [StatusOption(value: "", label: "All statuses", selected: status == nil)]
            + ProjectStatus.allCases.map { StatusOption(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == status) }
        self.query = query
        self.filtered = status != nil || !query.isEmpty
        self.hasProjects = !projects.isEmpty
        self.count = projects.count
    }
}
