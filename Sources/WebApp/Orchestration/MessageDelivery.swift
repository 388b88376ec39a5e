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
    private let events: EventHub
    private let tmux: TmuxServer
    private let settings: AgentSettings
    private let logger: Logger
    private let onDelivered: @Sendable (MessageRecord) async -> Void
    private var workers: [AgentKey: Task<Void, Never>] = [:]
    private var rerun: Set<AgentKey> = []
    private var readyPanes: Set<String> = []

    init(database: AppDatabase, events: EventHub, tmux: TmuxServer, settings: AgentSettings, logger: Logger, onDelivered: @escaping @Sendable (MessageRecord) async -> Void = { _ in }) {
        self.database = database
        self.events = events
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

    /// Forgets a project's panes' readiness (its programs restarted).
    func forget(session: String) { readyPanes = readyPanes.filter { !$0.hasPrefix(session + " ") } }

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
        // The project may have been paused while we waited: then the message waits for the resume.
        guard (try? database.project(id: key.projectID))?.status == .running else { return false }
        // Loading the buffer reaches no pane, so it may be retried; the paste itself is sent once only, so a
        // message is never typed twice (after a lost answer it is reported as possibly delivered).
        var buffer: String?
        var lastError = ""
        for attempt in 0..<3 {
            do {
                buffer = try await tmux.loadBuffer(message.content, in: session)
                break
            } catch {
                lastError = "\(error)"
                try? database.recordAttempt(id: id, reason: lastError)
                try? await Task.sleep(for: .milliseconds(100 << (attempt * 2)))
            }
        }
        guard let buffer else {
            await finish(id, delivered: false, reason: "could not reach tmux: \(lastError)")
            return true
        }
        // Marked before the paste: a crash between paste and bookkeeping must not paste it twice (see recovery).
        try? database.markDelivering(id: id)
        do {
            try await tmux.pasteBuffer(buffer, to: pane, in: session)
        } catch TmuxError.commandFailed(_, let text) {
            await finish(id, delivered: false, reason: "the agent's pane refused it: \(text)")
            return true
        } catch {
            await finish(id, delivered: false, reason: "tmux stopped answering while pasting (\(error)); it may have arrived")
            return true
        }
        try? await Task.sleep(for: .milliseconds(settings.enterDelayMilliseconds))
        for attempt in 0..<3 {
            do {
                try await tmux.sendKeys(["Enter"], to: pane, in: session)
                await finish(id, delivered: true)
                return true
            } catch {
                lastError = "\(error)"
                try? await Task.sleep(for: .milliseconds(100 << (attempt * 2)))
            }
        }
        await finish(id, delivered: false, reason: "the text was pasted but Enter could not be sent: \(lastError)")
        return true
    }

    private func finish(_ id: Int64, delivered: Bool, reason: String? = nil) async {
        do {
            if let stored = try database.finishDelivery(id: id, delivered: delivered, reason: reason) {
                events.log(delivered ? "message_delivered" : "message_failed", projectID: stored.projectId, MessageResponse(stored))
                if delivered, stored.kind == "checkin" {
                    events.log("checkin_delivered", projectID: stored.projectId, MessageResponse(stored))
                }
                await onDelivered(stored)
            }
        } catch {
            logger.error("could not record delivery of message \(id): \(error)")
        }
    }

    private func waitUntilReady(pane: String, session: String, profile: AgentProfile) async {
        let key = session + " " + pane
        guard !readyPanes.contains(key) else { return }
        let deadline = Date().addingTimeInterval(settings.readyTimeoutSeconds)
        while Date() < deadline {
            if let screen = try? await tmux.capture(pane: pane, lines: 0), AgentStatusClassifier.isReady(screen: screen, profile: profile) { break }
            try? await Task.sleep(for: .milliseconds(150))
        }
        readyPanes.insert(key)
    }
}
