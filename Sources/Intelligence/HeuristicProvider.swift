import Foundation

/// The offline intelligence provider: deterministic rules over the facts it is given.
///
/// Everything it says comes from its inputs; it never names a project or agent that is not in them.
/// It keeps no state and reads no clock: ages are measured from the `now` of the facts.
public struct HeuristicProvider: Sendable {
    /// Creates the provider.
    public init() {}
}

extension HeuristicProvider {
    /// Agent statuses in reporting order.
    static let statusOrder = ["starting", "active", "idle", "waiting", "exhausted", "failed", "stopped"]

    /// `text` trimmed and lowercased.
    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The agent's status, trimmed and lowercased.
    static func status(of agent: AgentFacts) -> String {
        normalized(agent.status)
    }

    /// Whether the project's status is `running`.
    static func isRunning(_ project: ProjectFacts) -> Bool {
        normalized(project.status) == "running"
    }

    /// The project's name, or its id when the name is blank.
    static func projectName(_ project: ProjectFacts) -> String {
        let name = project.name.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? project.id : name
    }

    /// The agent's role, or its id when another agent of the project shares the role or the role is blank.
    static func agentName(_ agent: AgentFacts, in project: ProjectFacts) -> String {
        let role = normalized(agent.role)
        guard !role.isEmpty else { return agent.id }
        let sharing = project.agents.filter { normalized($0.role) == role }.count
        return sharing > 1 ? agent.id : agent.role.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "developer in shop".
    static func agentLabel(_ agent: AgentFacts, in project: ProjectFacts) -> String {
        "\(agentName(agent, in: project)) in \(projectName(project))"
    }

    /// "1 agent", "3 agents".
    static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    /// A percentage (0…100) as "93%".
    static func percentText(_ percent: Double) -> String {
        "\(Int(percent.rounded()))%"
    }

    /// A fraction (0…1) as "58%".
    static func fractionText(_ fraction: Double) -> String {
        percentText(fraction * 100)
    }

    /// A duration in words: "less than a minute", "12 minutes", "3 hours", "2 days".
    static func durationText(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        if minutes < 1 { return "less than a minute" }
        if minutes < 120 { return counted(minutes, "minute", "minutes") }
        let hours = minutes / 60
        if hours < 48 { return counted(hours, "hour", "hours") }
        return counted(hours / 24, "day", "days")
    }

    /// The mean of the progress values the agents reported, clamped to 0…1; nil when none did.
    static func averageProgress(_ agents: [AgentFacts]) -> Double? {
        let values = agents.compactMap(\.progress).map { min(max($0, 0), 1) }
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// `items` without repeats, first occurrence kept.
    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// `text` on one line, whitespace collapsed, cut to `limit` characters with an ellipsis.
    static func oneLine(_ text: String, limit: Int = 120) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard line.count > limit else { return line }
        return String(line.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// `items` joined as "a, b and c".
    static func listText(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// `value` rounded to two decimals.
    static func rounded2(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
