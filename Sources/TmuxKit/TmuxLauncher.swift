import ProcessKit

/// How a ``TmuxServer`` starts its `tmux` processes: on this machine, or on another one through a command that
/// reaches it (`ssh … -- tmux …`).
public struct TmuxLauncher: Sendable {
    /// The whole argv (program first) that runs tmux with `arguments` (the socket option already included).
    public let argv: @Sendable ([String]) -> [String]
    /// Appended to the ids of this server's panes (`%3@box-2`) so panes of different tmux servers never share an id;
    /// empty on this machine.
    public let paneSuffix: String

    /// A launcher from its parts.
    public init(paneSuffix: String, argv: @escaping @Sendable ([String]) -> [String]) {
        self.paneSuffix = paneSuffix
        self.argv = argv
    }

    /// tmux on this machine, by its full path when it can be found (no PATH search per command).
    public static func local(socket: String, tmuxPath: String = "tmux") -> TmuxLauncher {
        let path = tmuxPath.hasPrefix("/") ? tmuxPath : (ExecutableLookup.path(of: tmuxPath) ?? tmuxPath)
        let program = path.hasPrefix("/") ? [path] : ["/usr/bin/env", path]
        return TmuxLauncher(paneSuffix: "") { program + arguments(socket: socket) + $0 }
    }

    /// The options every tmux client is started with: `-u`, since tmux turns tabs and other control characters in
    /// what it prints into `_` for a client it does not believe speaks UTF-8 (one started in the C locale, as over
    /// ssh or from a service), and `-L <socket>`.
    public static func arguments(socket: String) -> [String] { ["-u", "-L", socket] }

    /// `pane` with this server's suffix.
    func qualified(_ pane: String) -> String { pane + paneSuffix }

    /// `pane` as tmux knows it (the suffix removed).
    func bare(_ pane: String) -> String {
        guard !paneSuffix.isEmpty, pane.hasSuffix(paneSuffix) else { return pane }
        return String(pane.dropLast(paneSuffix.count))
    }
}
