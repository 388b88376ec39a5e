import Foundation
import GitKit
import HTTPTypes
import Logging
import OrchestratorCore
import Storage
import TmuxKit

/// Projects whose agents run on an SSH host: placement, the session's route to the host's tmux, the agents' start
/// there, their branches fetched back, and what a host that stops answering (and comes back) does to them.
extension ProjectRuntime {
    /// Where a new project's agents go. The project's host is `host` (a stored host's name; `local` or none for this
    /// machine), or with `placement: "spread"` the machine with the fewest agents of running projects that has room
    /// (this one included; the least loaded per CPU on a tie). A member of `team_composition` given as
    /// `{"role", "host"}` goes to its own host instead. Hosts must exist, answer, and have room under `max_agents`
    /// for all the agents sent there.
    /// - Returns: the project's host and each agent's (nil: this machine), in the order of `roles`.
    /// - Throws: ``ValidationFailure`` naming `host`, `placement` or `team_composition`.
    package func placements(for request: ProjectRequest, roles: Int) async throws -> (project: String?, agents: [String?]) {
        let members = (request.memberHosts ?? []).map { $0 == HostAdministration.localName ? "" : $0 }
        let own = members.filter { $0 != nil }.count
        let project: String?
        if let placement = request.placement {
            guard placement == "spread" else {
                throw ValidationFailure([FieldError(field: "placement", message: "must be \"spread\" (or leave it out and name a host)")])
            }
            guard request.host == nil else {
                throw ValidationFailure([FieldError(field: "placement", message: "give either host or placement, not both")])
            }
            project = try await spread(agents: max(1, roles - own))
        } else if let name = request.host, name != HostAdministration.localName {
            project = name
        } else {
            project = nil
        }
        // A member's "" is "local" said explicitly.
        let agents: [String?] = (0..<roles).map { index in
            guard index < members.count, let member = members[index] else { return project }
            return member.isEmpty ? nil : member
        }
        var wanted: [String: Int] = [:]
        for host in agents.compactMap({ $0 }) { wanted[host, default: 0] += 1 }
        for (name, count) in wanted.sorted(by: { $0.key < $1.key }) {
            let field = name == project && request.placement == nil ? "host" : (name == project ? "placement" : "team_composition")
            guard let record = try database.host(named: name) else {
                throw ValidationFailure([FieldError(field: field, message: "no host named '\(name)' (see GET /api/v1/hosts)")])
            }
            let health = await hosts.check(record)
            guard health.reachable else {
                throw ValidationFailure([FieldError(field: field, message: "host \(name) cannot be reached: \(health.error ?? "no answer")")])
            }
            if let limit = record.maxAgents {
                let running = try agentsRunning(on: name)
                guard running + count <= limit else {
                    throw ValidationFailure([FieldError(field: field, message: "host \(name) runs \(running) of its \(limit) agents; \(count) more do not fit")])
                }
            }
        }
        return (project, agents)
    }

    private func spread(agents: Int) async throws -> String? {
        let local = await hosts.checkLocal()
        var best: (name: String?, agents: Int, load: Double) = (nil, try agentsRunning(on: nil), Self.loadPerCPU(local))
        for record in try database.hosts() {
            let running = try agentsRunning(on: record.name)
            if let limit = record.maxAgents, running + agents > limit { continue }
            let health = await hosts.check(record)
            guard health.reachable else { continue }
            let load = Self.loadPerCPU(health)
            if running < best.agents || (running == best.agents && load < best.load) { best = (record.name, running, load) }
        }
        return best.name
    }

    private static func loadPerCPU(_ health: HostHealth) -> Double {
        (health.load?.first ?? 0) / Double(max(1, health.cpus ?? 1))
    }

    /// Agents of running or creating projects placed on `host` (nil: this machine).
    private func agentsRunning(on host: String?) throws -> Int {
        try database.agents(inProjectsWithStatus: [ProjectStatus.running.rawValue, ProjectStatus.creating.rawValue])
            .filter { $0.host == host && $0.status != "stopped" }.count
    }

    /// Makes the host's tmux server reachable through the runtime's (sessions `orc-<project>@<host>`, panes `%N@<host>`).
    package func attachHost(_ host: String) async throws {
        await tmux.attach(try await hosts.tmuxServer(for: host))
    }

