import HTTPTypes
import Logging
import Foundation
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// Reconciles the database with tmux after a start: live sessions are re-adopted (the agents never
    /// notice, and their panes count as ready at once), agents whose session or window is gone are marked failed,
    /// messages a stop caught mid-delivery are finished or put back (see ``MessageDelivery/settleInterrupted(_:pane:profile:)``),
    /// and only then does delivery start. A running project whose whole session is gone (the machine or the
    /// container restarted, and tmux with it) has its agents started again with a resume briefing, as when tmux dies
    /// under a running server (see ``sessionLost(projectID:)``), unless `agents.restart_after_tmux_loss` is off.
    public func recover() async {
        var sessionsGone: [(projectID: String, host: String?)] = []
        do {
            // Older servers stored worktree paths relative to their working directory, which git and tmux read
            // against folders of their own: store them absolute before anything is started from them.
            let rewritten = try database.makeWorktreePathsAbsolute(worktreeRoot: worktreeRoot)
            if rewritten > 0 { logger.warning("stored \(rewritten) relative worktree path(s) as absolute under \(worktreeRoot)") }
            // A project the server was still creating when it stopped cannot have finished: mark it failed
            // (it can be resumed from there).
            for stuck in try await database.projects(status: ProjectStatus.creating.rawValue, limit: 10_000).items {
                _ = try? setStatus(.failed, of: stuck.id)
            }
            let running = try await database.projects(status: ProjectStatus.running.rawValue, limit: 10_000).items
            for record in try database.hosts() { try? await attachHost(record.name) }
            for project in running {
                let agents = try await database.agents(projectID: project.id)
                // One session per machine the project's agents run on: this one, and each SSH host.
                for host in Set(agents.map(\.host)).sorted(by: { ($0 ?? "") < ($1 ?? "") }) {
                    let session = sessionName(project.id, host: host)
                    if let host {
                        if let record = try database.host(named: host), !(await hosts.check(record)).reachable {
                            // Its agents keep running there: taken back when the host answers (``readopt(_:host:)``).
                            await markHostDown(project, host: host, since: await hosts.unreachableSince(host) ?? Date())
                            continue
                        }
                        do { _ = try await hosts.tunnel(host, to: serverListenHost, configuration.server.port) } catch {
                            logger.error("host \(host): the tunnel to the server could not be opened: \(error)")
                        }
                    }
                    let hasSession = await tmux.hasSession(session)
                    let panes = hasSession ? ((try? await tmux.panes(in: session)) ?? []) : []
                    if !hasSession { sessionsGone.append((project.id, host)) }
                    for agent in agents where agent.host == host && agent.status != "stopped" {
                        if let pane = panes.first(where: { $0.windowName == agent.id }) {
                            try database.updateAgent(projectID: project.id, id: agent.id) {
                                $0.paneId = pane.paneID
                                $0.windowId = pane.windowID
                                if pane.isDead { $0.status = "failed"; $0.statusReason = "process exited while the server was down" }
                            }
                            if !pane.isDead { await delivery.markReady(pane: pane.paneID, session: session) }
                        } else {
                            try database.updateAgent(projectID: project.id, id: agent.id) {
                                $0.status = "failed"
                                $0.statusReason = "its window was gone when the server started"
                                $0.paneId = nil
                            }
                        }
                    }
                    logger.info("recovered project \(project.id)\(host.map { " on host \($0)" } ?? ""): \(panes.count) live panes")
                }
            }
            let interrupted = try database.interruptedDeliveries()
            var outcomes: [SettledDelivery: Int] = [:]
            for message in interrupted {
                let agent = try await database.agent(projectID: message.projectId, id: message.targetAgent)
                // A message to an agent on a host that does not answer is settled when it answers again.
                if Self.isHostOutage(agent?.statusReason) { continue }
                let profile = LaunchCommand.profile(for: agent?.launchCommand ?? "", custom: configuration.agents.profiles)
                let outcome = await delivery.settleInterrupted(message, pane: agent?.status == "failed" ? nil : agent?.paneId, profile: profile)
                outcomes[outcome, default: 0] += 1
            }
            if !interrupted.isEmpty {
                let detail = outcomes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
                logger.warning("settled \(interrupted.count) message(s) that a stop caught mid-delivery: \(detail)")
            }
            for pending in try database.agentsWithQueuedMessages() {
                await delivery.kick(projectID: pending.projectID, agentID: pending.agentID)
            }
        } catch {
            logger.error("recovery failed: \(error)")
        }
        await delivery.open()
        for (projectID, host) in sessionsGone {
            await sessionLost(projectID: projectID, host: host)
        }
    }

    /// Queues every check-in that is due (also those that fell due while the server was down).
    public func fireDueCheckins(now: Date = Date()) async {
        // The check-in table is read again only when it changed; until then the next due time says whether any is due.
        if checkinTables.changed(in: database.versions) {
            do { nextCheckinDue = try database.nextCheckinDue() } catch {
                checkinTables.reset()
                return
            }
        }
        guard let next = nextCheckinDue, next <= now else { return }
        guard let due = try? database.dueCheckins(at: now) else { return }
        for checkin in due {
            let message = MessageRecord(
                projectId: checkin.projectId, targetAgent: checkin.targetAgent, kind: "checkin", senderKind: "system",
                sender: checkin.createdBy, content: checkin.note, checkinId: checkin.id)
            do {
                guard let stored = try database.fireCheckin(checkin, message: message, at: now) else { continue }
                await delivery.kick(projectID: stored.projectId, agentID: stored.targetAgent)
            } catch {
                logger.error("check-in \(checkin.id ?? 0) could not fire: \(error)")
            }
        }
    }
}
