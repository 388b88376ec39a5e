import Foundation
import Logging
import ProcessKit

/// The orchestrator's own tmux server, on a private socket (`tmux -L <socket>`), never the user's default one.
///
/// Sessions are created with a short-lived `tmux` process; everything else goes through one long-lived
/// control-mode client per session (see ``TmuxControlClient``), except captures, which use a separate
/// process because tmux 3.3a leaks the text captured through a control client.
public actor TmuxServer {
    /// The socket name.
    public nonisolated let socket: String
    /// How tmux processes start (here, or on an SSH host).
    public nonisolated let launcher: TmuxLauncher
    private let logger: Logger
    private var clients: [String: TmuxControlClient] = [:]
    /// The other servers by their panes' suffix (`@box-2`), for calls that name only a pane.
    private var routesBySuffix: [String: TmuxServer] = [:]
    /// Set while the machine this server runs on is known not to answer: calls fail at once instead of each
    /// waiting for a connection to time out.
    private let offline = OfflineFlag()

    /// Marks the server's machine as not answering (true) or answering again (false).
    public nonisolated func setOffline(_ value: Bool) { offline.set(value) }
    /// One at a time: connecting a control client, and the steps that make tmux notify every control client
    /// (a session made or ended, a client leaving, a session's last window closed). tmux 3.3a sends those
    /// notifications to a control client that is still connecting, and crashes (fixed in tmux 3.7).
    private let lifecycle = SerialGate()

    /// A driver for the tmux server on `socket` (started on demand).
    public init(socket: String, tmuxPath: String = "tmux", logger: Logger = Logger(label: "tmux")) {
        self.socket = socket
        self.launcher = .local(socket: socket, tmuxPath: tmuxPath)
        self.logger = logger
    }

    /// A driver for a tmux server that `launcher` reaches (e.g. over SSH), its panes' ids carrying the launcher's suffix.
    public init(socket: String, launcher: TmuxLauncher, logger: Logger = Logger(label: "tmux")) {
        self.socket = socket
        self.launcher = launcher
        self.logger = logger
    }

    // MARK: sessions on other servers

    /// Makes another tmux server (an SSH host's) reachable through this one: a session addressed as
    /// `<name><suffix>` (`orc-shop@box-2`) is the session `<name>` there, and a pane id ending in the suffix is one
    /// of its panes. Every call about them goes there.
    public func attach(_ server: TmuxServer) {
        routesBySuffix[server.launcher.paneSuffix] = server
    }

    /// Forgets an attached server (its sessions and panes then answer as missing).
    public func detach(suffix: String) { routesBySuffix[suffix] = nil }

    /// The server a session address points at, with the session's own name there; nil for this server's sessions.
    public func routed(_ session: String) -> (server: TmuxServer, name: String)? {
        guard let at = session.firstIndex(of: "@") else { return nil }
        // An unknown suffix goes to a server that is offline for good, so the session simply answers as missing.
        let server = routesBySuffix[String(session[at...])] ?? TmuxServer.unreachable(suffix: String(session[at...]))
        return (server, String(session[..<at]))
    }

    /// A stand-in for a server nobody attached: every call fails as for a machine that does not answer.
    private static func unreachable(suffix: String) -> TmuxServer {
        let server = TmuxServer(socket: "unattached", launcher: TmuxLauncher(paneSuffix: suffix) { _ in ["/bin/false"] })
        server.setOffline(true)
        return server
    }

    func routed(pane: String) -> TmuxServer? {
        guard let at = pane.firstIndex(of: "@") else { return nil }
        return routesBySuffix[String(pane[at...])]
    }

    // MARK: separate processes

    /// Runs one `tmux -L <socket> …` process and returns its standard output.
    ///
    /// Runs through ``ChildProcess``: the first `tmux` call starts the server, which daemonises and keeps
    /// inherited descriptors, so waiting on pipes or on Foundation's termination handler could hang.
    @discardableResult
    public nonisolated func runProcess(_ argv: [String], input: String? = nil) async throws -> String {
        if offline.value { throw TmuxError.disconnected }
        let output: ProcessOutput
        do {
            let command = launcher.argv(argv)
            output = try await ChildProcess(
                executable: URL(fileURLWithPath: command[0]), arguments: Array(command.dropFirst()),
                directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), environment: Self.environment,
                input: input, timeout: .seconds(30)
            ).run()
        } catch ProcessError.timedOut {
            throw TmuxError.timedOut(command: argv.first ?? "")
        } catch {
            throw TmuxError.notInstalled
        }
        guard output.status == 0 else {
            if output.status == 127 { throw TmuxError.notInstalled }
            throw TmuxError.commandFailed(command: argv.first ?? "", message: output.stderr)
        }
        return output.stdout
    }

    /// The environment tmux (and so every agent) inherits: the server's own, minus its secrets.
    static let environment: [String: String] = {
        ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasPrefix("ORCHESTRATOR_") && (key.contains("PASSWORD") || key.contains("TOKEN") || key.contains("SECRET") || key.contains("KEY")))
        }
    }()

    /// Whether a session exists.
    public func hasSession(_ name: String) async -> Bool {
        if case let (remote, name)? = routed(name) { return await remote.hasSession(name) }
        return (try? await runProcess(["has-session", "-t", "=" + name])) != nil
    }

    /// Names of all sessions on this server (empty when the server is not running).
    public func sessions() async -> [String] {
        guard let output = try? await runProcess(["list-sessions", "-F", "#{session_name}"]) else { return [] }
        return output.split(separator: "\n").map(String.init)
    }

    /// The server's process id, sessions and panes; nil when the server is not running (or holds no pane).
    public func facts() async -> TmuxServerFacts? {
        guard let listing = try? await runProcess(["list-panes", "-a", "-F", "#{pid}\t#{session_name}\t#{pane_id}"]) else { return nil }
        return TmuxServerFacts(listing: listing)
    }

    /// Creates a detached session whose first window runs `window`, and sets the server's options
    /// (200x50 windows, dead panes kept for inspection, generous history).
    public func newSession(_ name: String, window: WindowSpec) async throws -> PaneInfo {
        if case let (remote, name)? = routed(name) { return try await remote.newSession(name, window: window) }
        // Options first, so a first window whose program exits at once cannot take the server down with it;
        // and the server keeps running when its last session closes (pausing every project does not restart it).
        try await startServer()
        let output = try await lifecycle.run {
            var attempt = 0
            while true {
                do {
                    return try await self.runProcess(["new-session", "-d", "-s", name, "-x", "200", "-y", "50"] + window.arguments)
                } catch TmuxError.commandFailed(_, let message) where message.contains("server exited unexpectedly") && attempt < 20 {
                    // A server that was just told to exit is still going away; wait for it (see TMUX-NOTES, lifecycle).
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }

        guard let pane = PaneInfo(line: output.trimmingCharacters(in: .newlines)) else {
            throw TmuxError.commandFailed(command: "new-session", message: "unexpected answer: \(output)")
        }
        return qualified(pane)
    }

    /// Starts the server (if needed) with the orchestrator's options.
    func startServer() async throws {
        var attempt = 0
        while true {
            do {
                try await runProcess([
                    "start-server", ";", "set-option", "-s", "exit-empty", "off", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                    "set-option", "-g", "history-limit", "10000", ";", "set-option", "-g", "default-size", "200x50",
                ])
                return
            } catch TmuxError.commandFailed(_, let message) where message.contains("server exited unexpectedly") && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// The text on a pane's screen plus up to `lines` lines of history, joined lines unwrapped.
    public func capture(pane: String, lines: Int = 200) async throws -> String {
        if let remote = routed(pane: pane) { return try await remote.capture(pane: pane, lines: lines) }
        return try await runProcess(["capture-pane", "-p", "-J", "-t", launcher.bare(pane), "-S", "-\(max(0, lines))"])
    }

    /// The visible screen of a pane, row by row as drawn (wrapped lines stay split), and where its cursor is.
    public func screenAndCursor(pane: String) async throws -> (rows: [String], cursorX: Int, cursorY: Int) {
        if let remote = routed(pane: pane) { return try await remote.screenAndCursor(pane: pane) }
        let pane = launcher.bare(pane)
        let position = try await runProcess(["display-message", "-p", "-t", pane, "#{cursor_x} #{cursor_y}"])
        let numbers = position.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        let screen = try await runProcess(["capture-pane", "-p", "-t", pane])
        var rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last == "" { rows.removeLast() }
        return (rows, numbers.first ?? 0, numbers.count > 1 ? numbers[1] : 0)
    }

    /// Ends a session and its windows.
    public func killSession(_ name: String) async throws {
        if case let (remote, name)? = routed(name) { return try await remote.killSession(name) }
        try await lifecycle.run {
            if let client = await self.takeClient(name) {
                await client.close()
                await client.waitForExit()
            }
            try await self.runProcess(["kill-session", "-t", "=" + name])
        }
    }

    /// Ends the whole tmux server (tests use this on their private sockets).
    public func killServer() async {
        for client in clients.values { await client.close() }
        clients.removeAll()
        _ = try? await runProcess(["kill-server"])
    }

    // MARK: control mode

    /// The session's control client, started (or restarted after a disconnect) on demand.
    public func controlClient(for session: String) async throws -> TmuxControlClient {
        if case let (remote, session)? = routed(session) { return try await remote.controlClient(for: session) }
        if let client = clients[session], await !client.isClosed { return client }
        return try await lifecycle.run { try await self.connect(session) }
    }

    /// Removes and returns the session's control client.
    private func takeClient(_ session: String) -> TmuxControlClient? { clients.removeValue(forKey: session) }

    /// Starts the session's control client (unless another caller did meanwhile) and waits for its first answer,
    /// the sign that tmux has finished connecting it. Runs under ``lifecycle``.
    private func connect(_ session: String) async throws -> TmuxControlClient {
        if let client = clients[session], await !client.isClosed { return client }
        if offline.value { throw TmuxError.disconnected }
        let client = try TmuxControlClient(
            argv: launcher.argv(["-C", "attach-session", "-t", "=" + session]), paneSuffix: launcher.paneSuffix, logger: logger)
        clients[session] = client
        _ = try? await client.run(["display-message", "-p", "connected"], timeout: .seconds(5))
        return client
    }

    /// Runs a command through the session's control client (a new client replaces one that has gone).
    /// A command is never sent twice: after a disconnect the caller decides whether repeating it is safe.
    @discardableResult
    public func run(_ argv: [String], in session: String) async throws -> [String] {
        try await controlClient(for: session).run(argv)
    }

    /// Opens a window in a session.
    public func newWindow(in session: String, _ window: WindowSpec) async throws -> PaneInfo {
        if case let (remote, session)? = routed(session) { return try await remote.newWindow(in: session, window) }
        let lines = try await run(["new-window", "-d", "-t", "=" + session + ":"] + window.arguments, in: session)
        guard let pane = lines.first.flatMap(PaneInfo.init(line:)) else {
            throw TmuxError.commandFailed(command: "new-window", message: "unexpected answer: \(lines)")
        }
        return qualified(pane)
    }

    /// Every pane of the server, asked through `session`'s control client: one round trip for all sessions.
    public func allPanes(via session: String) async throws -> [PaneInfo] {
        if case let (remote, session)? = routed(session) { return try await remote.allPanes(via: session) }
        return try await run(["list-panes", "-a", "-F", PaneInfo.format], in: session).compactMap(PaneInfo.init(line:)).map(qualified)
    }

    /// Every pane of a session.
    public func panes(in session: String) async throws -> [PaneInfo] {
        if case let (remote, session)? = routed(session) { return try await remote.panes(in: session) }
        return try await run(["list-panes", "-s", "-t", "=" + session, "-F", PaneInfo.format], in: session).compactMap(PaneInfo.init(line:)).map(qualified)
    }

    /// Closes a window (by id, e.g. `@3`).
    public func killWindow(_ windowID: String, in session: String) async throws {
        if case let (remote, session)? = routed(session) { return try await remote.killWindow(windowID, in: session) }
        let client = try await controlClient(for: session)
        try await lifecycle.run {
            try await client.run(["kill-window", "-t", windowID])
            // The session's last window: the session ends and its client leaves, which tmux announces.
            if await !self.hasSession(session) {
                _ = await self.takeClient(session)
                await client.waitForExit()
            }
        }
    }

    /// Pastes `text` into a pane exactly as given, as one bracketed paste when the program asked for one.
    ///
    /// The text goes into a named buffer in chunks through the control client (quoted so nothing is
    /// interpreted), then `paste-buffer -p -r -d` pastes it unchanged (LF stays LF) and deletes the buffer.
    public func paste(_ text: String, to pane: String, in session: String) async throws {
        let buffer = try await loadBuffer(text, in: session)
        try await pasteBuffer(buffer, to: pane, in: session)
    }

    /// Puts `text` into a new named buffer (in chunks, quoted so nothing is interpreted) and returns its name.
    /// Safe to repeat: nothing reaches a pane.
    public func loadBuffer(_ text: String, in session: String) async throws -> String {
        if case let (remote, session)? = routed(session) { return try await remote.loadBuffer(text, in: session) }
        let buffer = "orc-" + UUID().uuidString.prefix(8)
        for (index, chunk) in Self.chunks(of: text, maxUTF8: 4000).enumerated() {
            try await run(["set-buffer"] + (index == 0 ? [] : ["-a"]) + ["-b", buffer, "--", chunk], in: session)
        }
        return buffer
    }

    /// Pastes a named buffer into a pane exactly (`-p` bracketed when the program asked, `-r` LF kept) and
    /// deletes the buffer.
    ///
    /// tmux 3.3a crashes (the whole server, every session with it) when pasting into a dead pane, so the pane is
    /// checked first and a dead one refused.
    /// - Parameter dead: what ``paneIsDead(_:in:)`` just answered, when the caller asked it alongside the buffer's
    ///   loading (to spare a round trip); nil to have the pane checked here.
    public func pasteBuffer(_ buffer: String, to pane: String, in session: String, dead: Bool? = nil) async throws {
        if case let (remote, session)? = routed(session) { return try await remote.pasteBuffer(buffer, to: pane, in: session, dead: dead) }
        let pane = launcher.bare(pane)
        let isDead: Bool
        if let dead { isDead = dead } else { isDead = try await paneIsDead(pane, in: session) }
        if isDead {
            _ = try? await run(["delete-buffer", "-b", buffer], in: session)
            throw TmuxError.commandFailed(command: "paste-buffer", message: "the pane's program has exited")
        }
        try await run(["paste-buffer", "-p", "-r", "-d", "-b", buffer, "-t", pane], in: session)
    }

    /// Pastes a named buffer like ``pasteBuffer(_:to:in:dead:)`` and, in the same write, sets the pane's user
    /// option `marker` (e.g. `@orc-pasted`) to `value`: tmux runs both even if the caller dies in between, so the
    /// marker tells afterwards whether the paste was made.
    ///
    /// The dead-pane check and the paste are one command inside tmux (`if-shell -F '#{pane_dead}'`), so a pane that
    /// dies after a check can never be pasted into (tmux 3.3a would crash); `dead` spares the command when the
    /// caller already knows the pane is gone.
    public func pasteBuffer(_ buffer: String, to pane: String, in session: String, dead: Bool? = nil, marking marker: String, _ value: String) async throws {
        if case let (remote, session)? = routed(session) { return try await remote.pasteBuffer(buffer, to: pane, in: session, dead: dead, marking: marker, value) }
        let pane = launcher.bare(pane)
        let gone = TmuxError.commandFailed(command: "paste-buffer", message: "the pane's program has exited")
        if dead == true {
            _ = try? await run(["delete-buffer", "-b", buffer], in: session)
            throw gone
        }
        // Buffer names (`orc-` and hex) and pane ids (`%` and digits) need no quoting inside the command strings.
        guard buffer.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), pane.dropFirst().allSatisfy(\.isNumber), pane.first == "%" else {
            throw TmuxError.commandFailed(command: "paste-buffer", message: "unexpected buffer or pane name")
        }
        // if-shell answers twice: for itself, then for the command it chose (the dead branch prints a word).
        let results = try await controlClient(for: session).runTogether(
            [
                ["if-shell", "-F", "-t", pane, "#{pane_dead}", "display-message -p dead", "paste-buffer -p -r -d -b \(buffer) -t \(pane)"],
                ["set-option", "-p", "-t", pane, marker, value],
            ],
            replies: [2, 1])
        _ = try results[0].get()
        if try results[1].get() == ["dead"] {
            _ = try? await run(["delete-buffer", "-b", buffer], in: session)
            throw gone
        }
    }

    /// Sends keys like ``sendKeys(_:to:in:)`` and, in the same write, sets the pane's user option `marker` to `value`.
    public func sendKeys(_ keys: [String], to pane: String, in session: String, marking marker: String, _ value: String) async throws {
        if case let (remote, session)? = routed(session) { return try await remote.sendKeys(keys, to: pane, in: session, marking: marker, value) }
        let pane = launcher.bare(pane)
        let results = try await controlClient(for: session).runTogether([["send-keys", "-t", pane] + keys, ["set-option", "-p", "-t", pane, marker, value]])
        _ = try results[0].get()
    }

    /// The values of a pane's user options (`@name`), empty for unset ones.
    public func paneOptions(_ names: [String], of pane: String, in session: String) async throws -> [String] {
        if case let (remote, session)? = routed(session) { return try await remote.paneOptions(names, of: pane, in: session) }
        let pane = launcher.bare(pane)
        let format = names.map { "#{\($0)}" }.joined(separator: "\t")
        let line = try await run(["display-message", "-p", "-t", pane, format], in: session).first ?? ""
        let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return names.indices.map { $0 < values.count ? values[$0] : "" }
    }

    /// Whether a pane's program has exited (the pane stays, dead, under `remain-on-exit`).
    public func paneIsDead(_ pane: String, in session: String) async throws -> Bool {
        if case let (remote, session)? = routed(session) { return try await remote.paneIsDead(pane, in: session) }
        return try await run(["display-message", "-p", "-t", launcher.bare(pane), "#{pane_dead}"], in: session).first == "1"
    }

    /// Sends keys by name (e.g. `Enter`, `C-c`) to a pane.
    public func sendKeys(_ keys: [String], to pane: String, in session: String) async throws {
        if case let (remote, session)? = routed(session) { return try await remote.sendKeys(keys, to: pane, in: session) }
        try await run(["send-keys", "-t", launcher.bare(pane)] + keys, in: session)
    }

    /// A pane with this server's suffix on its id and its session's name.
    private func qualified(_ pane: PaneInfo) -> PaneInfo {
        var pane = pane
        pane.paneID = launcher.qualified(pane.paneID)
        pane.session += launcher.paneSuffix
        return pane
    }

    /// Splits text into pieces of at most `maxUTF8` bytes without cutting a character.
    static func chunks(of text: String, maxUTF8: Int) -> [String] {
        var result: [String] = []
        var current = ""
        var size = 0
        for character in text {
            let length = character.utf8.count
            if size + length > maxUTF8, !current.isEmpty {
                result.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += length
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
