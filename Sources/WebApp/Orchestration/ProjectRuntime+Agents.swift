import HTTPTypes
import Logging
import Foundation
import GitKit
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// Starts one agent: its worktree, a fresh token, its window (creating the session for the first one), then its briefing.
    func start(_ agent: AgentRecord, in project: ProjectRecord, ownerID: Int64, briefing: BriefingKind) async throws {
        let repository = GitRepository(path: project.projectPath, runner: git)
        try await repository.addWorktree(at: agent.worktreePath, branch: agent.branch, from: project.baseBranch ?? "main")
        try database.revokeAgentTokens(projectID: project.id, agentID: agent.id)
        let token = try apiKeys.createAgentToken(projectID: project.id, agentID: agent.id, ownerID: ownerID)
        let window = WindowSpec(
            name: agent.id, directory: agent.worktreePath,
            environment: [
                "ORCHESTRATOR_URL": serverURL, "ORCHESTRATOR_PROJECT": project.id, "ORCHESTRATOR_AGENT": agent.id,
                "ORCHESTRATOR_TOKEN": token.secret, "PATH": agentPath,
            ],
            command: agent.launchCommand)
        let session = sessionName(project.id)
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
            $0.apiKeyId = token.key.id
            $0.briefedAt = Date()
        }
        let text = try await briefingText(for: agent, in: project, kind: briefing)
        // Urgent, so that after a resume the briefing comes before messages that waited.
        _ = try send(
            MessageRecord(
                projectId: project.id, targetAgent: agent.id, kind: "briefing", senderKind: "system", sender: "orchestrator", content: text,
                priority: "urgent"))
    }

    /// The server's PATH with the folder of the running `orchestrator` first, so agents can call
    /// `orchestrator report` and `orchestrator send` in their window.
    nonisolated var agentPath: String {
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        guard executable.lastPathComponent == "orchestrator" else { return inherited }
        return executable.deletingLastPathComponent().path + ":" + inherited
    }

    /// Stops one agent's window and forgets its token.
    func stop(_ agent: AgentRecord, in project: ProjectRecord) async {
        if let window = agent.windowId { try? await tmux.killWindow(window, in: sessionName(project.id)) }
        try? database.revokeAgentTokens(projectID: project.id, agentID: agent.id)
    }

    private func briefingText(for agent: AgentRecord, in project: ProjectRecord, kind: BriefingKind) async throws -> String {
        let team = try database.agents(projectID: project.id).map(\.id)
        var text = RoleBriefing.text(
            projectName: project.name, agentID: agent.id, role: agent.role, branch: agent.branch, worktree: agent.worktreePath,
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
