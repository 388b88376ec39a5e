import OrchestratorCore

/// How agents are launched.
public struct AgentSettings: Codable, Sendable, Equatable {
    /// Launch command for agents without a profile command; unset means `claude` when found, else a shell.
    public var defaultCommand: String?
    /// How long to wait for an agent's ready pattern before sending its first message anyway.
    public var readyTimeoutSeconds = 20.0
    /// A program no profile knows (the generic profile) counts as ready once its screen has been still this long
    /// after it printed something; known agents wait for their prompt.
    public var readyQuietSeconds = 0.8
    /// Restart a running project's windows (with a resume briefing) when the tmux server itself went away.
    public var restartAfterTmuxLoss = true
    /// How long a state reported by an agent's own hook wins over what its screen shows.
    public var hookAuthoritySeconds = 5.0
    /// Pause between pasting a message and pressing Enter, so TUIs see the paste end before the key.
    public var enterDelayMilliseconds = 60
    /// How often agents' states are re-evaluated, in seconds.
    public var statusIntervalSeconds = 1.0
    /// Extra agent profiles (or replacements for built-in ones, by name): how to recognise a program's
    /// prompt, work, questions and limits. A command uses the profile whose name or command's program matches it.
    public var profiles: [AgentProfile] = []
    /// How agents are contained: `auto` (bubblewrap where it works here, else none with a warning at start),
    /// `bubblewrap` (refuse to start without it) or `none`.
    public var sandbox = "auto"
    /// Folders contained agents may read besides the system's own (tools installed under a hidden folder, such as
    /// the server user's HOME: `~/.local/share/claude`, `~/.pyenv`).
    public var sandboxReadOnly: [String] = []
    /// More names of the server's environment variables contained agents get (model providers' keys and
    /// endpoints, proxies and locale are passed already).
    public var sandboxPassEnvironment: [String] = []
    /// A folder copied into each contained agent's new HOME (its programs' settings and credentials, given on purpose).
    public var homeTemplate: String?

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case defaultCommand = "default_command"
        case readyTimeoutSeconds = "ready_timeout_seconds"
        case enterDelayMilliseconds = "enter_delay_ms"
        case readyQuietSeconds = "ready_quiet_seconds"
        case restartAfterTmuxLoss = "restart_after_tmux_loss"
        case hookAuthoritySeconds = "hook_authority_seconds"
        case statusIntervalSeconds = "status_interval_seconds"
        case profiles, sandbox
        case sandboxReadOnly = "sandbox_read_only"
        case sandboxPassEnvironment = "sandbox_pass_environment"
        case homeTemplate = "home_template"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        defaultCommand = try c.optionalValue(.defaultCommand, or: d.defaultCommand)
        readyTimeoutSeconds = try c.value(.readyTimeoutSeconds, or: d.readyTimeoutSeconds)
        enterDelayMilliseconds = try c.value(.enterDelayMilliseconds, or: d.enterDelayMilliseconds)
        readyQuietSeconds = try c.value(.readyQuietSeconds, or: d.readyQuietSeconds)
        restartAfterTmuxLoss = try c.value(.restartAfterTmuxLoss, or: d.restartAfterTmuxLoss)
        hookAuthoritySeconds = try c.value(.hookAuthoritySeconds, or: d.hookAuthoritySeconds)
        statusIntervalSeconds = try c.value(.statusIntervalSeconds, or: d.statusIntervalSeconds)
        profiles = try c.value(.profiles, or: d.profiles)
        sandbox = try c.value(.sandbox, or: d.sandbox)
        sandboxReadOnly = try c.value(.sandboxReadOnly, or: d.sandboxReadOnly)
        sandboxPassEnvironment = try c.value(.sandboxPassEnvironment, or: d.sandboxPassEnvironment)
        homeTemplate = try c.optionalValue(.homeTemplate, or: d.homeTemplate)
    }
}
