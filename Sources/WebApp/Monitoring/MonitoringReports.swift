import Foundation
import GitKit
import OrchestratorCore
import ProcessKit
import Storage
import TmuxKit
import Orchestration

/// Gathers the monitoring documents from the database, tmux, git and `/proc`.
struct MonitoringReports: Sendable {
    let services: AppServices

    private var runtime: ProjectRuntime { services.runtime }

    /// What the whole server is doing.
    func system(now: Date = Date()) async throws -> SystemMetrics {
        let database = services.database
        let projects = try database.projectCountsByStatus()
        let agents = try database.agentCountsByStatus()
        let eventsPerMinute = try database.perMinute(.events, minutes: 30, now: now)
        let eventTypes = try database.eventCountsByType()
        let sizes = database.fileSizes()
        let facts = await runtime.tmux.facts()
        let own = ProcessTable.ownUsage() ?? .zero
        await runtime.sampler.sampleIfDue(now: now)
        let sampler = runtime.sampler
        let history = await sampler.samples
        return await SystemMetrics(
            timestamp: now,
            projects: .init(total: projects.values.reduce(0, +), active: projects["running"] ?? 0, byStatus: projects),
            agents: .init(total: agents.values.reduce(0, +), byStatus: agents),
            messages: .init(byStatus: try database.messageCountsByStatus(), perMinute: try database.perMinute(.messages, minutes: 30, now: now)),
            events: .init(
                total: eventTypes.values.reduce(0, +), lastMinute: eventsPerMinute.dropLast().last ?? 0, perMinute: eventsPerMinute, byType: eventTypes),
            websocketConnections: await runtime.events.watcherCount,
            database: .init(sizeBytes: sizes.database, walBytes: sizes.wal),
            tmux: .init(
                socket: runtime.tmux.socket, running: facts != nil, pid: facts?.pid, sessions: facts?.sessions ?? 0, panes: facts?.panes ?? 0,
                memoryBytes: facts.flatMap { ProcessTable.usage(of: $0.pid)?.residentBytes }),
            server: .init(
                pid: getpid(), version: SystemController.version, uptimeSeconds: Int(now.timeIntervalSince(services.startedAt)),
                cpuSeconds: own.cpuSeconds, cpuPercent: await sampler.latestCPUPercent ?? 0, memoryBytes: own.residentBytes),
            history: .init(intervalSeconds: Int(sampler.interval), samples: history))
    }

    /// Where a project stands.
    func projectStatus(id: String) throws -> ProjectStatusReport {
        guard let project = try services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let agents = try services.database.agents(projectID: id)
        return ProjectStatusReport(
            projectId: id, name: project.name, status: project.status.rawValue, progress: project.progress,
            agents: agents.map {
                .init(
                    agentId: $0.id, role: $0.role, status: $0.status, currentTask: $0.currentTask, progress: $0.progress,
                    blockers: $0.blockers, lastOutputAt: $0.lastOutputAt)
            },
            agentsByStatus: Dictionary(agents.map { ($0.status, 1) }, uniquingKeysWith: +),
            messages: try services.database.messageCountsByStatus(projectID: id),
            lastActivity: try services.database.lastEventTime(projectID: id) ?? project.updatedAt)
    }

    /// What a project's agents have done and use.
    func projectMetrics(id: String, now: Date = Date()) async throws -> ProjectMetricsReport {
        guard let project = try await services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let agents = try await services.database.agents(projectID: id)
        let byAgent = try services.database.messageCountsByAgent(projectID: id)
        let panes = (try? await runtime.tmux.panes(in: runtime.sessionName(id))) ?? []
        let table = ProcessTable()
        var reports: [ProjectMetricsReport.Agent] = []
        for agent in agents {
            let pane = panes.first { $0.paneID == agent.paneId && !$0.isDead }
            let usage = pane.flatMap { table.usage(ofTree: $0.pid) }
            let started = pane.flatMap { ProcessTable.startTime(of: $0.pid) }
            let uptime = started.map { max(0, now.timeIntervalSince($0)) }
            let commits = try? await GitRepository(path: agent.worktreePath).aheadBehind(agent.branch, base: project.baseBranch ?? "main").ahead
            let output = await agent.paneId.asyncMap { await runtime.monitor.outputBytes(pane: $0) } ?? 0
            reports.append(
                .init(
                    agentId: agent.id, status: agent.status, messages: Self.messages(byAgent[agent.id] ?? [:]), commits: commits,
                    outputBytes: output, uptimeSeconds: uptime.map { Int($0) }, cpuSeconds: usage?.cpuSeconds,
                    cpuPercentAverage: usage.flatMap { usage in uptime.map { $0 > 0 ? usage.cpuSeconds / $0 * 100 : 0 } },
                    memoryBytes: usage?.residentBytes, processes: usage?.processes))
        }
        return await ProjectMetricsReport(
            projectId: id, timestamp: now, messages: Self.messages(try services.database.messageCountsByStatus(projectID: id)),
            commits: reports.compactMap(\.commits).reduce(0, +), outputBytes: reports.map(\.outputBytes).reduce(0, +),
            events: try services.database.eventCountsByType(projectID: id), agents: reports)
    }

    private static func messages(_ counts: [String: Int]) -> ProjectMetricsReport.Messages {
        .init(
            sent: counts.values.reduce(0, +), queued: (counts["queued"] ?? 0) + (counts["delivering"] ?? 0),
            delivered: counts["delivered"] ?? 0, failed: counts["failed"] ?? 0)
    }
}

extension Optional {
    /// `map` for an asynchronous transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
