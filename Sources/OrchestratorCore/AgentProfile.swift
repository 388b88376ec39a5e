import Foundation

/// How to launch one kind of agent and how to read its screen.
///
/// Patterns are ICU regular expressions (as `NSRegularExpression` understands them), matched
/// case-insensitively against the last lines of the screen joined with `\n`. `^` and `$` match
/// at the start and end of that text unless the pattern turns on `(?m)`. An invalid pattern is
/// matched as a literal substring instead (see ``AgentStatusClassifier/invalidPatterns(in:)``).
/// Within a list, earlier patterns take precedence when the classifier quotes a line.
///
/// In configuration every field but `name` and `command` may be omitted:
///
/// ```yaml
/// name: my-agent
/// command: my-agent --no-color
/// waiting_patterns: ["Proceed\\? \\[y/n\\]"]
/// ```
public struct AgentProfile: Codable, Sendable, Hashable {
    /// Name users pick the profile by, e.g. `claude`.
    public var name: String
    /// The command line that launches the agent, e.g. `claude --model opus`.
    public var command: String
    /// The agent is ready for its first message when one of these matches the screen.
    public var readyPatterns: [String]
    /// The agent is working when one of these matches the last few lines.
    public var busyPatterns: [String]
    /// The agent needs a person (permission or confirmation) when one of these matches.
    public var waitingPatterns: [String]
    /// The agent hit a usage, credit or quota limit when one of these matches.
    public var exhaustedPatterns: [String]
    /// A pattern whose first capture group is the reset time text, e.g. `3pm (Europe/Paris)`.
    public var resetTimePattern: String?
    /// Lines that show the agent moved on (an answer, a new tool call): one below a question or a limit message
    /// makes that message history.
    public var progressPatterns: [String]
    /// A finished turn's summary (e.g. Claude's `✻ Worked for 19s`): below a busy line it makes that line history.
    public var finishedPatterns: [String]
    /// Seconds the output must be still before the agent counts as idle.
    public var idleAfterSeconds: Double
    /// Seconds after launch during which a silent agent, or one without its ready prompt, is `starting`.
    public var startupGraceSeconds: Double

    /// Default for ``idleAfterSeconds``.
    public static let defaultIdleAfterSeconds = 1.5
    /// Default for ``startupGraceSeconds``.
    public static let defaultStartupGraceSeconds = 10.0

    /// Creates a profile; everything but the name and command has a default.
    /// - Parameters:
    ///   - name: the profile's name.
    ///   - command: the launch command line.
    ///   - readyPatterns: patterns meaning "ready for the first message".
    ///   - busyPatterns: patterns meaning "working".
    ///   - waitingPatterns: patterns meaning "needs a person".
    ///   - exhaustedPatterns: patterns meaning "limit reached".
    ///   - resetTimePattern: a pattern whose first capture group is the reset time.
    ///   - progressPatterns: lines showing the agent moved on past a question or a limit.
    ///   - finishedPatterns: a finished turn's summary line.
    ///   - idleAfterSeconds: stillness needed before `idle`.
    ///   - startupGraceSeconds: how long a launch may take.
    public init(
        name: String,
        command: String,
        readyPatterns: [String] = [],
        busyPatterns: [String] = [],
        waitingPatterns: [String] = [],
        exhaustedPatterns: [String] = [],
        resetTimePattern: String? = nil,
        progressPatterns: [String] = [],
        finishedPatterns: [String] = [],
        idleAfterSeconds: Double = AgentProfile.defaultIdleAfterSeconds,
        startupGraceSeconds: Double = AgentProfile.defaultStartupGraceSeconds
    ) {
        self.name = name
        self.command = command
        self.readyPatterns = readyPatterns
        self.busyPatterns = busyPatterns
        self.waitingPatterns = waitingPatterns
        self.exhaustedPatterns = exhaustedPatterns
        self.resetTimePattern = resetTimePattern
        self.progressPatterns = progressPatterns
        self.finishedPatterns = finishedPatterns
        self.idleAfterSeconds = idleAfterSeconds
        self.startupGraceSeconds = startupGraceSeconds
    }

    enum CodingKeys: String, CodingKey {
        case name, command
        case readyPatterns = "ready_patterns"
        case busyPatterns = "busy_patterns"
        case waitingPatterns = "waiting_patterns"
        case exhaustedPatterns = "exhausted_patterns"
        case resetTimePattern = "reset_time_pattern"
        case progressPatterns = "progress_patterns"
        case finishedPatterns = "finished_patterns"
        case idleAfterSeconds = "idle_after_seconds"
        case startupGraceSeconds = "startup_grace_seconds"
    }

    /// Decodes a profile; only `name` and `command` are required.
    /// - Parameter decoder: the decoder to read from.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try values.decode(String.self, forKey: .name),
            command: try values.decode(String.self, forKey: .command),
            readyPatterns: try values.decodeIfPresent([String].self, forKey: .readyPatterns) ?? [],
            busyPatterns: try values.decodeIfPresent([String].self, forKey: .busyPatterns) ?? [],
            waitingPatterns: try values.decodeIfPresent([String].self, forKey: .waitingPatterns) ?? [],
            exhaustedPatterns: try values.decodeIfPresent([String].self, forKey: .exhaustedPatterns) ?? [],
            resetTimePattern: try values.decodeIfPresent(String.self, forKey: .resetTimePattern),
            progressPatterns: try values.decodeIfPresent([String].self, forKey: .progressPatterns) ?? [],
            finishedPatterns: try values.decodeIfPresent([String].self, forKey: .finishedPatterns) ?? [],
            idleAfterSeconds: try values.decodeIfPresent(Double.self, forKey: .idleAfterSeconds)
                ?? Self.defaultIdleAfterSeconds,
            startupGraceSeconds: try values.decodeIfPresent(Double.self, forKey: .startupGraceSeconds)
                ?? Self.defaultStartupGraceSeconds
        )
    }

    /// Whether the agent is an interactive shell: it takes messages as command lines, so it never gets a briefing
    /// pasted (every line would run).
    public var isShell: Bool { name.lowercased() == "shell" }

    /// The built-in profile with this name (case-insensitive), if any.
    /// - Parameter name: e.g. `claude`, `codex`, `gemini`, `qwen-code`, `aider`, `opencode`, `cursor-agent`, `copilot`, `amp`,
    ///   `goose`, `kimi`, `cline`, `crush`, `pi` or `shell`.
    public static func named(_ name: String) -> AgentProfile? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return builtIn.first { $0.name == wanted }
    }

    /// The profile for a program nothing else knows: shell-style prompts (`$`, `#`, `%`, `>`, `❯` at the end of
    /// the screen), and the shell profile's questions, which include every ``universalQuestionPatterns`` shape, so a question from
    /// any program holds messages (nothing is typed into it) and is shown with its answers.
    /// - Parameter command: the program's launch command.
    public static func generic(command: String) -> AgentProfile {
        var generic = AgentProfile.shell
        generic.name = "generic"
        generic.command = command
        generic.readyPatterns = [#"[$#%>❯]\s*$"#]
        return generic
    }

    /// Every built-in profile.
    public static let builtIn: [AgentProfile] = [claude, codex, gemini, qwenCode, aider] + moreAgents + [shell]
}
