import Foundation
import Intelligence
import OrchestratorCore
import Storage

/// Reads what the intelligence layer reasons about from the database: projects, agents with their states, reports
/// and questions, recent events, and the machine's load. Facts only ever come from here, never from a model.
package struct FleetFactsReader: Sendable {
    let database: AppDatabase
    let dataDir: String
    let prices: PriceTable

    package init(database: AppDatabase, dataDir: String, prices: PriceTable = PriceTable(prices: [:])) {
        self.database = database
        self.dataDir = dataDir
        self.prices = prices
    }

    /// The fleet now: every project that is not terminated (or just `projectID`), with its agents.
    package func read(projectID: String? = nil, cpuPercent: Double? = nil, now: Date = Date()) throws -> FleetFacts {
        var projects: [ProjectRecord]
        if let projectID {
            projects = try database.project(id: projectID).map { [$0] } ?? []
        } else {
            projects = try database.projects(limit: 500).items.filter { $0.status != .terminated }
        }
        let agents = try database.agents(projectIDs: projects.map(\.id))
        let since = try database.statusSince(projectIDs: projects.map(\.id))
        let facts = try projects.map { project in
            let events = try database.recentEvents(projectID: project.id, limit: 5).map { "\($0.type) at \($0.createdAt.formatted(.iso8601))" }
            return ProjectFacts(
                id: project.id, name: project.name, status: project.status.rawValue, createdAt: project.createdAt,
                agents: (agents[project.id] ?? []).map { Self.facts(of: $0, since: since[project.id]?[$0.id]) }, recentEvents: events.reversed(),
                spending: try spending(of: project.id, now: now))
        }
        let counts = try database.messageCountsByStatus()
        let system = SystemFacts(
            cpuPercent: cpuPercent ?? Self.loadPercent(), memoryPercent: Self.memoryPercent(), diskPercent: Self.diskPercent(of: dataDir),
            messagesQueued: counts["queued"] ?? 0, messagesFailedLastHour: counts["failed"] ?? 0)
        return FleetFacts(projects: facts, now: now, systemMetrics: system)
    }

    /// What a project spent today, in the last 7 days and in all, and its budget; nil when nothing was counted.
    func spending(of projectID: String, now: Date) throws -> SpendingFacts? {
        let total = try UsageReport.read(database, prices: prices, projectID: projectID, by: .project).total
        guard total.entries > 0 else { return nil }
        let today = try UsageReport.read(database, prices: prices, projectID: projectID, by: .project, since: UsageReport.startOfDay(now)).total
        // The last 7 UTC days, today included.
        let week = try UsageReport.read(
            database, prices: prices, projectID: projectID, by: .project, since: UsageReport.startOfDay(now).addingTimeInterval(-6 * 86_400)
        ).total
        let budget = try database.budget(projectID: projectID)
        let standing = BudgetStanding(budget: budget, today: today, total: total)
        let limits = standing.limits.map { limit -> String in
            let amount = limit.limit.rawValue.hasSuffix("dollars") ? String(format: "$%.2f", limit.allowed) : "\(Int64(limit.allowed)) tokens"
            return amount + (limit.limit.isDaily ? " a day" : " total")
        }
        return SpendingFacts(
            dollarsToday: today.cost, dollarsWeek: week.cost, dollarsTotal: total.cost, tokensToday: today.tokens.total, tokensWeek: week.tokens.total,
            tokensTotal: total.tokens.total, unpricedModels: total.unpricedModels.sorted(), budget: limits.isEmpty ? nil : limits.joined(separator: ", "),
            budgetUsed: limits.isEmpty ? nil : standing.highestFraction)
    }

    /// - Parameters:
    ///   - agent: the agent's row.
    ///   - since: when it entered its state (the database keeps it); its last change of any kind otherwise.
    static func facts(of agent: AgentRecord, since: Date? = nil) -> AgentFacts {
        let blockers = (agent.blockers ?? "").split(whereSeparator: { $0 == "\n" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return AgentFacts(
            id: agent.id, role: agent.role, status: agent.status, statusReason: agent.statusReason,
            prompt: agent.prompt.flatMap { AgentPrompt(storedText: $0)?.text }, resetTime: agent.resetTime,
            currentTask: agent.currentTask, progress: agent.progress, lastReport: agent.lastReport, blockers: blockers,
            lastOutputAt: agent.lastOutputAt, statusSince: since ?? agent.updatedAt)
    }

    /// The machine's load (the last minute's run queue from `/proc/loadavg`) as a percentage of its cores.
    static func loadPercent() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8), let first = text.split(separator: " ").first,
            let load = Double(first)
        else { return nil }
        let cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        return (min(100, load / cores * 100) * 10).rounded() / 10
    }

    /// Used memory as a percentage of the machine's, from `/proc/meminfo`.
    static func memoryPercent() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        func value(_ key: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        }
        guard let total = value("MemTotal"), let available = value("MemAvailable"), total > 0 else { return nil }
        return ((total - available) / total * 1000).rounded() / 10
    }

    /// Used space on the data directory's file system, as a percentage.
    static func diskPercent(of path: String) -> Double? {
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path),
            let size = (attributes[.systemSize] as? NSNumber)?.doubleValue, let free = (attributes[.systemFreeSize] as? NSNumber)?.doubleValue, size > 0
        else { return nil }
        return ((size - free) / size * 1000).rounded() / 10
    }
}
