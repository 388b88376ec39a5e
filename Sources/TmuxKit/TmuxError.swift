/// A tmux operation that failed, with what tmux said.
public enum TmuxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `tmux` program could not be started.
    case notInstalled
    /// tmux answered a command with an error.
    case commandFailed(command: String, message: String)
    /// The control-mode client is gone (the server or session ended); commands must be retried on a new one.
    case disconnected
    /// tmux did not answer in time.
    case timedOut(command: String)

    public var description: String {
        switch self {
        case .notInstalled: "tmux is not installed or not on PATH"
        case .commandFailed(let command, let message): "tmux \(command): \(message)"
        case .disconnected: "the tmux control connection closed"
        case .timedOut(let command): "tmux \(command) did not answer in time"
        }
    }
}
