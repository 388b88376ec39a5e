import Foundation
import OrchestratorCore

/// Installs the orchestrator's hooks for agents that call hook programs, without touching the user's settings:
/// - Claude Code: a settings file in the worktree's `.orchestrator/`, passed with `--settings` (hooks from every
///   settings source run, so the user's own hooks still do);
/// - Codex: `-c notify=[…]` on its command line (turn complete);
/// - Gemini CLI: the worktree's `.gemini/settings.json` when the repository does not track one (kept out of git).
/// Each hook runs `orchestrator hook <kind>`, which forwards the payload with the agent's token and never blocks or
/// breaks the agent.
package enum AgentHooks {
    /// Claude Code events the orchestrator listens to.
    package static let claudeEvents = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PermissionRequest", "PostToolUse", "Notification", "Stop", "SessionEnd"]
    /// Gemini CLI events the orchestrator listens to.
    package static let geminiEvents = ["SessionStart", "BeforeAgent", "BeforeTool", "AfterTool", "Notification", "AfterAgent", "SessionEnd"]

    /// The launch command with the agent's hook settings added, writing any settings file it needs.
    /// - Parameters:
    ///   - command: the agent's launch command.
    ///   - profile: its profile (names the kind of agent).
    ///   - files: the agent's `.orchestrator/` folder.
    ///   - cli: the `orchestrator` executable hooks call (an absolute path, or the bare name).
    ///   - serverURL: where the server listens, for agents that reach its tools over HTTP (Codex).
    package static func command(_ command: String, profile: AgentProfile, files: AgentFiles, cli: String, serverURL: String? = nil) throws -> String {
        let program = LaunchCommand.programName(command)
        let hook = shellQuoted(cli)
        switch profile.name == "generic" ? program : profile.name {
        case "claude":
            let settings = try files.write("claude-settings.json", claudeSettings(hook: hook + " hook claude"))
            // The orchestrator's tools over MCP (`orchestrator mcp`), run with the agent's own token from its environment.
            let tools = try files.write("mcp.json", mcpConfig(cli: cli))
            return insert(["--settings", shellQuoted(settings), "--mcp-config", shellQuoted(tools)], into: command)
        case "codex":
            let notify = "notify=[" + [cli, "hook", "codex"].map(tomlString).joined(separator: ",") + "]"
            // The tools over streamable HTTP at the server's /mcp, with the agent's token read from its environment.
            let tools = serverURL.map { url in
                ["mcp_servers.orchestrator.url=" + tomlString(url + "/mcp"), "mcp_servers.orchestrator.bearer_token_env_var=\"ORCHESTRATOR_TOKEN\""]
            } ?? []
            return insert(["-c", shellQuoted(notify)] + tools.flatMap { ["-c", shellQuoted($0)] }, into: command)
        case "gemini":
            try writeGeminiSettings(worktree: (files.folder as NSString).deletingLastPathComponent, hook: hook + " hook gemini", cli: cli)
            return command
        default:
            return command
        }
    }

    /// `{"mcpServers": {"orchestrator": {"type": "stdio", "command": <cli>, "args": ["mcp"]}}}`: no secret in the file;
    /// the server reads `ORCHESTRATOR_URL`, `ORCHESTRATOR_TOKEN`, `ORCHESTRATOR_PROJECT` and `ORCHESTRATOR_AGENT` from the
    /// environment the agent passes on.
    package static func mcpConfig(cli: String) -> String {
        let object: [String: Any] = ["mcpServers": ["orchestrator": ["type": "stdio", "command": cli, "args": ["mcp"]]]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `{"hooks": {"<Event>": [{"hooks": [{"type": "command", "command": …, "timeout": 10}]}]}}`.
    package static func claudeSettings(hook: String) -> String {
        settingsJSON(events: claudeEvents, hook: hook, timeout: 10)
    }

    /// Gemini's `.gemini/settings.json` in the worktree (the caller keeps it out of git); skipped when one exists
    /// already, e.g. because the repository tracks it: changing it would show up as the agent's work.
    package static func writeGeminiSettings(worktree: String, hook: String, cli: String = "orchestrator") throws {
        let folder = worktree + "/.gemini"
        let file = folder + "/settings.json"
        guard !FileManager.default.fileExists(atPath: file) else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Gemini counts hook timeouts in milliseconds. Its settings expand `$VARIABLE`, so the MCP server gets the
        // agent's own credentials without them being written down.
        let tools: [String: Any] = [
            "orchestrator": ["command": cli, "args": ["mcp"], "env": Dictionary(uniqueKeysWithValues: mcpVariables.map { ($0, "$" + $0) })]
        ]
        try settingsJSON(events: geminiEvents, hook: hook, timeout: 10_000, extra: ["mcpServers": tools]).write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// What the MCP server needs from the agent's environment.
    static let mcpVariables = ["ORCHESTRATOR_URL", "ORCHESTRATOR_TOKEN", "ORCHESTRATOR_PROJECT", "ORCHESTRATOR_AGENT"]

    private static func settingsJSON(events: [String], hook: String, timeout: Int, extra: [String: Any] = [:]) -> String {
        let handler: [String: Any] = ["type": "command", "command": hook, "timeout": timeout]
        var hooks: [String: Any] = [:]
        for event in events { hooks[event] = [["hooks": [handler]]] }
        let object = extra.merging(["hooks": hooks]) { $1 }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The command with `words` after its program.
    package static func insert(_ words: [String], into command: String) -> String {
        guard let space = command.firstIndex(where: \.isWhitespace) else { return command + " " + words.joined(separator: " ") }
        return String(command[..<space]) + " " + words.joined(separator: " ") + String(command[space...])
    }

    /// A word for `sh`: unchanged when it needs no quotes, else in single quotes.
    package static func shellQuoted(_ word: String) -> String {
        let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/._-+=:,@%"))
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func tomlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
