import Foundation
import Logging
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// A running project's tmux session vanished (the tmux server died or was killed): its agents are marked
    /// failed with the reason and a `system_alert` goes out; then, unless `agents.restart_after_tmux_loss` is off,
    /// each agent's window is started again in its worktree with a resume briefing, and what waited is delivered.
    /// Returns false when the session is missing on purpose (the project's windows are being reshaped or it no
    /// longer runs), so the loss can be noticed again later.
    @discardableResult
    package func sessionLost(projectID: String, host: String? = nil) async -> Bool {
        let session = sessionName(projectID, host: host)
        guard reshapingProjects[projectID] == nil, let project = try? await database.project(id: projectID), project.status == .running else { return false }
        if let host, let record = try? database.host(named: host) {
            // No answer from the host is not a lost session: the agents are kept there and taken back later.
            let health = await hosts.check(record)
            if !health.reachable {
                await markHostDown(project, host: host, since: await hosts.unreachableSince(host) ?? health.checkedAt)
                return true
            }
            // The host answers: asked again over a fresh connection, the session may be there after all (the old
            // connection had died under the question).
            if await tmux.hasSession(session) { return false }
        }
        logger.error("tmux session \(session) of running project \(projectID) is gone (the tmux server may have died)")
        let serverDied = host == nil ? await tmux.sessions().isEmpty : false
        let reason = serverDied ? "its tmux session is gone (the tmux server stopped)" : "its tmux session was closed"
        let agents = await (try? database.agents(projectID: projectID))?.filter { $0.host == host } ?? []
        for agent in agents where agent.status != "stopped" {
            _ = try? database.updateAgent(projectID: projectID, id: agent.id) {
                $0.status = AgentState.failed.rawValue
                $0.statusReason = reason
                $0.paneId = nil
                $0.windowId = nil
                $0.prompt = nil
            }
            events.log(
                "agent_status_update", projectID: projectID,
                AgentStatusEvent(agentId: agent.id, status: AgentState.failed.rawValue, currentTask: agent.currentTask, statusReason: reason, timestamp: Date()))
        }
        await delivery.forget(session: session)
        let restart = configuration.agents.restartAfterTmuxLoss
        events.log(
            "system_alert", projectID: projectID,
            SystemAlert(
                level: "error",
                message: "The tmux session of project \(projectID)\(host.map { " on host \($0)" } ?? "") is gone: \(serverDied ? "the tmux server stopped" : "someone closed it"). "
                    + (restart ? "Its agents are being restarted with a resume briefing." : "Resume the project to restart its agents."),
                projectId: projectID, agentId: nil))
        guard restart else { return true }
        do {
            for agent in agents where agent.status != "stopped" {
                let owner = agent.apiKeyId.flatMap { try? database.apiKey(id: $0) }?.ownerID
                    ?? project.createdBy.flatMap { try? database.user(named: $0) }?.id ?? 0
                try await start(agent, in: project, ownerID: owner, briefing: .resume)
            }
            await monitor.sessionRestored(session)
            for agent in agents { await delivery.kick(projectID: projectID, agentID: agent.id) }
            logger.warning("restarted the agents of project \(projectID) after its tmux session was lost")
        } catch {
            logger.error("could not restart project \(projectID) after its tmux session was lost: \(error)")
            await monitor.sessionRestored(session)
        }
        return true
    }
}
