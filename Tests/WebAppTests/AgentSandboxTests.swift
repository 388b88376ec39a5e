import Foundation
import Orchestration
import Testing

/// The sandbox's plan, checked without starting it (the end-to-end test runs a hostile agent in it): parents before
/// children, the data directory never shown again whatever a program asks, and the agent's environment holding only
/// what it should.
@Suite("Agent sandbox: mount order and environment", .timeLimit(.minutes(3)))
struct AgentSandboxTests {
    static func sandbox(readOnly: [String] = []) throws -> AgentSandbox {
        var settings = AgentSettings()
        settings.sandbox = "auto"
        settings.sandboxReadOnly = readOnly
        return try AgentSandbox.make(
            settings: settings, dataDir: "/srv/orc/data", workspaceRoots: ["/srv/work"], cliFolder: "/opt/orc/bin",
            shellSetupFolder: "/srv/orc/data/shell", tmuxSocketFolder: "/tmp/tmux-1000",
            environment: ["HOME": "/home/ann", "PATH": "/usr/bin:/bin", "TMUX": "/tmp/tmux-1000/default,1,0", "ORCHESTRATOR_DATA_DIR": "/srv/orc/data",
                          "ORCHESTRATOR_ADMIN_PASSWORD": "secret", "ANTHROPIC_API_KEY": "sk-ant", "LANG": "en_GB.UTF-8"])
    }

    @Test func deeperMountsComeAfterTheirParentsAndTheDataDirectoryStaysHidden() throws {
        let sandbox = try Self.sandbox(readOnly: ["/srv/orc/data", "/home/ann/.local/share/claude"])
        try #require(sandbox.isEnabled, "bubblewrap works on the machines the tests run on")
        let layout = SandboxLayout(
            worktree: "/srv/orc/data/worktrees/web/developer", gitCommonDir: "/srv/work/web/.git",
            gitDir: "/srv/work/web/.git/worktrees/developer", home: "/srv/orc/data/homes/web/developer",
            programFolders: ["/srv/orc", "/home/ann/.pyenv/versions/3.11.7"])
        let ordered = SandboxMount.ordered(sandbox.mounts(for: layout))
        let position = { (path: String) in ordered.firstIndex { $0.path == path } }
        #expect(try #require(position("/srv/orc/data")) < #require(position("/srv/orc/data/worktrees/web/developer")))
        #expect(try #require(position("/srv/work")) < #require(position("/srv/work/web/.git")))
        #expect(try #require(position("/srv/work/web/.git")) < #require(position("/srv/work/web/.git/config")))
        #expect(ordered.first { $0.path == "/srv/work/web/.git/config" }?.kind == .readOnly)
        #expect(ordered.first { $0.path == "/srv/work/web/.git/hooks" }?.kind == .readOnly)
        #expect(ordered.first { $0.path == "/srv/orc/data/worktrees/web/developer" }?.kind == .writable)
        // Asked to show the data directory (a setting) or a folder holding it (a program's): neither is shown.
        #expect(!ordered.contains { $0.kind == .readOnly && ($0.path == "/srv/orc/data" || $0.path == "/srv/orc") })
        #expect(ordered.contains { $0.kind == .readOnly && $0.path == "/home/ann/.local/share/claude" })
        #expect(ordered.contains { $0.kind == .readOnly && $0.path == "/home/ann/.pyenv/versions/3.11.7" })
        #expect(ordered.contains { $0.kind == .hide && $0.path == "/home/ann" } && ordered.contains { $0.kind == .hide && $0.path == "/tmp/tmux-1000" })
    }

    @Test func theAgentGetsItsIdentityAndProviderKeysButNoServerSecrets() throws {
        let sandbox = try Self.sandbox()
        try #require(sandbox.isEnabled)
        let layout = SandboxLayout(worktree: "/w", gitCommonDir: "/r/.git", gitDir: "/r/.git/worktrees/w", home: "/h")
        let argv = sandbox.argv(wrapping: ["/usr/bin/env", "PATH=/x", "claude"], environment: ["ORCHESTRATOR_TOKEN": "orc_agent"], layout: layout)
        #expect(Array(argv.prefix(2)) == ["/usr/bin/env", "-i"])
        let bwrapAt = try #require(argv.firstIndex { $0.hasSuffix("/bwrap") })
        let environment = Array(argv[2..<bwrapAt])
        #expect(environment.contains("ORCHESTRATOR_TOKEN=orc_agent") && environment.contains("ANTHROPIC_API_KEY=sk-ant"))
        #expect(environment.contains("HOME=/h") && environment.contains("LANG=en_GB.UTF-8"))
        #expect(!environment.contains { $0.hasPrefix("TMUX=") || $0.hasPrefix("ORCHESTRATOR_DATA_DIR=") || $0.contains("secret") })
        #expect(!argv[bwrapAt...].contains { $0.contains("orc_agent") }, "the token is not on bwrap's command line")
        #expect(argv.contains("--unshare-pid") && argv.contains("--die-with-parent"))
        #expect(Array(argv.suffix(3)) == ["/usr/bin/env", "PATH=/x", "claude"])
    }

    @Test func anAgentProgramBringsTheFoldersItRunsFrom() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("programs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        // An npm global install: bin/codex → ../lib/node_modules/@openai/codex/bin/codex.js.
        let package = root + "/lib/node_modules/@openai/codex"
        try FileManager.default.createDirectory(atPath: package + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: package + "/bin/codex.js", contents: Data("#!/usr/bin/env node\n".utf8), attributes: [.posixPermissions: 0o755])
        try FileManager.default.createSymbolicLink(atPath: root + "/bin/codex", withDestinationPath: "../lib/node_modules/@openai/codex/bin/codex.js")
        let real = AgentSandbox.canonical(root)
        let folders = ProgramFolders.of(command: "codex --full-auto", path: root + "/bin:/usr/bin")
        #expect(folders.contains(root + "/bin"))
        #expect(folders.contains(real + "/lib/node_modules/@openai/codex"), "\(folders)")
        // A virtual environment's script brings the environment and the Python it was made from.
        let venv = root + "/venv"
        try FileManager.default.createDirectory(atPath: venv + "/bin", withIntermediateDirectories: true)
        try "home = /opt/python/3.12/bin\nversion = 3.12\n".write(toFile: venv + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: venv + "/bin/aider", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        let python = ProgramFolders.of(command: venv + "/bin/aider --yes", path: "/usr/bin")
        #expect(python.contains(venv) && python.contains("/opt/python/3.12"), "\(python)")
        #expect(ProgramFolders.of(command: "no-such-program-here", path: "/usr/bin").isEmpty)
    }
}
