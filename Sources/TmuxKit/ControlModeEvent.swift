/// One thing a control-mode client reads from tmux.
public enum ControlModeEvent: Sendable, Equatable {
    /// The answer to a command: its number, body lines, and whether it ended in `%error`.
    /// `fromClient` is false for the block tmux sends for the command the client was started with.
    case reply(number: Int, lines: [String], isError: Bool, fromClient: Bool)
    /// A pane printed bytes (already unescaped).
    case output(paneID: String, bytes: [UInt8])
    /// tmux stopped sending a pane's output because this client fell behind (`pause-after`).
    case paused(paneID: String)
    /// A window closed (its process exited and the window went away).
    case windowClosed(windowID: String)
    /// The client is leaving: the session or the server ended.
    case exit(reason: String?)
    /// Any other notification, e.g. `%window-add @3`.
    case notification(name: String, arguments: String)
}
