import HTTPTypes
import Logging
import Foundation
import GitKit
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// Stops the project's session but keeps its worktrees and state; queued messages wait for the resume.
    /// - Parameter reason: why, shown as each agent's status reason (e.g. "budget reached").
    public func pause(_ projectID: String, by actor: Principal, reason: String? = nil) async throws -> ProjectRecord {
        let project = try existing(projectID)
        guard project.status == .running || project.status == .failed else {
            throw APIError.conflict("invalid_state", "only a running project can be paused (it is \(project.status.rawValue))")
        }
        try setStatus(.paused, of: projectID)
        try await keepLastScreens(of: projectID)
        // What agents on a host committed comes home before their windows close.
        _ = try? await fetchBack(project)
        await killSessions(of: projectID)
        for agent in try await database.agents(projectID: projectID) {
            try database.updateAgent(projectID: projectID, id: agent.id) {
                $0.status = "stopped"
                $0.paneId = nil
                $0.windowId = nil
                $0.statusReason = reason ?? "project paused"
            }
        }
        await delivery.forget(projectID: projectID)
        try database.revokeAgentTokens(projectID: projectID)
        try database.recordAudit(actor: actor.actorLabel, action: "project.pause", target: projectID, details: reason)
        return try existing(projectID)
    }

    /// Recreates the session in the same worktrees and re-briefs every agent with where it stood.
    public func resume(_ projectID: String, by actor: Principal) async throws -> ProjectRecord {
        try await reshaping(projectID) { try await resumeWindows(projectID, by: actor) }
    }

    private func resumeWindows(_ projectID: String, by actor: Principal) async throws -> ProjectRecord {
        let project = try existing(projectID)
        guard project.status == .paused || project.status == .failed else {
            throw APIError.conflict("invalid_state", "only a paused or failed project can be resumed (it is \(project.status.rawValue))")
        }
        await killSessions(of: projectID)
        do {
            for agent in try await database.agents(projectID: projectID) {
                try await start(agent, in: project, ownerID: actor.userID, briefing: .resume)
            }
        } catch {
            _ = try? setStatus(.failed, of: projectID)
            throw APIError(.internalServerError, "project_start_failed", "could not restart the agents: \(error)")
        }
        try setStatus(.running, of: projectID)
        try database.recordAudit(actor: actor.actorLabel, action: "project.resume", target: projectID)
        for agent in try await database.agents(projectID: projectID) { await delivery.kick(projectID: projectID, agentID: agent.id) }
        return try existing(projectID)
    }

    /// Ends the project: kills its session, revokes agent tokens, optionally removes the worktrees; the record stays.
    public func terminate(_ projectID: String, removeWorktrees: Bool, by actor: Principal) async throws -> ProjectRecord {
        try await reshaping(projectID) { try await terminateWindows(projectID, removeWorktrees: removeWorktrees, by: actor) }
    }

    private func terminateWindows(_ projectID: String, removeWorktrees: Bool, by actor: Principal) async throws -> ProjectRecord {
        let project = try existing(projectID)
        for agent in try await stopAgents(of: projectID, reason: "project terminated") where removeWorktrees {
            try? await GitRepository(path: project.projectPath, runner: git).removeWorktree(at: agent.worktreePath, force: true)
        }
        try setStatus(.terminated, of: projectID)
        try database.recordAudit(actor: actor.actorLabel, action: "project.terminate", target: projectID, details: "remove_worktrees=\(removeWorktrees)")
        return try existing(projectID)
    }

    /// Deletes an ended (terminated or completed) project's record for good: its agents, messages, check-ins and
    /// events. Its repository, branches and any kept worktrees are left alone; a project still alive is refused.
    public func purge(_ projectID: String, by actor: Principal) async throws {
        _ = try await reshaping(projectID) {
            let project = try existing(projectID)
            guard [.terminated, .completed].contains(project.status) else {
                throw APIError.conflict(
                    "invalid_state", "only a terminated or completed project can be deleted (it is \(project.status.rawValue)); terminate it first")
            }
            // Its worktrees live in the data dir and would outlive it: they go too (branches stay in the repository).
            let repository = GitRepository(path: project.projectPath, runner: git)
            let agents = try await database.agents(projectID: projectID)
            for agent in agents {
                try? await repository.removeWorktree(at: agent.worktreePath, force: true)
            }
            try? FileManager.default.removeItem(atPath: "\(worktreeRoot)/\(projectID)")
            try? FileManager.default.removeItem(atPath: "\(dataDir)/remote/\(projectID)")
            for host in Set(agents.compactMap(\.host)) {
                // Its folder on each host (mirror and worktrees) goes too; an unreachable host keeps it.
                try? await hosts.workspace(host: host, projectID: projectID).removeAll()
            }
            // Events logged before now (the terminate's, a last status change) are stored first, so none outlives it.
            await events.flush()
            try database.purgeProject(id: projectID)
            try database.recordAudit(actor: actor.actorLabel, action: "project.delete", target: projectID, details: "name=\(project.name)")
            return project
        }
    }

    /// Marks the project done (a manager says so, or every agent reported progress 1.0): its agents stop, their
    /// worktrees and branches stay for review and merging, queued messages fail with the reason.
    public func complete(_ projectID: String, by actor: Principal) async throws -> ProjectRecord {
        try await reshaping(projectID) {
            let project = try existing(projectID)
            guard [.running, .paused, .failed].contains(project.status) else {
                throw APIError.conflict("invalid_state", "only a running, paused or failed project can be completed (it is \(project.status.rawValue))")
            }
            try await stopAgents(of: projectID, reason: "project completed")
            try setStatus(.completed, of: projectID)
            try database.recordAudit(actor: actor.actorLabel, action: "project.complete", target: projectID)
            return try existing(projectID)
        }
    }

    /// Keeps what each agent's pane shows, before the session goes: the pages of a paused or ended project show it.
    private func keepLastScreens(of projectID: String) async throws {
        for agent in try await database.agents(projectID: projectID) {
            guard let pane = agent.paneId, let screen = try? await tmux.capture(pane: pane, lines: 200) else { continue }
            try? database.saveLastScreen(projectID: projectID, agentID: agent.id, text: ScreenText.plain(screen))
        }
    }

    /// Ends a project's agents for good (terminate, complete): the session goes, their tokens are revoked, queued
    /// messages fail with `reason`, check-ins are cancelled. Returns the agents as they were.
    @discardableResult
    private func stopAgents(of projectID: String, reason: String) async throws -> [AgentRecord] {
        try await keepLastScreens(of: projectID)
        if let project = try? existing(projectID) { _ = try? await fetchBack(project) }
        await killSessions(of: projectID)
        try database.revokeAgentTokens(projectID: projectID)
        let agents = try await database.agents(projectID: projectID)
        for agent in agents {
            try database.updateAgent(projectID: projectID, id: agent.id) { $0.status = "stopped"; $0.paneId = nil; $0.windowId = nil }
            try database.failQueuedMessages(projectID: projectID, agentID: agent.id, reason: reason)
        }
        await delivery.forget(projectID: projectID)
        try database.cancelCheckins(projectID: projectID)
        return agents
    }

    /// Changes description, priority, spec and team; new roles start agents, removed ones stop them.
    public func update(_ projectID: String, with change: ProjectUpdate, by actor: Principal) async throws -> ProjectRecord {
        var project = try existing(projectID)
        var check = Validator()
        let priority = change.priority.map { Priority(rawValue: $0) }
        check.require(priority != .some(nil), "priority", "must be one of low, normal, high, urgent")
        if let team = change.teamComposition {
            check.require(!team.isEmpty, "team_composition", "must name at least one role")
            check.require(team.count <= 20, "team_composition", "may have at most 20 agents")
            check.check("team_composition", team.lazy.compactMap(TeamComposition.roleProblem).first.map { "roles " + $0 })
            check.require(project.status == .running || project.status == .paused, "team_composition", "can change only while the project runs or is paused")
        }
        try check.done()
        project = try database.updateProject(id: projectID) { record in
            if let description = change.description { record.description = description }
            if let priority = priority ?? nil { record.priority = priority }
            if let spec = change.specContent { record.specContent = spec }
        } ?? project
        if let team = change.teamComposition {
            let current = project
            try await reshaping(projectID) { try await reconcileTeam(current, roles: team, actor: actor) }
        }
        try database.recordAudit(actor: actor.actorLabel, action: "project.update", target: projectID)
        return try existing(projectID)
    }

    private func reconcileTeam(_ project: ProjectRecord, roles: [String], actor: Principal) async throws {
        var current = try await database.agents(projectID: project.id)
        var wanted: [String: Int] = [:]
        for role in roles { wanted[role, default: 0] += 1 }
        // Remove surplus agents, newest first.
        for agent in current.reversed() where (wanted[agent.role] ?? 0) < current.filter({ $0.role == agent.role }).count {
            await stop(agent, in: project)
            try database.failQueuedMessages(projectID: project.id, agentID: agent.id, reason: "agent removed from the team")
            try database.cancelCheckins(projectID: project.id, agentID: agent.id)
            try database.deleteAgent(projectID: project.id, id: agent.id)
            current.removeAll { $0.id == agent.id }
        }
        var missing: [String] = []
        for (role, count) in wanted.sorted(by: { $0.key < $1.key }) {
            missing += Array(repeating: role, count: max(0, count - current.filter { $0.role == role }.count))
        }
        let command = current.first?.launchCommand ?? LaunchCommand.resolve(projectCommand: project.agentCommand, configured: configuration.agents.defaultCommand)
        for member in TeamComposition.agents(for: missing, existing: Set(current.map(\.id))) {
            var agent = AgentRecord(
                projectId: project.id, id: member.id, role: member.role, worktreePath: "\(worktreeRoot)/\(project.id)/\(member.id)",
                branch: "orc/\(project.id)/\(member.id)", launchCommand: command, profile: LaunchCommand.profile(for: command, custom: configuration.agents.profiles).name,
                status: project.status == .running ? "starting" : "stopped")
            agent.host = project.host
            try database.saveAgent(agent)
            if project.status == .running {
                try await start(agent, in: project, ownerID: actor.userID, briefing: .initial)
                await delivery.kick(projectID: project.id, agentID: agent.id)
            }
        }
    }

    /// Changes a project's status and records a `project_status_change` event.
    @discardableResult
    package func setStatus(_ status: ProjectStatus, of projectID: String) throws -> ProjectRecord? {
        let project = try database.updateProject(id: projectID) { $0.status = status }
        let progress = ProjectResponse.progress(of: (try? database.agents(projectID: projectID)) ?? [])
        events.log("project_status_change", projectID: projectID, ProjectStatusEvent(projectId: projectID, status: status.rawValue, progress: progress))
        return project
    }

    /// The project, or 404.
    package func existing(_ projectID: String) throws -> ProjectRecord {
        guard let project = try database.project(id: projectID) else { throw APIError.notFound("no project with id '\(projectID)'") }
        return project
    }
}
