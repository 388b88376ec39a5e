import Foundation
import Logging
import OrchestratorCore
import Storage
import TmuxKit

/// Delivers stored messages to agents' panes: per agent strictly one at a time and in order (urgent first),
/// each as one exact bracketed paste followed by Enter, the outcome written back to the database.
///
/// The first delivery to a new pane waits until the agent is ready: its profile's ready pattern shows, or — for a
/// program no profile knows — its screen has been still for `agents.ready_quiet_seconds` after it printed
/// something (or a timeout passed).
/// Nothing is pasted while the agent shows a question (it would answer it): such messages are held, with the
/// reason, and go once the question is answered. Nothing goes before recovery has settled what a crash left
/// half-delivered (see ``settleInterrupted(_:pane:profile:)``).
package actor MessageDelivery {
    private let database: AppDatabase
    private let events: EventHub
    private let tmux: TmuxServer
    private let settings: AgentSettings
    private let logger: Logger
    private let onDelivered: @Sendable (MessageRecord) async -> Void
    /// When a pane last printed (session, pane), from the monitor's `%output` stream.
    private let lastOutput: @Sendable (String, String) async -> Date?
    /// The monitor's latest capture of a pane, and when it was taken.
    private let latestScreen: @Sendable (String) async -> (text: String, at: Date)?
    private var workers: [AgentKey: Task<Void, Never>] = [:]
    private var rerun: Set<AgentKey> = []
    private var readyPanes: Set<String> = []
    /// Closed until recovery has settled half-delivered messages, so nothing is pasted onto unsent text.
    private var isOpen = false
    private var openWaiters: [CheckedContinuation<Void, Never>] = []
    /// Whether the last look found held messages, and the tables that could change that.
    private var anyHeld = true
    private var heldTables = TableChangeWatch([.message, .agent])

    /// People typing in agents' terminals: their half-typed lines hold messages back.
    package nonisolated let typing = TerminalTyping()

    package init(
        database: AppDatabase, events: EventHub, tmux: TmuxServer, settings: AgentSettings, logger: Logger,
        lastOutput: @escaping @Sendable (String, String) async -> Date? = { _, _ in nil },
        latestScreen: @escaping @Sendable (String) async -> (text: String, at: Date)? = { _ in nil },
        onDelivered: @escaping @Sendable (MessageRecord) async -> Void = { _ in }
    ) {
        self.lastOutput = lastOutput
        self.latestScreen = latestScreen
        self.database = database
        self.events = events
        self.tmux = tmux
        self.settings = settings
        self.logger = logger
        self.onDelivered = onDelivered
    }

    /// Makes sure the agent's queue is being worked on.
    /// - Parameter next: the agent's next message as just queued, used only when no worker runs for the agent yet.
    package func kick(projectID: String, agentID: String, next: PendingDelivery? = nil) {
        let key = AgentKey(projectID: projectID, agentID: agentID)
        if workers[key] != nil {
            rerun.insert(key)
            return
        }
        workers[key] = Task { await self.work(key, first: next) }
    }

    /// Waits until no agent has a worker running (tests and shutdown).
    package func idle() async {
        while let task = workers.values.first { await task.value }
    }

    /// Forgets a project's panes' readiness (its programs restarted).
    package func forget(session: String) { readyPanes = readyPanes.filter { !$0.hasPrefix(session + " ") } }

    /// Forgets the readiness of every pane of a project, on every machine.
    package func forget(projectID: String) {
        let local = SessionAddress.name(projectID, host: nil)
        readyPanes = readyPanes.filter { !$0.hasPrefix(local + " ") && !$0.hasPrefix(local + "@") }
    }

    /// Counts a pane as ready at once (a re-adopted pane whose program has been running all along).
    package func markReady(pane: String, session: String) { readyPanes.insert(session + " " + pane) }

    /// Lets deliveries start (recovery is done).
    func open() {
        isOpen = true
        for waiter in openWaiters { waiter.resume() }
        openWaiters.removeAll()
    }

    /// Messages found queued with no worker for their agent (``watchdog(now:)``): a number that should stay 0,
    /// exported as `orchestrator_delivery_stalls_total`.
    package private(set) var stalls = 0
    /// Seconds from queued to delivered (or given up), by outcome: `orchestrator_message_delivery_seconds`.
    package private(set) var latency = [
        "delivered": ResponseHistogram(bounds: ResponseHistogram.deliveryBounds), "failed": ResponseHistogram(bounds: ResponseHistogram.deliveryBounds),
    ]
    private var lastWatch = Date.distantPast

    /// Every few seconds: a message queued (not held) for over `age` seconds whose agent is alive in a running project
    /// and has no worker is a stall. It is logged, counted, and its agent's queue is worked on.
    package func watchdog(now: Date = Date(), age: TimeInterval = 3) {
        guard isOpen, now.timeIntervalSince(lastWatch) >= 2 else { return }
        lastWatch = now
        guard let stale = try? database.agentsWithStaleQueuedMessages(before: now.addingTimeInterval(-age)) else { return }
        for agent in stale where workers[AgentKey(projectID: agent.projectID, agentID: agent.agentID)] == nil {
            stalls += 1
            logger.warning("delivery stall: \(agent.projectID)/\(agent.agentID) had queued messages and no worker; picked up")
            kick(projectID: agent.projectID, agentID: agent.agentID)
        }
    }

    /// Kicks every agent that has held messages, so they go once the agent no longer waits for a person.
    package func retryHeld() {
        // Nothing was held at the last look and no message or agent changed since: nothing to retry.
        if !anyHeld, !heldTables.changed(in: database.versions) { return }
        guard let held = try? database.agentsWithHeldMessages() else {
            heldTables.reset()
            return
        }
        anyHeld = !held.isEmpty
        for agent in held where workers[AgentKey(projectID: agent.projectID, agentID: agent.agentID)] == nil {
            kick(projectID: agent.projectID, agentID: agent.agentID)
        }
    }

    /// Finishes or settles a message that a stop of the server caught mid-delivery. If its text still sits at
    /// the agent's input line, only the Enter is missing: it is sent and the message counts as delivered. If the
    /// paste had been confirmed and the text has left the input line, the Enter had gone: delivered. Otherwise
    /// the text never reached the pane and the message goes back to the queue, in its place.
    @discardableResult
    package func settleInterrupted(_ message: MessageRecord, pane: String?, profile: AgentProfile) async -> SettledDelivery {
        guard let id = message.id else { return .failed }
        guard let pane else {
            await finish(id, delivered: false, reason: "the server stopped while delivering it and the agent's window is gone")
            return .failed
        }
        let session = SessionAddress.name(message.projectId, pane: pane)
        guard let screen = try? await tmux.screenAndCursor(pane: pane) else {
            await finish(id, delivered: false, reason: "the server stopped while delivering it and the agent's pane could not be read")
            return .failed
        }
        // The pane's markers, written with the paste and with the Enter, say what was done whatever the agent shows
        // (it may echo nothing, or draw the paste as a placeholder).
        if let markers = try? await tmux.paneOptions([Self.pastedMarker, Self.enteredMarker], of: pane, in: session) {
            let stillShown = PendingInput.isPending(pastedText(message, profile: profile), rows: screen.rows, cursorX: screen.cursorX, cursorY: screen.cursorY)
            // Entered, and the input line no longer shows it (or never shows anything): submitted. An Enter that came
            // too soon after the paste (Codex's window) may have left it in the draft: that shows, and takes the
            // Enter below.
            if markers[1] == String(id), !stillShown {
                await finish(id, delivered: true)
                return .alreadySubmitted
            }
            if markers[0] == String(id) {
                // Pasted, Enter missing. Never an Enter into a question: there it would pick the default answer.
                if holdReason(agent: nil, screen: screen.rows.joined(separator: "\n"), profile: profile) != nil {
                    await finish(id, delivered: false, reason: "pasted, but a question came up before its Enter; the text may sit in the agent's input")
                    return .failed
                }
                do {
                    try await tmux.sendKeys(["Enter"], to: pane, in: session, marking: Self.enteredMarker, String(id))
                    await finish(id, delivered: true)
                    return .enterSent
                } catch {
                    await finish(id, delivered: false, reason: "its text waits unsent in the agent's input line; Enter could not be sent: \(error)")
                    return .failed
                }
            }
            if message.pastedAt == nil {
                // Neither marker: the paste never reached tmux.
                try? database.requeue(id: id)
                return .requeued
            }
        }
        // A message pasted by a server without markers: judged by what the screen shows.
        if PendingInput.isPending(pastedText(message, profile: profile), rows: screen.rows, cursorX: screen.cursorX, cursorY: screen.cursorY) {
            do {
                try await tmux.sendKeys(["Enter"], to: pane, in: session)
                await finish(id, delivered: true)
                return .enterSent
            } catch {
                await finish(id, delivered: false, reason: "its text waits unsent in the agent's input line; Enter could not be sent: \(error)")
                return .failed
            }
        } else if message.pastedAt != nil {
            await finish(id, delivered: true)
            return .alreadySubmitted
        } else {
            try? database.requeue(id: id)
            return .requeued
        }
    }

    /// Returns once recovery has opened delivery (at once after that).
    package func untilOpen() async {
        guard !isOpen else { return }
        await withCheckedContinuation { openWaiters.append($0) }
    }

    /// What is pasted for a message: its content, and for a question the way to answer it (not for a shell,
    /// which would run that line).
    private func pastedText(_ message: MessageRecord, profile: AgentProfile) -> String {
        guard message.requiresResponse, !profile.isShell, let id = message.id else { return message.content }
        return message.content + "\n\n(Answer with: orchestrator reply --to \(id) \"your answer\")"
    }

    private func work(_ key: AgentKey, first: PendingDelivery?) async {
        var first = first
        if !isOpen {
            await untilOpen()
            first = nil  // recovery ran meanwhile: read the queue as it is now
        }
        repeat {
            rerun.remove(key)
            while !Task.isCancelled {
                let pending: PendingDelivery?
                if let first {
                    pending = first
                } else {
                    pending = await nextDelivery(key)
                }
                let fromSnapshot = first != nil
                first = nil
                guard let next = pending else { break }
                if await deliver(next.message, key, project: next.project, agent: next.agent) { continue }
                // What the request read may be stale (a project still being created then, running now): the queue
                // as it is now decides, once, before the worker stops.
                guard fromSnapshot, let fresh = await nextDelivery(key),
                    await deliver(fresh.message, key, project: fresh.project, agent: fresh.agent)
                else { break }
            }
        } while rerun.contains(key)
        workers[key] = nil
    }

    private func nextDelivery(_ key: AgentKey) async -> PendingDelivery? {
        guard let next = try? await database.nextDelivery(projectID: key.projectID, agentID: key.agentID) else { return nil }
        return PendingDelivery(message: next.message, project: next.project, agent: next.agent)
    }

    /// Delivers one message; false when the agent cannot take messages now (they stay queued).
    /// - Parameters: project, found: as read with the message.
    private func deliver(_ message: MessageRecord, _ key: AgentKey, project: ProjectRecord?, agent found: AgentRecord?) async -> Bool {
        guard let id = message.id else { return false }
        guard let project, project.status == .running else { return false }
        guard let agent = found else {
            await finish(id, delivered: false, reason: "agent \(key.agentID) no longer exists")
            return true
        }
        if agent.status == "failed", ProjectRuntime.isHostOutage(agent.statusReason) {
            // Its host does not answer: the message waits, and goes when the agent is taken back.
            let reason = "held: " + (agent.statusReason ?? "its host is unreachable")
            if message.holdReason != reason {
                try? database.hold(id: id, reason: reason)
                if let held = try? await database.message(id: id) { events.log("message_held", projectID: held.projectId, MessageResponse(held)) }
            }
            return false
        }
        guard let pane = agent.paneId, agent.status != "failed", agent.status != "stopped" else {
            await finish(id, delivered: false, reason: "agent \(key.agentID) is not running (\(agent.status))")
            return true
        }
        if await heldForTyping(message, key) { return false }
        let session = SessionAddress.of(agent)
        let profile = LaunchCommand.profile(for: agent.launchCommand, custom: settings.profiles)
        let firstUse = !readyPanes.contains(session + " " + pane)
        var screen = await waitUntilReady(pane: pane, session: session, profile: profile)
        // A message that was held, or an agent not yet seen settled, gets a fresh look at its screen: the monitor
        // may not have classified the question yet.
        if screen == nil, message.holdReason != nil || agent.status == AgentState.starting.rawValue || agent.status == AgentState.waiting.rawValue {
            screen = try? await tmux.capture(pane: pane, lines: 0)
        }
        var current = agent
        if firstUse || screen != nil {
            // The project may have been paused while we waited: then the message waits for the resume.
            guard (try? await database.project(id: key.projectID))?.status == .running else { return false }
            // After a wait for readiness the agent's state may have moved on: read it again.
            current = (try? await database.agent(projectID: key.projectID, id: key.agentID)) ?? agent
        }
        // Every paste looks at the screen as it is now, not as the last status tick saw it: the monitor's capture
        // while the pane has not printed since, else a fresh one (a question may have just been drawn).
        if screen == nil {
            let printed = await lastOutput(session, pane)
            if let cached = await latestScreen(pane), printed.map({ $0 <= cached.at }) ?? true {
                screen = cached.text
            } else {
                screen = try? await tmux.capture(pane: pane, lines: 0)
            }
        }
        if await heldForTyping(message, key) { return false }
        if let reason = holdReason(agent: current, screen: screen, profile: profile) {
            // Once the question is answered the agent must be back at its prompt before anything is pasted (the
            // next question may not be drawn yet): its readiness is judged again.
            readyPanes.remove(session + " " + pane)
            if message.holdReason != reason {
                try? database.hold(id: id, reason: reason)
                if let held = try? await database.message(id: id) { events.log("message_held", projectID: held.projectId, MessageResponse(held)) }
            }
            return false
        }
        let text = pastedText(message, profile: profile)
        // Loading the buffer reaches no pane, so it may be retried; the paste itself is sent once only, so a
        // message is never typed twice (after a lost answer it is reported as possibly delivered).
        // The "delivering" mark and the check that the pane's program still runs go out alongside the buffer.
        // Marked before the paste and again after it: recovery tells "never pasted" (queue it again) from
        // "pasted, Enter missing" (send the Enter) and never pastes a message twice.
        async let marked: Void? = try? database.markDelivering(id: id)
        async let dead = tmux.paneIsDead(pane, in: session)
        var buffer: String?
        var lastError = ""
        for attempt in 0..<3 {
            do {
                buffer = try await tmux.loadBuffer(text, in: session)
                break
            } catch {
                lastError = "\(error)"
                try? database.recordAttempt(id: id, reason: lastError)
                try? await Task.sleep(for: .milliseconds(100 << (attempt * 2)))
            }
        }
        _ = await marked
        guard let buffer else {
            _ = try? await dead
            if Self.isRemote(pane) {
                // Nothing reached the pane: back in the queue, in its place, for when the host answers again.
                try? database.requeue(id: id)
                return false
            }
            await finish(id, delivered: false, reason: "could not reach tmux: \(lastError)")
            return true
        }
        do {
            // The marker goes with the paste, in one write: recovery reads it from the pane, so it knows whether
            // the paste was made even when the agent shows nothing of it.
            try await tmux.pasteBuffer(buffer, to: pane, in: session, dead: try await dead, marking: Self.pastedMarker, String(id))
        } catch TmuxError.commandFailed(_, let text) {
            await finish(id, delivered: false, reason: "the agent's pane refused it: \(text)")
            return true
        } catch {
            if Self.isRemote(pane) {
                // The link to the host broke mid-paste: the message stays "delivering" and is settled from the pane's
                // markers when the host answers again (as after a crash), so it is never typed twice or lost.
                logger.warning("message \(id): the link to its agent's host broke while pasting; settled when it is back")
                return false
            }
            await finish(id, delivered: false, reason: "tmux stopped answering while pasting (\(error)); it may have arrived")
            return true
        }
        try? await database.markPasted(id: id)
        try? await Task.sleep(for: .milliseconds(settings.enterDelayMilliseconds))
        for attempt in 0..<3 {
            do {
                try await tmux.sendKeys(["Enter"], to: pane, in: session, marking: Self.enteredMarker, String(id))
                let detail = await confirmSubmitted(text, pane: pane, session: session, profile: profile, id: id)
                await finish(id, delivered: true, reason: detail)
                return true
            } catch {
                lastError = "\(error)"
                try? await Task.sleep(for: .milliseconds(100 << (attempt * 2)))
            }
        }
        if Self.isRemote(pane) {
            logger.warning("message \(id): the link to its agent's host broke before Enter; settled when it is back")
            return false
        }
        await finish(id, delivered: false, reason: "the text was pasted but Enter could not be sent: \(lastError)")
        return true
    }

    /// Whether a pane is on an SSH host's tmux (its id carries the host: `%3@box-2`).
    static func isRemote(_ pane: String) -> Bool { pane.contains("@") }

    /// The pane option set, in the same write, with a message's paste: its value is the message id.
    package static let pastedMarker = "@orc-pasted"
    /// The pane option set, in the same write, with a message's Enter.
    package static let enteredMarker = "@orc-entered"
    /// Extra Enters sent when the text stays in the agent's input after its Enter.
    static let extraEnters = 2

    /// Checks, once the agent had time to take it, that the text left its input line; while it still sits there
    /// (an Enter that came too soon after the paste became a newline in the draft, as Codex does within 120 ms) Enter
    /// is pressed again, at most ``extraEnters`` times, never while the screen shows a question. Returns what was
    /// done, for the message's `status_detail`, or nil when the first Enter took.
    private func confirmSubmitted(_ text: String, pane: String, session: String, profile: AgentProfile, id: Int64) async -> String? {
        var extra = 0
        while extra < Self.extraEnters {
            try? await Task.sleep(for: .milliseconds(max(150, settings.enterDelayMilliseconds * 2)))
            guard let screen = try? await tmux.screenAndCursor(pane: pane),
                PendingInput.isPending(text, rows: screen.rows, cursorX: screen.cursorX, cursorY: screen.cursorY),
                holdReason(agent: nil, screen: screen.rows.joined(separator: "\n"), profile: profile) == nil
            else { break }
            guard (try? await tmux.sendKeys(["Enter"], to: pane, in: session, marking: Self.enteredMarker, String(id))) != nil else { break }
            extra += 1
        }
        return extra == 0 ? nil : "the text stayed in the agent's input after Enter; Enter was pressed \(extra) more time\(extra == 1 ? "" : "s")"
    }

    /// Holds `message` while a person has half a line typed in the agent's terminal (checked before waiting for the
    /// agent and again right before the paste); true when it must wait.
    private func heldForTyping(_ message: MessageRecord, _ key: AgentKey) async -> Bool {
        guard let id = message.id, typing.holds(projectID: key.projectID, agentID: key.agentID) else { return false }
        if message.holdReason != Self.typingHold {
            try? database.hold(id: id, reason: Self.typingHold)
            if let held = try? await database.message(id: id) { events.log("message_held", projectID: held.projectId, MessageResponse(held)) }
        }
        return true
    }

    /// Why a message must wait now, or nil: the agent shows a question (its status, or the screen just read).
    private func holdReason(agent: AgentRecord?, screen: String?, profile: AgentProfile) -> String? {
        if agent?.status == AgentState.waiting.rawValue { return Self.waitingHold }
        guard let screen else { return nil }
        let observation = AgentObservation(secondsSinceStart: 3600, secondsSinceLastOutput: 3600, screen: ScreenText.plain(screen))
        return AgentStatusClassifier.classify(observation, profile: profile).state == .waiting ? Self.waitingHold : nil
    }

    /// The reason shown on a held message.
    package static let waitingHold = "held: the agent is waiting for an answer"
    /// The reason shown on a message held while a person types in the agent's terminal.
    package static let typingHold = "held: a person is typing in the agent's terminal"

    private func finish(_ id: Int64, delivered: Bool, reason: String? = nil) async {
        do {
            if let stored = try await database.finishDelivery(id: id, delivered: delivered, reason: reason) {
                events.log(delivered ? "message_delivered" : "message_failed", projectID: stored.projectId, MessageResponse(stored))
                latency[delivered ? "delivered" : "failed"]?.observe(max(0, (stored.deliveredAt ?? Date()).timeIntervalSince(stored.createdAt)))
                if delivered, stored.kind == "checkin" {
                    events.log("checkin_delivered", projectID: stored.projectId, MessageResponse(stored))
                }
                await onDelivered(stored)
            }
        } catch {
            logger.error("could not record delivery of message \(id): \(error)")
        }
    }

    /// Waits, the first time a pane is used, until its program is ready; returns the last screen read then.
    ///
    /// The screen is read again when the pane has printed since the last read (the monitor sees every `%output`)
    /// and otherwise at growing intervals, not on every poll: a program that prints nothing (or many agents
    /// starting at once) no longer means a `capture-pane` process every 100 ms. A pane that is gone ends the wait.
    private func waitUntilReady(pane: String, session: String, profile: AgentProfile) async -> String? {
        let key = session + " " + pane
        guard !readyPanes.contains(key) else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(settings.readyTimeoutSeconds)
        var last: String?
        var stillSince = clock.now
        var readAt: Date?
        // Unprompted re-reads back off (0.5 s, 1 s, 2 s, then every 4 s): a program that prints nothing costs a
        // handful of reads over the whole timeout, not one per poll.
        var unprompted: TimeInterval = 0.5
        while clock.now < deadline {
            let printedAt = await lastOutput(session, pane)
            let printedSince = readAt.map { read in printedAt.map { $0 >= read } ?? false } ?? true
            let due = readAt.map { Date().timeIntervalSince($0) >= unprompted } ?? true
            if printedSince || due {
                if !printedSince, readAt != nil { unprompted = min(4, unprompted * 2) }
                let started = Date()
                let screen: String
                do {
                    screen = try await tmux.capture(pane: pane, lines: 0)
                } catch TmuxError.commandFailed {
                    break  // the pane (or its session) is gone: nothing to wait for
                } catch {
                    try? await Task.sleep(for: .milliseconds(100))
                    continue
                }
                readAt = started
                if screen != last {
                    last = screen
                    stillSince = clock.now
                }
                if AgentStatusClassifier.isReady(screen: screen, profile: profile) { break }
                // A question on screen: stop waiting, so the message is held with its reason right away.
                if holdReason(agent: nil, screen: screen, profile: profile) != nil { break }
            }
            // Only a program the orchestrator has no prompt pattern for is judged by stillness: a known agent that
            // prints, pauses, then asks (aider's first-start questions) must not get its briefing in the pause.
            let printed = !(last ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if profile.name == "generic", printed, clock.now - stillSince >= .seconds(settings.readyQuietSeconds) { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        readyPanes.insert(key)
        return last
    }
}
