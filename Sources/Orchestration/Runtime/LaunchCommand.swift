import Foundation
import OrchestratorCore

/// Chooses what an agent runs and which profile reads its screen.
package enum LaunchCommand {
    /// The command: the project's `agent_command`, else `agents.default_command` (`ORCHESTRATOR_AGENT_COMMAND`),
    /// else `claude` when it is on PATH, else the user's shell.
    package static func resolve(projectCommand: String?, configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let projectCommand, !projectCommand.trimmingCharacters(in: .whitespaces).isEmpty { return projectCommand }
        if let configured, !configured.trimmingCharacters(in: .whitespaces).isEmpty { return configured }
        if isOnPath("claude", environment: environment) { return "claude" }
        return environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/bash"
    }

    /// The built-in profile named after the command's program (`claude --model x` → claude); for a shell,
    /// the shell profile; for any other program a generic one that knows shell-style prompts and questions.
    package static func profile(for command: String, custom: [AgentProfile] = []) -> AgentProfile {
        var program = programName(command)
        // The Cursor CLI is also started as `cursor agent` (and installs itself as `agent`).
        if program == "cursor" || program == "agent" { program = "cursor-agent" }
        if let configured = custom.last(where: { $0.name == program || programName($0.command) == program }) { return configured }
        let builtIn = AgentProfile.builtIn.filter { $0.name != "shell" }
        if let known = AgentProfile.named(program) ?? builtIn.first(where: { programName($0.command) == program })
            // `claude-beta`, `codex2`: a known name followed by something other than a letter (`pip` is not `pi`).
            ?? builtIn.first(where: { program.hasPrefix($0.name) && !(program.dropFirst($0.name.count).first?.isLetter ?? false) })
        {
            return known
        }
        if ShellName.isShell(program) { return .shell }
        return .generic(command: command)
    }

    /// The program a command line starts: `/usr/bin/claude --x` → `claude`.
    package static func programName(_ command: String) -> String {
        command.split(separator: " ").first.map { String($0.split(separator: "/").last ?? $0) } ?? ""
    }

    package static func isOnPath(_ program: String, environment: [String: String]) -> Bool {
        (environment["PATH"] ?? "").split(separator: ":").contains { folder in
            FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)")
        }
    }
}