    /// Everything an agent on a host needs before its window opens: the mirror and its worktree there, the local
    /// review worktree, the orchestrator executable, the tunnel back, and its files. Returns the window to open.
    package func prepareRemote(
        _ agent: AgentRecord, in project: ProjectRecord, host: String, briefing kind: BriefingKind, environment base: [String: String]
    ) async throws -> (WindowSpec, String) {
        let baseBranch = project.baseBranch ?? "main"
        let remote = try await hosts.workspace(host: host, projectID: project.id)
        let identity = await serverGitIdentity() ?? ("\(agent.id) (\(project.id))", "\(agent.id)@\(project.id).orchestrator.invalid")
        try await remote.prepare(base: baseBranch, from: project.projectPath, identity: identity)
        let worktree = try await remote.addWorktree(agentID: agent.id, branch: agent.branch, base: baseBranch)
        guard let cliFolder = launch.cliFolder else {
            throw APIError(.internalServerError, "cli_missing", "the orchestrator executable cannot be found to copy to host \(host)")
        }
        let cli = try await hosts.install(binary: cliFolder + "/orchestrator", on: host)
        let port = try await hosts.tunnel(host, to: serverListenHost, configuration.server.port)
        let serverURL = "http://127.0.0.1:\(port)"
        let staging = dataDir + "/remote/\(project.id)/\(agent.id)"
        let text = try await briefingText(for: agent, in: project, kind: kind, worktree: worktree)
        let files = try AgentFiles.stage(in: staging, worktree: worktree, briefing: text)
        let profile = LaunchCommand.profile(for: agent.launchCommand, custom: configuration.agents.profiles)
        let command = try AgentHooks.command(agent.launchCommand, profile: profile, files: files, cli: cli, serverURL: serverURL)
        try await remote.upload(staging, to: worktree)
        var environment = base
        let binFolder = (cli as NSString).deletingLastPathComponent
        environment["ORCHESTRATOR_URL"] = serverURL
        environment["ORCHESTRATOR_BRIEFING"] = files.briefing
        environment["ORCHESTRATOR_BIN_DIR"] = binFolder
        environment["ORCHESTRATOR_BIN"] = cli
        // The host's own PATH, with the orchestrator's folder first (set by the program, as tmux replaces `-e PATH`).
        let program = AgentLaunch.isSimple(command) ? "exec " + command : command
        let window = WindowSpec(
            name: agent.id, directory: worktree, environment: environment,
            argv: ["/bin/sh", "-c", "PATH=\"$ORCHESTRATOR_BIN_DIR:$PATH\"; export PATH; " + program])
        return (window, text)
    }

    /// The address the server listens on, as a tunnel's far end (any-address listeners are reached on loopback).
    package nonisolated var serverListenHost: String {
        let host = configuration.server.host
        return host == "0.0.0.0" || host == "::" || host.isEmpty ? "127.0.0.1" : host
    }

    /// Fetches the agents' branches of every running project on a host into the server's checkout (one project at a
    /// time, in the background; a fetch still going is not started again).
    package func fetchRemoteBranches() {
        guard !fetchingRemote else { return }
        fetchingRemote = true
        Task {
            defer { Task { self.fetchDone() } }
            guard let projects = try? await database.projects(status: ProjectStatus.running.rawValue, limit: 10_000).items else { return }
            for project in projects {
                _ = try? await fetchBack(project)
            }
        }
    }

    private func fetchDone() { fetchingRemote = false }

    /// Brings the branches of a project's agents on SSH hosts home now (before a merge, and on demand); a host that
    /// does not answer is skipped. Returns the branches that moved.
    @discardableResult
    package nonisolated func fetchBack(_ project: ProjectRecord) async throws -> [String] {
        let agents = try await database.agents(projectID: project.id)
        let git = self.git
        var moved: [String] = []
        for host in Set(agents.compactMap(\.host)).sorted() {
            if await hosts.unreachableSince(host) != nil { continue }
            let remote = try await hosts.workspace(host: host, projectID: project.id)
            let theirs = agents.filter { $0.host == host }
            moved += try await locks.run(project.projectPath) {
                try await remote.fetchBack(into: project.projectPath, agents: theirs, localGit: git)
            }
        }
        return moved
    }

    /// The reason shown on an agent whose host stopped answering.
    package static func hostOutageReason(_ host: String, since: Date) -> String {
        "host \(host) unreachable since \(since.formatted(.iso8601))"
    }

    /// Whether a status reason is ``hostOutageReason(_:since:)``'s.
    package static func isHostOutage(_ reason: String?) -> Bool {
        guard let reason else { return false }
        return reason.hasPrefix("host ") && reason.contains(" unreachable since ")
    }

