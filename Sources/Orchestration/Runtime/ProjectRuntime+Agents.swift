import HTTPTypes
import Logging
import Foundation
import GitKit
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// Starts one agent: its worktree, a fresh token, its briefing file, its window (creating the session for the
    /// first one), then its briefing message — except for a shell, which would run the briefing's lines as commands.
    package func start(_ agent: AgentRecord, in project: ProjectRecord, ownerID: Int64, briefing: BriefingKind) async throws {
        let repository = GitRepository(path: project.projectPath, runner: git)
        // An agent on a host keeps a review worktree here too: its branch is fetched back into it.
        try await repository.addWorktree(at: agent.worktreePath, branch: agent.branch, from: project.baseBranch ?? "main")
        try database.revokeAgentTokens(projectID: project.id, agentID: agent.id)
        let token = try apiKeys.createAgentToken(projectID: project.id, agentID: agent.id, ownerID: ownerID)
        var environment = launch.environment
        environment["ORCHESTRATOR_URL"] = serverURL
        environment["ORCHESTRATOR_PROJECT"] = project.id
        environment["ORCHESTRATOR_AGENT"] = agent.id
        environment["ORCHESTRATOR_TOKEN"] = token.secret
        let profile = LaunchCommand.profile(for: agent.launchCommand, custom: configuration.agents.profiles)
        let window: WindowSpec
        let text: String
        if let host = agent.host {
            try await attachHost(host)
            (window, text) = try await prepareRemote(agent, in: project, host: host, briefing: briefing, environment: environment)
        } else {
            text = try await briefingText(for: agent, in: project, kind: briefing, worktree: agent.worktreePath)
            let files = try await AgentFiles.prepare(worktree: agent.worktreePath, briefing: text, git: git)
            environment["ORCHESTRATOR_BRIEFING"] = files.briefing
            if profile.name == "gemini" {
                try await GitRepository(path: agent.worktreePath, runner: git).excludeLocally(".gemini/settings.json")
            }
            let command = try AgentHooks.command(agent.launchCommand, profile: profile, files: files, cli: launch.cliFolder.map { $0 + "/orchestrator" } ?? "orchestrator", serverURL: serverURL)
            if sandbox.isEnabled {
                let layout = try await sandboxLayout(for: agent, in: project)
                window = WindowSpec(
                    name: agent.id, directory: agent.worktreePath,
                    argv: sandbox.argv(wrapping: launch.argv(for: command), environment: environment, layout: layout))
            } else {
                window = WindowSpec(name: agent.id, directory: agent.worktreePath, environment: environment, argv: launch.argv(for: command))
            }
        }
        let session = SessionAddress.of(agent)
        let pane: PaneInfo
        if await tmux.hasSession(session) {
            pane = try await tmux.newWindow(in: session, window)
        } else {
            pane = try await tmux.newSession(session, window: window)
        }
        try database.updateAgent(projectID: project.id, id: agent.id) {
            $0.windowId = pane.windowID
            $0.paneId = pane.paneID
            $0.status = "starting"
            $0.statusReason = "launched"
            $0.prompt = nil
            $0.hookState = nil
            $0.hookAt = nil
            $0.apiKeyId = token.key.id
            $0.briefedAt = Date()
            $0.contained = agent.host == nil && sandbox.isEnabled
        }
        // A shell reads its briefing from the file named by ORCHESTRATOR_BRIEFING: pasted, each line would run.
        guard !profile.isShell else { return }
        // Urgent, so that after a resume the briefing comes before messages that waited.
        _ = try await send(
            MessageRecord(
                projectId: project.id, targetAgent: agent.id, kind: "briefing", senderKind: "system", sender: "orchestrator", content: text,
                priority: "urgent"))
    }

    /// Stops one agent's window and forgets its token.
    package func stop(_ agent: AgentRecord, in project: ProjectRecord) async {
        if let window = agent.windowId { try? await tmux.killWindow(window, in: SessionAddress.of(agent)) }
        try? database.revokeAgentTokens(projectID: project.id, agentID: agent.id)
    }

    func briefingText(for agent: AgentRecord, in project: ProjectRecord, kind: BriefingKind, worktree: String) async throws -> String {
        let team = try await database.agents(projectID: project.id).map(\.id)
        var text = RoleBriefing.text(
            projectName: project.name, agentID: agent.id, role: agent.role, branch: agent.branch, worktree: worktree,
            spec: project.specContent, teammates: team)
        if kind == .resume {
            let commits = (try? await GitRepository(path: agent.worktreePath, runner: git).log(limit: 3)) ?? []
            let history = commits.map { "- \($0.hash.prefix(8)) \($0.message)" }.joined(separator: "\n")
            text += """


                You are resuming after a pause. Where you stood:
                - branch \(agent.branch)
                - last commits:
                \(history.isEmpty ? "  (none yet)" : history)
                - your last report: \(agent.lastReport ?? agent.currentTask ?? "(none)")
                Continue from there.
                """
        }
        return text
    }
}
