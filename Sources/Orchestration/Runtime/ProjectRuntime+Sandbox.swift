import Foundation
import GitKit
import Storage

extension ProjectRuntime {
    /// The folders one contained agent may write, its own HOME made ready (a git identity, the home template on
    /// first use), and the project's hooks folder made to exist so the agent cannot plant one.
    func sandboxLayout(for agent: AgentRecord, in project: ProjectRecord) async throws -> SandboxLayout {
        let worktree = GitRepository(path: agent.worktreePath, runner: git)
        let folders = try await worktree.gitFolders()
        try FileManager.default.createDirectory(atPath: folders.common + "/hooks", withIntermediateDirectories: true)
        let home = "\(homesRoot)/\(project.id)/\(agent.id)"
        try await prepareHome(home, agent: agent, project: project)
        return SandboxLayout(
            worktree: agent.worktreePath, gitCommonDir: folders.common, gitDir: folders.own, home: home,
            programFolders: ProgramFolders.of(command: agent.launchCommand, path: launch.path))
    }

    /// Creates an agent's HOME: a copy of `agents.home_template` when set, and a `.gitconfig` with the identity the
    /// server's own git uses (the server user's HOME is hidden from the agent) and every folder trusted (the
    /// worktree may belong to another user than the one the sandbox maps the agent to).
    private func prepareHome(_ home: String, agent: AgentRecord, project: ProjectRecord) async throws {
        let files = FileManager.default
        if !files.fileExists(atPath: home) {
            try files.createDirectory(atPath: (home as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if let template = configuration.agents.homeTemplate, files.fileExists(atPath: template) {
                try files.copyItem(atPath: template, toPath: home)
            } else {
                try files.createDirectory(atPath: home, withIntermediateDirectories: true)
            }
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home)
        }
        let gitconfig = home + "/.gitconfig"
        guard !files.fileExists(atPath: gitconfig) else { return }
        let identity = await serverGitIdentity()
        let name = identity?.name ?? "\(agent.id) (\(project.id))"
        let email = identity?.email ?? "\(agent.id)@\(project.id).orchestrator.invalid"
        let text = "[user]\n\tname = \(Self.gitConfigValue(name))\n\temail = \(Self.gitConfigValue(email))\n[safe]\n\tdirectory = *\n"
        try text.write(toFile: gitconfig, atomically: true, encoding: .utf8)
    }

    /// `user.name` and `user.email` of the server user's global git configuration, when both are set.
    package func serverGitIdentity() async -> (name: String, email: String)? {
        let repository = GitRepository(path: "/", runner: git)
        guard let name = await repository.globalConfig("user.name"), let email = await repository.globalConfig("user.email") else { return nil }
        return (name, email)
    }

    /// A value for a git config file: quoted, with quotes, backslashes and line breaks made harmless.
    static func gitConfigValue(_ value: String) -> String {
        let clean = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return "\"" + clean + "\""
    }
}
