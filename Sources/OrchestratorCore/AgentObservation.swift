/// Everything the classifier looks at for one agent at one moment.
///
/// The orchestrator builds one from tmux (`pane_dead`, `pane_current_command`, `capture-pane`)
/// and its own clock, then passes it to ``AgentStatusClassifier/classify(_:profile:)``.
public struct AgentObservation: Sendable, Equatable {
    /// Whether the tmux pane still runs a process.
    public var paneAlive: Bool
    /// Whether the orchestrator stopped the agent on purpose (paused or terminated).
    public var stopped: Bool
    /// tmux `pane_current_command`: the foreground program of the pane, if known.
    public var currentCommand: String?
    /// Whether a program other than a shell runs in the pane's process tree (a wrapper script's real program
    /// counts), or nil when unknown. When false and a shell is in the foreground, the agent's program is gone.
    public var programRunning: Bool?
    /// Seconds since the agent was launched.
    public var secondsSinceStart: Double
    /// Seconds since the screen last changed; `nil` when it has printed nothing yet.
    public var secondsSinceLastOutput: Double?
    /// The last screen text. Should be plain; stray escape sequences are stripped anyway.
    public var screen: String

    /// Creates an observation.
    /// - Parameters:
    ///   - paneAlive: whether the pane's process still runs.
    ///   - stopped: whether the orchestrator stopped the agent on purpose.
    ///   - currentCommand: tmux `pane_current_command`, if known.
    ///   - programRunning: whether a non-shell program runs in the pane's process tree, if known.
    ///   - secondsSinceStart: seconds since launch.
    ///   - secondsSinceLastOutput: seconds since the screen last changed, `nil` if never.
    ///   - screen: the last screen text.
    public init(
        paneAlive: Bool = true,
        stopped: Bool = false,
        currentCommand: String? = nil,
        programRunning: Bool? = nil,
        secondsSinceStart: Double,
        secondsSinceLastOutput: Double? = nil,
        screen: String = ""
    ) {
        self.paneAlive = paneAlive
        self.stopped = stopped
        self.currentCommand = currentCommand
        self.programRunning = programRunning
        self.secondsSinceStart = secondsSinceStart
        self.secondsSinceLastOutput = secondsSinceLastOutput
        self.screen = screen
    }
}
