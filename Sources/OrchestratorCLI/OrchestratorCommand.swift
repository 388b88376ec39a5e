import ArgumentParser
import Orchestration

/// `orchestrator`: the server and its administration commands.
public struct OrchestratorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Run teams of AI coding agents in tmux and manage them from a browser and an API.",
        subcommands: [
            ServeCommand.self, ConfigCommand.self, UserCommand.self, APIKeyCommand.self, SigningKeyCommand.self, SendCommand.self,
            ReportCommand.self, ReplyCommand.self, ReviewCommand.self, UsageCommand.self, HookCommand.self, ScheduleCommand.self, ProjectsCommand.self, ScreensCommand.self,
            MCPCommand.self, BackupCommand.self, RestoreCommand.self,
        ])

    public init() {}
}

extension OrchestratorCommand {
    /// Parses `arguments` (default: the process's) and runs the chosen command.
    /// - Throws: parse or run errors, for the caller to print (see ``runAsMain()``).
    public static func run(arguments: [String]? = nil) async throws {
        var command = try parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    /// The program's entry point: runs, and on error prints it and exits with the right code.
    public static func runAsMain() async {
        do {
            try await run()
        } catch {
            exit(withError: error)
        }
    }
}
