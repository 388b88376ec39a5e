import Foundation
import Logging
import OrchestratorCore
import Storage
import TmuxKit

/// Delivers stored messages to agents' panes: per agent strictly one at a time and in order (urgent first),
/// each as one exact bracketed paste followed by Enter, the outcome written back to the database.
///
/// The first delivery to a new pane waits until the agent's screen shows its ready pattern (or a timeout),
/// so a briefing is not typed into a program that is still starting.
actor MessageDelivery {
    private let database: AppDatabase
    private let tmux: TmuxServer
    private let settings: AgentSettings
    private let logger: Logger
    private let onDelivered: @Sendable (MessageRecord) async -> Void
    private var workers: [AgentKey: Task<Void, Never>] = [:]
    private var rerun: Set<AgentKey> = []
    private var readyPanes: Set<String> = []

    init(database: AppDatabase, tmux: TmuxServer, settings: AgentSettings, logger: Logger, onDelivered: @escaping @Sendable (MessageRecord) async -> Void = { _ in }) {
        self.database = database
        self.tmux = tmux
        self.settings = settings
        self.logger = logger
        self.onDelivered = onDelivered
    }

    /// Makes sure the agent's queue is being worked on.
    func kick(projectID: String, agentID: String) {
        let key = AgentKey(projectID: projectID, agentID: agentID)
        if workers[key] != nil {
            rerun.insert(key)
            return
        }
        workers[key] = Task { await self.work(key) }
    }

    /// Waits until no agent has a worker running (tests and shutdown).
    func idle() async {
        while let task = workers.values.first { await task.value }
    }

    /// Forgets a pane's readiness (its program restarted).
    func forget(pane: String) { readyPanes.remove(pane) }

    private func work(_ key: AgentKey) async {
        repeat {
            rerun.remove(key)
            while !Task.isCancelled, let message = try? database.nextQueuedMessage(projectID: key.projectID, agentID: key.agentID) {
                guard await deliver(message, key) else { break }
            }
        } while rerun.contains(key)
        workers[key] = nil
    }

    /// Delivers one message; false when the agent cannot take messages now (they stay queued).
    private func deliver(_ message: MessageRecord, _ key: AgentKey) async -> Bool {
        guard let id = message.id else { return false }
        guard let project = try? database.project(id: key.projectID), project.status == .running else { return false }
        guard let agent = try? database.agent(projectID: key.projectID, id: key.agentID) else {
            await finish(id, delivered: false, reason: "agent \(key.agentID) no longer exists")
            return true
        }
        guard let pane = agent.paneId, agent.status != "failed", agent.status != "stopped" else {
            await finish(id, delivered: false, reason: "agent \(key.agentID) is not running (\(agent.status))")
            return true
        }
        let session = "orc-" + key.projectID
        await waitUntilReady(pane: pane, session: session, profile: LaunchCommand.profile(for: agent.launchCommand, custom: settings.profiles))
        // Marked before the paste: a crash between paste and bookkeeping must not paste it twice (see recovery).
        try? database.markDelivering(id: id)
        var lastError = ""
        for attempt in 0..<3 {
            do {
                try await tmux.paste(message.content, to: pane, in: session)
                try await Task.sleep(for: .milliseconds(settings.enterDelayMilliseconds))
                try await tmux.sendKeys(["Enter"], to: pane, in: session)
                await finish(id, delivered: true)
                return true
            } catch TmuxError.commandFailed(_, let text) {
                lastError = text
                break
            } catch {
                lastError = "\(error)"
                try? database.recordAttempt(id: id, reason: lastError)
                try? await Task.sleep(for: .milliseconds(100 << (attempt * 2)))
            }
        }
        await finish(id, delivered: false, reason: "could not reach the agent's pane: \(lastError)")
        return true
    }

    private func finish(_ id: Int64, delivered: Bool, reason: String? = nil) async {
        do {
            if let stored = try database.finishDelivery(id: id, delivered: delivered, reason: reason) {
                database.log(delivered ? "message_delivered" : "message_failed", projectID: stored.projectId, MessageResponse(stored))
                if delivered, stored.kind == "checkin" {
                    database.log("checkin_delivered", projectID: stored.projectId, MessageResponse(stored))
                }
                await onDelivered(stored)
            }
        } catch {
            logger.error("could not record delivery of message \(id): \(error)")
        }
    }

    private func waitUntilReady(pane: String, session: String, profile: AgentProfile) async {
        guard !readyPanes.contains(pane) else { return }
        let deadline = Date().addingTimeInterval(settings.readyTimeoutSeconds)
        while Date() < deadline {
            if let screen = try? await tmux.capture(pane: pane, lines: 0), AgentStatusClassifier.isReady(screen: screen, profile: profile) { break }
            try? await Task.sleep(for: .milliseconds(150))
        }
        readyPanes.insert(pane)
    }
}
