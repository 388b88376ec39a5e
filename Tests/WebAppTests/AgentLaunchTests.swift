import Foundation
import OrchestratorCore
import Testing
@testable import WebApp
import Orchestration

@Suite("How agents' windows start", .timeLimit(.minutes(3)))
struct AgentLaunchTests {
    @Test func theOrchestratorFolderComesFirstOnPath() throws {
        let launch = AgentLaunch(dataDir: "/data", environment: ["PATH": "/usr/bin:/bin"])
        let folder = try #require(launch.cliFolder, "the test runner sits beside the orchestrator executable")
        #expect(FileManager.default.isExecutableFile(atPath: folder + "/orchestrator"))
        #expect(launch.path == folder + ":/usr/bin:/bin")
        #expect(launch.environment["ORCHESTRATOR_BIN"] == folder + "/orchestrator")
    }

    @Test func programsRunUnderEnvAndShellsGetTheirRcWrapper() {
        let launch = AgentLaunch(dataDir: "/data", environment: ["PATH": "/usr/bin"])
        let path = "PATH=" + launch.path
        #expect(launch.argv(for: "claude --model opus") == ["/usr/bin/env", path, "/bin/sh", "-c", "exec claude --model opus"])
        #expect(launch.argv(for: "cd x && claude") == ["/usr/bin/env", path, "/bin/sh", "-c", "cd x && claude"])
        #expect(launch.argv(for: "FOO=1 claude") == ["/usr/bin/env", path, "/bin/sh", "-c", "FOO=1 claude"])
        #expect(launch.argv(for: "/bin/bash") == ["/usr/bin/env", path, "/bin/bash", "--rcfile", "/data/shell/bashrc", "-i"])
        #expect(launch.argv(for: "zsh") == ["/usr/bin/env", path, "ZDOTDIR=/data/shell/zsh", "zsh", "-i"])
    }

    @Test func hookSettingsAreAddedWithoutTouchingTheUsersOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/.orchestrator", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = AgentFiles(folder: folder + "/.orchestrator", briefing: folder + "/.orchestrator/BRIEFING.md")
        let claude = try AgentHooks.command("claude --model opus", profile: .claude, files: files, cli: "/opt/orc/orchestrator")
        #expect(claude == "claude --settings \(folder)/.orchestrator/claude-settings.json --mcp-config \(folder)/.orchestrator/mcp.json --model opus")
        let tools = try String(contentsOfFile: folder + "/.orchestrator/mcp.json", encoding: .utf8)
        #expect(tools.contains(#""args":["mcp"]"#) && !tools.contains("TOKEN"), "the MCP server is configured without a secret in the file")
        let settings = try String(contentsOfFile: folder + "/.orchestrator/claude-settings.json", encoding: .utf8)
        for event in AgentHooks.claudeEvents { #expect(settings.contains("\"\(event)\"")) }
        #expect(settings.contains("/opt/orc/orchestrator hook claude"))
        let codex = try AgentHooks.command("codex", profile: .codex, files: files, cli: "/opt/orc/orchestrator", serverURL: "http://127.0.0.1:8000")
        #expect(codex == #"codex -c 'notify=["/opt/orc/orchestrator","hook","codex"]' -c 'mcp_servers.orchestrator.url="http://127.0.0.1:8000/mcp"' -c 'mcp_servers.orchestrator.bearer_token_env_var="ORCHESTRATOR_TOKEN"'"#)
        _ = try AgentHooks.command("gemini", profile: .gemini, files: files, cli: "/opt/orc/orchestrator")
        let gemini = try String(contentsOfFile: folder + "/.gemini/settings.json", encoding: .utf8)
        #expect(gemini.contains("\"BeforeTool\""))
        #expect(gemini.contains(#""ORCHESTRATOR_TOKEN" : "$ORCHESTRATOR_TOKEN""#), "Gemini's MCP server gets the agent's token by reference, not written down")
        #expect(try AgentHooks.command("aider --model x", profile: .aider, files: files, cli: "orchestrator") == "aider --model x")
    }

    @Test func gitPanelWordsForUncommittedWork() {
        #expect(ProjectPageModel.GitAgent.changesText(changed: 0, new: 2) == "2 new files not committed")
        #expect(ProjectPageModel.GitAgent.changesText(changed: 1, new: 1) == "1 changed file, 1 new file not committed")
        #expect(ProjectPageModel.GitAgent.changesText(changed: 0, new: 0) == "worktree clean")
    }
}

@Suite("Which profile reads an agent's screen", .timeLimit(.minutes(3)))
struct LaunchProfileTests {
    @Test(arguments: [
        ("claude --model opus", "claude"), ("/usr/local/bin/codex", "codex"), ("qwen", "qwen-code"), ("goose session", "goose"),
        ("cursor-agent", "cursor-agent"), ("copilot --resume", "copilot"), ("claude-beta", "claude"), ("pi", "pi"),
        ("pip install x", "generic"), ("ping localhost", "generic"), ("/bin/zsh", "shell"), ("python3 agent.py", "generic"),
    ])
    func profileFollowsTheProgram(_ command: String, _ expected: String) {
        #expect(LaunchCommand.profile(for: command).name == expected)
    }
}
