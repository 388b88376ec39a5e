/// A pane as `list-panes` describes it.
public struct PaneInfo: Sendable, Equatable {
    /// The session's name.
    public var session: String
    /// The window's name (the orchestrator names windows after agent ids).
    public var windowName: String
    /// The window id, e.g. `@3`.
    public var windowID: String
    /// The pane id, e.g. `%7` — how the orchestrator addresses panes (names can change).
    public var paneID: String
    /// Whether the pane's process has exited (the pane is kept by `remain-on-exit`).
    public var isDead: Bool
    /// The program in the foreground, e.g. `claude` or `bash`.
    public var currentCommand: String
    /// The pane's process id.
    public var pid: Int32

    /// Creates a pane description.
    public init(session: String, windowName: String, windowID: String, paneID: String, isDead: Bool, currentCommand: String, pid: Int32) {
        self.session = session
        self.windowName = windowName
        self.windowID = windowID
        self.paneID = paneID
        self.isDead = isDead
        self.currentCommand = currentCommand
        self.pid = pid
    }

    /// The `-F` format whose lines ``init(line:)`` parses.
    static let format = "#{session_name}\t#{window_name}\t#{window_id}\t#{pane_id}\t#{pane_dead}\t#{pane_current_command}\t#{pane_pid}"

    init?(line: String) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7 else { return nil }
        self.init(
            session: fields[0], windowName: fields[1], windowID: fields[2], paneID: fields[3], isDead: fields[4] == "1",
            currentCommand: fields[5], pid: Int32(fields[6]) ?? 0)
    }
}
