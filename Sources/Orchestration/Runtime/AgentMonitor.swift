import Foundation
import Logging
import NIOCore
import OrchestratorCore
import ProcessKit
import Storage
import TmuxKit

/// Watches agents: notes when each pane last printed (from the control-mode `%output` stream, no polling)
/// and re-classifies each agent's state every `agents.status_interval_seconds`, saving changes. A state an
/// agent's own hook reported wins while it is fresh (`agents.hook_authority_seconds`); the screen decides after.
/// A running project whose tmux session has vanished (the tmux server died) is handed to ``onSessionLost``.
package actor AgentMonitor {
    private let database: AppDatabase
    private let events: EventHub
    private let tmux: TmuxServer
    private let logger: Logger
    private let profiles: [AgentProfile]
    private let hookAuthority: TimeInterval
    private var onSessionLost: (@Sendable (String) async -> Bool)?
    private var onAiderScreen: (@Sendable (AgentRecord, String) async -> Void)?
    /// Sessions already reported lost, so one loss is handled once.
    private var lostSessions: Set<String> = []
    private var lastOutput: [String: Date] = [:]
    private var screens: [String: (text: String, at: Date)] = [:]
    /// The output stream each session's control client feeds. A client's stream has one reader for good: the task
    /// is never cancelled while its client lives (a second reader of the same stream would get nothing); it ends
    /// when the client does (the session ended).
    private var subscriptions: [String: (client: TmuxControlClient, task: Task<Void, Never>)] = [:]
    private var started: [String: Date] = [:]
    /// Which agent each pane belongs to, learned on every tick.
    private var owners: [String: AgentKey] = [:]
    /// Output waiting for the next frame, per pane.
    private var pendingOutput: [String: [UInt8]] = [:]
    private var outputVolume: [String: Int] = [:]
    private var settled: [String: (at: Date, state: String, alive: Bool, command: String?)] = [:]
    /// How often a settled agent whose pane printed nothing is classified again (a reset time may pass meanwhile).
    private let settledRecheck: TimeInterval = 30
    private var scheduledFrames: Set<String> = []
    private var lastFrame: [String: ContinuousClock.Instant] = [:]
    /// Live output goes to watchers at most this often per pane.
    private let frameInterval: Duration = .milliseconds(100)
    /// The running projects' agents as last read, read again only after the agent or project table changed.
    private var runningAgents: [AgentRecord] = []
    private var agentTables = TableChangeWatch([.agent, .project])

    package init(database: AppDatabase, events: EventHub, tmux: TmuxServer, profiles: [AgentProfile], hookAuthority: TimeInterval = 5, logger: Logger) {
        self.database = database
        self.events = events
        self.tmux = tmux
        self.profiles = profiles
        self.hookAuthority = hookAuthority
        self.logger = logger
    }

    /// Sets what happens when a running project's session is gone (called with the session's address, see
    /// ``SessionAddress``; false when the
    /// session is missing on purpose, to be looked at again on a later tick).
    package func whenSessionLost(_ handler: @escaping @Sendable (String) async -> Bool) { onSessionLost = handler }

    /// Sets what reads a freshly captured aider screen (its cost lines).
    package func whenAiderScreenRead(_ handler: @escaping @Sendable (AgentRecord, String) async -> Void) { onAiderScreen = handler }

    /// Looks at a pane again on the next tick even if it seemed settled (someone just typed into it).
    package func forgetSettled(pane: String) {
        settled[pane] = nil
        screens[pane] = nil
    }

    /// Forgets a lost session once it has been restarted.
    package func sessionRestored(_ session: String) { lostSessions.remove(session) }

    /// When a pane last printed, if seen.
    package func lastOutput(pane: String) -> Date? { lastOutput[pane] }

    /// When a pane of `session` last printed, watching the session's output from now on if it was not yet (a new
    /// project's first message should not wait for the next tick to see its agent print).
    package func lastOutput(pane: String, watching session: String) async -> Date? {
        if subscriptions[session] == nil { await subscribe(session) }
        return lastOutput[pane]
    }

    /// The pane's screen as the monitor last captured it, and when: current while the pane has not printed since.
    package func latestScreen(pane: String) -> (text: String, at: Date)? { screens[pane] }

    /// Bytes a pane has printed since this server started watching it.
    package func outputBytes(pane: String) -> Int { outputVolume[pane] ?? 0 }

    /// One pass over every running project's agents.
    package func tick(now: Date = Date()) async {
        // An idle fleet changes no row: its agents are not decoded again every tick.
        if agentTables.changed(in: database.versions) {
            guard let fresh = try? await database.agents(inProjectsWithStatus: [ProjectStatus.running.rawValue]) else {
                agentTables.reset()
                return
            }
            runningAgents = fresh
        }
        let agents = runningAgents
        // One group per tmux session: a project's agents on this machine, and on each SSH host.
        let bySession = Dictionary(grouping: agents, by: SessionAddress.of)
        // One listing of every pane for all sessions (one round trip a tick, not one per project).
        var panesBySession: [String: [PaneInfo]] = [:]
        // Through a session on this machine: one on an SSH host would list only that host's panes.
        if let local = bySession.keys.first(where: { !$0.contains("@") }), let everyPane = try? await tmux.allPanes(via: local) {
            panesBySession = Dictionary(grouping: everyPane, by: \.session)
        }
        for (session, agents) in bySession {
            // Known owners first, so output buffered before the subscription is attributed, not dropped.
            for agent in agents { if let pane = agent.paneId { owners[pane] = AgentKey(projectID: agent.projectId, agentID: agent.id) } }
            if session.contains("@") {
                // A session on an SSH host is looked at beside the tick, one look at a time: a host whose link hangs
                // must not hold up every other agent's status until its connection times out.
                guard !remoteLooks.contains(session) else { continue }
                remoteLooks.insert(session)
                Task {
                    await self.look(at: session, agents: agents, listed: nil, now: now)
                    self.remoteLookDone(session)
                }
            } else {
                await look(at: session, agents: agents, listed: panesBySession[session], now: now)
            }
        }
        prune(keeping: Set(agents.compactMap(\.paneId)))
    }

    /// Sessions on SSH hosts being looked at now.
    private var remoteLooks: Set<String> = []

    private func remoteLookDone(_ session: String) { remoteLooks.remove(session) }

    /// Classifies the agents of one session, from `listed` panes or a listing of its own; reports the session lost
    /// when it is gone.
    private func look(at session: String, agents: [AgentRecord], listed: [PaneInfo]?, now: Date) async {
        // A subscription removes itself when its client ends, so a live one costs nothing here.
        if subscriptions[session] == nil { await subscribe(session) }
        // A failed listing says nothing about the agents unless the session itself is gone.
        var listed = listed
        if listed == nil { listed = try? await tmux.panes(in: session) }
        guard let panes = listed else {
            if agents.contains(where: { $0.paneId != nil }), await !tmux.hasSession(session), !lostSessions.contains(session) {
                lostSessions.insert(session)
                if await onSessionLost?(session) != true { lostSessions.remove(session) }
            }
            return
        }
        for agent in agents { await classify(agent, panes: panes, now: now) }
    }

    /// Forgets panes no running agent has any more (paused, terminated, restarted into a new pane): pane ids
    /// are never reused, so without this every resume would leave its panes' screens and counters behind.
    private func prune(keeping live: Set<String>) {
        guard owners.count > live.count || screens.count > live.count || lastOutput.count > live.count || started.count > live.count
            || settled.count > live.count || outputVolume.count > live.count || lastFrame.count > live.count
        else { return }
        owners = owners.filter { live.contains($0.key) }
        screens = screens.filter { live.contains($0.key) }
        lastOutput = lastOutput.filter { live.contains($0.key) }
        started = started.filter { live.contains($0.key) }
        settled = settled.filter { live.contains($0.key) }
        outputVolume = outputVolume.filter { live.contains($0.key) }
        lastFrame = lastFrame.filter { live.contains($0.key) }
        pendingOutput = pendingOutput.filter { live.contains($0.key) }
    }

    private func classify(_ agent: AgentRecord, panes: [PaneInfo], now: Date) async {
        guard let paneID = agent.paneId, agent.status != "stopped" else { return }
        owners[paneID] = AgentKey(projectID: agent.projectId, agentID: agent.id)
        let pane = panes.first { $0.paneID == paneID }
        if started[paneID] == nil { started[paneID] = now }
        let output = lastOutput[paneID]
        let alive = pane.map { !$0.isDead } ?? false
        // The agent's own hook spoke lately: it knows better than the screen (a dead pane still counts).
        if alive, let hookAt = agent.hookAt, now.timeIntervalSince(hookAt) < hookAuthority { return }
        // A settled agent (idle, waiting, exhausted, failed) whose pane printed nothing and whose program is
        // unchanged stays as it was: it is looked at again only every ``settledRecheck`` seconds.
        if let last = settled[paneID], last.state == agent.status, last.alive == alive, last.command == pane?.currentCommand,
            output.map({ $0 <= last.at }) ?? true, now.timeIntervalSince(last.at) < settledRecheck
        {
            return
        }
        let screen: String
        var fresh = false
        // A pane's screen changes only by printing, which the %output stream reports: a screen read since its last
        // output is still what it shows (read again every 10 minutes all the same, for a resize or lost output).
        if let cached = screens[paneID], output.map({ $0 <= cached.at }) ?? true, now.timeIntervalSince(cached.at) < 600 {
            screen = cached.text
        } else if agent.status == AgentState.active.rawValue, let cached = screens[paneID], let output, now.timeIntervalSince(output) < 1,
            now.timeIntervalSince(cached.at) < 5
        {
            // Active and still printing: nothing to learn from its screen until it pauses for a second (or every 5 s),
            // so 200 chatty agents no longer mean 200 processes a second. Any other state reads the screen afresh.
            screen = cached.text
        } else {
            screen = (try? await tmux.capture(pane: paneID, lines: 0)) ?? ""
            screens[paneID] = (screen, now)
            fresh = true
        }
        let profile = LaunchCommand.profile(for: agent.launchCommand, custom: profiles)
        if fresh, profile.name == "aider", let onAiderScreen { await onAiderScreen(agent, ScreenText.plain(screen)) }
        // tmux names a wrapper script's pane after its interpreter; look below it for the real program (a
        // sandbox's own processes, bwrap, are wrappers too).
        var programRunning: Bool?
        // (Not for a pane on an SSH host: its process ids are the host's.)
        if let pane, !profile.isShell, !MessageDelivery.isRemote(paneID), ShellName.isShell(pane.currentCommand) || pane.currentCommand == "bwrap" {
            programRunning = ProcessTree.commands(under: pane.pid).contains { !ShellName.isShell($0) && $0 != "bwrap" }
        }
        let plain = ScreenText.plain(screen)
        // An agent already seen at work (or asking) has started: its startup grace is over, whatever the clock says
        // (one answered within its first seconds is not "starting" again).
        var sinceStart = now.timeIntervalSince(started[paneID] ?? now)
        if ![AgentState.starting.rawValue, AgentState.stopped.rawValue, AgentState.failed.rawValue].contains(agent.status) {
            sinceStart = max(sinceStart, profile.startupGraceSeconds)
        }
        let observation = AgentObservation(
            paneAlive: alive, stopped: false, currentCommand: pane?.currentCommand, programRunning: programRunning,
            secondsSinceStart: sinceStart,
            secondsSinceLastOutput: output.map { now.timeIntervalSince($0) }, screen: plain)
        let result = AgentStatusClassifier.classify(observation, profile: profile)
        if [.idle, .waiting, .exhausted, .failed].contains(result.state) {
            settled[paneID] = (now, result.state.rawValue, alive, pane?.currentCommand)
        } else {
            settled[paneID] = nil
        }
        let credit = result.state == .exhausted ? "exhausted" : "ok"
        let prompt = result.state == .waiting ? PromptParser.parse(plain)?.storedText : nil
        let outputWorthSaving = output.map { seen in agent.lastOutputAt.map { seen.timeIntervalSince($0) > 5 } ?? true } ?? false
        guard result.state.rawValue != agent.status || credit != agent.creditStatus || result.resetTime != agent.resetTime
            || prompt != agent.prompt || outputWorthSaving
        else { return }
        let state = result.state.rawValue
        let reset = result.resetTime
        let reason = "screen: " + result.reason
        let changed = state != agent.status
        let authority = hookAuthority
        // The row is read again inside the write: a hook that spoke since this tick read the agents keeps its state.
        let saved = try? database.updateAgent(projectID: agent.projectId, id: agent.id) {
            if let output { $0.lastOutputAt = output }
            if alive, let hookAt = $0.hookAt, now.timeIntervalSince(hookAt) < authority { return }
            $0.status = state
            if changed || prompt != agent.prompt { $0.statusReason = reason }
            $0.prompt = prompt
            $0.creditStatus = credit
            $0.resetTime = reset
        }
        guard saved?.status == state else { return }
        if changed || prompt != agent.prompt {
            events.log(
                "agent_status_update", projectID: agent.projectId,
                AgentStatusEvent(agentId: agent.id, status: state, currentTask: agent.currentTask, statusReason: reason, prompt: prompt.flatMap(AgentPrompt.init(storedText:)), timestamp: now))
        }
        if changed, let alert = SystemAlert.forAgent(agent, enteringState: result.state, resetTime: reset) {
            events.log("system_alert", projectID: agent.projectId, alert)
        }
    }

    private func subscribe(_ session: String) async {
        guard let client = try? await tmux.controlClient(for: session) else { return }
        let identity = ObjectIdentifier(client)
        if let current = subscriptions[session], ObjectIdentifier(current.client) == identity { return }
        subscriptions[session]?.task.cancel()
        // A new client may have missed output in between: the session's screens are read again.
        if subscriptions[session] != nil {
            let panes = Set(owners.filter { SessionAddress.name($0.value.projectID, pane: $0.key) == session }.keys)
            screens = screens.filter { !panes.contains($0.key) }
        }
        let task = Task { [weak self] in
            for await event in client.events {
                switch event {
                case .output(let pane, let bytes): await self?.noteOutput(pane, bytes)
                // Output dropped while the client lagged: the cached screen is no longer what the pane shows.
                case .paused(let pane): await self?.outputLost(pane: pane)
                default: break
                }
            }
            await self?.subscriptionEnded(session, client: identity)
        }
        subscriptions[session] = (client, task)
    }

    /// Terminals watching each pane's raw output.
    private var terminalTaps: [String: [UUID: TerminalTap]] = [:]

    /// Starts copying a pane's raw output (escapes and all) to a terminal; call before drawing its current screen so
    /// nothing printed in between is lost. The pane's session is subscribed to if it was not.
    package func tap(pane: String, session: String) async -> TerminalTap {
        let tap = TerminalTap(pane: pane)
        terminalTaps[pane, default: [:]][tap.id] = tap
        if subscriptions[session] == nil { await subscribe(session) }
        return tap
    }

    /// tmux dropped a pane's output for a slow control client: the cached screen is no longer what the pane shows,
    /// and its terminals draw it afresh.
    private func outputLost(pane: String) {
        forgetSettled(pane: pane)
        for tap in terminalTaps[pane, default: [:]].values { tap.lost() }
    }

    /// Stops copying output to a terminal.
    package func untap(_ tap: TerminalTap) {
        terminalTaps[tap.pane]?[tap.id] = nil
        if terminalTaps[tap.pane]?.isEmpty == true { terminalTaps[tap.pane] = nil }
        tap.sink.finish()
    }

    /// Forgets a session's subscription once its client has ended (the session closed, or tmux went away).
    private func subscriptionEnded(_ session: String, client: ObjectIdentifier) {
        if let current = subscriptions[session], ObjectIdentifier(current.client) == client { subscriptions[session] = nil }
    }

    /// Notes when a pane printed and, when someone watches its project, queues the bytes for the next frame.
    /// Output goes out at once when the pane has been quiet for a frame interval, else at the end of the
    /// interval, coalesced: a person sees single lines immediately and a flood at most 10 times a second.
    private func noteOutput(_ pane: String, _ bytes: [UInt8]) async {
        lastOutput[pane] = Date()
        outputVolume[pane, default: 0] += bytes.count
        for tap in terminalTaps[pane, default: [:]].values { tap.deliver(bytes) }
        guard let owner = owners[pane], events.hasWatchers(projectID: owner.projectID) else { return }
        pendingOutput[pane, default: []] += bytes
        guard !scheduledFrames.contains(pane) else { return }
        let now = ContinuousClock.now
        if let last = lastFrame[pane], now - last < frameInterval {
            scheduledFrames.insert(pane)
            let wait = frameInterval - (now - last)
            Task { [weak self] in
                try? await Task.sleep(for: wait)
                await self?.flushOutput(pane)
            }
        } else {
            await flushOutput(pane)
        }
    }

    private func flushOutput(_ pane: String) async {
        scheduledFrames.remove(pane)
        guard var bytes = pendingOutput.removeValue(forKey: pane), let owner = owners[pane] else { return }
        // A character or an escape sequence split between two chunks waits for its other half.
        let complete = min(UTF8Boundary.completePrefixLength(bytes), EscapeBoundary.completePrefixLength(bytes))
        if complete < bytes.count {
            pendingOutput[pane] = Array(bytes[complete...])
            bytes.removeSubrange(complete...)
        }
        guard !bytes.isEmpty else { return }
        lastFrame[pane] = .now
        let output = AgentOutputEvent(agentId: owner.agentID, paneId: pane, text: ScreenText.plain(String(decoding: bytes, as: UTF8.self)))
        var writer = JSONWriter(capacity: bytes.count + 64)
        output.write(to: &writer)
        await events.broadcast(
            EventHub.Envelope(id: 0, type: "agent_output", timestamp: Date(), data: String(buffer: writer.buffer), projectID: owner.projectID))
    }
}
