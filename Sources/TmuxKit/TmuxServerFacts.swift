/// What a running tmux server holds, for monitoring.
public struct TmuxServerFacts: Sendable, Equatable {
    /// The server process's id.
    public var pid: Int32
    /// How many sessions it holds.
    public var sessions: Int
    /// How many panes it holds, across every session.
    public var panes: Int

    public init(pid: Int32, sessions: Int, panes: Int) {
        self.pid = pid
        self.sessions = sessions
        self.panes = panes
    }

    /// Parses `list-panes -a -F '#{pid}\t#{session_name}\t#{pane_id}'` output; nil when it lists no pane.
    init?(listing: String) {
        let rows = listing.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }.filter { $0.count == 3 }
        guard let first = rows.first, let pid = Int32(first[0]) else { return nil }
        self.init(pid: pid, sessions: Set(rows.map { $0[1] }).count, panes: rows.count)
    }
}