    /// A host stopped answering or answers again: the agents of running projects there are marked failed with the
    /// reason (kept in their windows there: nothing is restarted), or re-adopted when it is back.
    package func hostReachabilityChanged(_ host: String, reachable: Bool) async {
        guard let agents = try? await database.agents(inProjectsWithStatus: [ProjectStatus.running.rawValue]) else { return }
        for projectID in Set(agents.filter { $0.host == host }.map(\.projectId)).sorted() {
            guard let project = try? existing(projectID) else { continue }
            if reachable {
                await readopt(project, host: host)
            } else {
                await markHostDown(project, host: host, since: await hosts.unreachableSince(host) ?? Date())
            }
        }
    }

    /// Marks the project's agents on `host` failed because it does not answer (their panes are kept for re-adoption).
    package func markHostDown(_ project: ProjectRecord, host: String, since: Date) async {
        let reason = Self.hostOutageReason(host, since: since)
        let agents = await (try? database.agents(projectID: project.id)) ?? []
        var marked = 0
        for agent in agents where agent.host == host && agent.status != "stopped" && !Self.isHostOutage(agent.statusReason) {
            _ = try? database.updateAgent(projectID: project.id, id: agent.id) {
                $0.status = AgentState.failed.rawValue
                $0.statusReason = reason
                $0.prompt = nil
            }
            events.log(
                "agent_status_update", projectID: project.id,
                AgentStatusEvent(agentId: agent.id, status: AgentState.failed.rawValue, currentTask: agent.currentTask, statusReason: reason, timestamp: Date()))
            marked += 1
        }
        await delivery.forget(session: sessionName(project.id, host: host))
        guard marked > 0 else { return }
        events.log(
            "system_alert", projectID: project.id,
            SystemAlert(
                level: "error", message: "The agents of project \(project.id) on host \(host) are unreachable: \(reason). They keep running there and are taken back when it answers.",
                projectId: project.id, agentId: nil))
    }

    /// Takes a project's agents on a host back after it answered again: their windows found by name (as at a start),
    /// messages a lost link caught mid-delivery settled by the crash-safe rules, queued ones sent. A session the host
    /// lost meanwhile (it restarted) has its agents started again.
    package func readopt(_ project: ProjectRecord, host: String) async {
        let session = sessionName(project.id, host: host)
        try? await attachHost(host)
        // The agents' way back to the server (the same port as before, so their environment still holds).
        do { _ = try await hosts.tunnel(host, to: serverListenHost, configuration.server.port) } catch {
            logger.error("host \(host): the tunnel to the server could not be opened again: \(error)")
        }
        var present = await tmux.hasSession(session)
        if !present {
            // The first question may have gone over the connection that just died.
            try? await Task.sleep(for: .seconds(1))
            present = await tmux.hasSession(session)
        }
        guard present else {
            await monitor.sessionRestored(session)
            await sessionLost(projectID: project.id, host: host)
            return
        }
        let panes = (try? await tmux.panes(in: session)) ?? []
        let agents = await (try? database.agents(projectID: project.id)) ?? []
        for agent in agents where agent.host == host && agent.status != "stopped" {
            guard let pane = panes.first(where: { $0.windowName == agent.id }) else { continue }
            _ = try? database.updateAgent(projectID: project.id, id: agent.id) {
                $0.paneId = pane.paneID
                $0.windowId = pane.windowID
                if Self.isHostOutage($0.statusReason) {
                    // The monitor reads its state from the screen on its next look.
                    $0.status = pane.isDead ? AgentState.failed.rawValue : AgentState.starting.rawValue
                    $0.statusReason = pane.isDead ? "its program exited while host \(host) was unreachable" : "back: host \(host) answers again"
                }
            }
            if !pane.isDead { await delivery.markReady(pane: pane.paneID, session: session) }
        }
        await monitor.sessionRestored(session)
        for message in (try? database.interruptedDeliveries()) ?? [] where message.projectId == project.id {
            guard let agent = try? await database.agent(projectID: project.id, id: message.targetAgent), agent.host == host else { continue }
            let profile = LaunchCommand.profile(for: agent.launchCommand, custom: configuration.agents.profiles)
            await delivery.settleInterrupted(message, pane: agent.paneId, profile: profile)
        }
        for agent in agents where agent.host == host { await delivery.kick(projectID: project.id, agentID: agent.id) }
        events.log(
            "system_alert", projectID: project.id,
            SystemAlert(level: "info", message: "Host \(host) answers again: the agents of project \(project.id) there are back.", projectId: project.id, agentId: nil))
        logger.warning("re-adopted the agents of project \(project.id) on host \(host)")
    }
}
