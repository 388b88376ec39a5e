/// What to start in a new window.
public struct WindowSpec: Sendable, Equatable {
    /// The window's name.
    public var name: String
    /// The working directory.
    public var directory: String
    /// Extra environment variables for the process.
    public var environment: [String: String]
    /// The command line tmux runs through the default shell (e.g. `claude`), or nil for a login shell.
    public var command: String?
    /// A program and its arguments that tmux runs directly, with no shell in between; wins over `command`.
    public var argv: [String]?

    /// Creates a window description.
    public init(name: String, directory: String, environment: [String: String] = [:], command: String? = nil, argv: [String]? = nil) {
        self.name = name
        self.directory = directory
        self.environment = environment
        self.command = command
        self.argv = argv
    }

    /// `-n name -c dir -e K=V …` flags and the trailing command.
    var arguments: [String] {
        var argv = ["-n", name, "-c", directory]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { argv += ["-e", "\(key)=\(value)"] }
        argv += ["-P", "-F", PaneInfo.format]
        if let program = self.argv, !program.isEmpty {
            argv += program
        } else if let command {
            argv.append(command)
        }
        return argv
    }
}
