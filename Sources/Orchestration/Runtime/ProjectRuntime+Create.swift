import HTTPTypes
import Logging
import Foundation
import GitKit
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// Validates a project request, creates the repository if needed, and starts every agent.
    /// - Throws: ``ValidationFailure`` naming fields; ``APIError`` when git or tmux fail.
    public func create(_ request: ProjectRequest, creator: Principal) async throws -> ProjectRecord {
        let plan = try await validate(request)
        let (host, agentHosts) = try await placements(for: request, roles: plan.roles.count)
        let command = LaunchCommand.resolve(projectCommand: request.agentCommand, configured: configuration.agents.defaultCommand)
        // The id is chosen and its row written with no suspension in between, so two creates cannot take the same id.
        // An id whose worktree folder is still on disk (a deleted project's, kept work) is taken too.
        let id = try ProjectSlug.unique(ProjectSlug.make(from: request.name)) {
            try database.projectExists(id: $0) || FileManager.default.fileExists(atPath: "\(worktreeRoot)/\($0)")
        }
        var project = ProjectRecord(
            id: id, name: request.name.trimmingCharacters(in: .whitespaces), description: request.description ?? "", projectPath: plan.path,
            specContent: request.specContent ?? "", status: .creating, priority: plan.priority, size: request.size ?? "medium",
            baseBranch: request.baseBranch, agentCommand: request.agentCommand, createdBy: creator.username, host: host)
        let agents = TeamComposition.agents(for: plan.roles).enumerated().map { index, member in
            var agent = AgentRecord(
                projectId: id, id: member.id, role: member.role, worktreePath: "\(worktreeRoot)/\(id)/\(member.id)",
                branch: "orc/\(id)/\(member.id)", launchCommand: command, profile: LaunchCommand.profile(for: command, custom: configuration.agents.profiles).name)
            agent.host = agentHosts[index]
            return agent
        }
        try database.createProject(project, agents: agents)
        try database.recordAudit(actor: creator.actorLabel, action: "project.create", target: id, details: "agents=\(agents.count)" + (host.map { " host=\($0)" } ?? "")
            + (Set(agentHosts.compactMap { $0 }).subtracting([host].compactMap { $0 }).sorted().map { " member-host=\($0)" }.joined()))
        do {
            let repository = try await prepareRepository(at: plan.path, spec: request.specContent ?? "", base: request.baseBranch)
            if request.baseBranch == nil {
                let base = try await repository.currentBranch()
                project = try database.updateProject(id: id) { $0.baseBranch = base } ?? project
            }
        } catch {
            // Nothing was started: the request was wrong for this repository, and leaves no project behind.
            try? database.deleteProject(id: id)
            if error is ValidationFailure || error is APIError { throw error }
            throw ValidationFailure([FieldError(field: "project_path", message: "cannot hold a git repository: \(error)")])
        }
        do {
            for agent in agents { try await start(agent, in: project, ownerID: creator.userID, briefing: .initial) }
            let running = try setStatus(.running, of: id) ?? project
            // Briefings queued while the project was still being created go out now.
            for agent in agents { await delivery.kick(projectID: id, agentID: agent.id) }
            return running
        } catch {
            logger.error("project \(id) failed to start: \(error)")
            _ = try? setStatus(.failed, of: id)
            try? database.revokeAgentTokens(projectID: id)
            await killSessions(of: id)
            throw APIError(.internalServerError, "project_start_failed", "the project was stored but its agents could not be started: \(error)")
        }
    }

    package struct Plan {
        package var path: String
        package var roles: [String]
        package var priority: Priority
    }

    /// Checks every field, reporting all problems at once.
    private func validate(_ request: ProjectRequest) async throws -> Plan {
        var check = Validator()
        let name = request.name.trimmingCharacters(in: .whitespaces)
        check.require(!name.isEmpty, "name", "must not be empty")
        check.require(name.count <= 100, "name", "must be at most 100 characters")
        let controls = { (text: String) in text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f } }
        check.require(!controls(name), "name", "must not contain control characters (line breaks, tabs, escapes)")
        check.require(!controls(request.projectPath), "project_path", "must not contain control characters (line breaks, tabs, escapes)")
        let path = controls(request.projectPath) ? nil : workspace.resolve(projectPath: request.projectPath)
        check.require(path != nil || controls(request.projectPath), "project_path",
                      "must be an absolute path inside a workspace root (\(workspace.roots.joined(separator: ", ")))")
        let size = request.size ?? "medium"
        let sizes = TeamComposition.defaultSizes
        check.require(sizes[size] != nil, "size", "must be one of \(sizes.keys.sorted().joined(separator: ", "))")
        let priority = Priority(rawValue: request.priority ?? "normal")
        check.require(priority != nil, "priority", "must be one of low, normal, high, urgent")
        let roles = request.teamComposition ?? sizes[size] ?? []
        if let team = request.teamComposition {
            check.require(!team.isEmpty, "team_composition", "must name at least one role")
            check.require(team.count <= 20, "team_composition", "may have at most 20 agents")
            check.check("team_composition", team.lazy.compactMap(TeamComposition.roleProblem).first.map { "roles " + $0 })
        }
        if let base = request.baseBranch {
            check.require(await GitRepository.isValidBranchName(base, runner: git), "base_branch", "is not a valid branch name")
        }
        check.require(!(request.specContent ?? "").contains("\0"), "spec_content", "must not contain NUL characters")
        if let command = request.agentCommand {
            check.require(!command.contains("\n") && command.count <= 1000, "agent_command", "must be one line of at most 1000 characters")
        }
        try check.done()
        return Plan(path: path!, roles: roles, priority: priority!)
    }

    /// An existing repository (committing SPEC.md if it has no commits yet), or a new one holding SPEC.md.
    private func prepareRepository(at path: String, spec: String, base: String?) async throws -> GitRepository {
        let specFile = ["SPEC.md": spec.isEmpty ? "# Spec\n" : spec]
        guard await GitRepository.isRepository(at: path, runner: git) else {
            return try await GitRepository.initialize(at: path, branch: base ?? "main", files: specFile, message: "Add project spec", runner: git)
        }
        let repository = GitRepository(path: path, runner: git)
        if try await !repository.hasCommits() {
            try spec.write(toFile: path + "/SPEC.md", atomically: true, encoding: .utf8)
            _ = try await repository.commit(message: "Add project spec", author: .orchestrator, paths: ["SPEC.md"])
        }
        if let base, try await !repository.branchExists(base) {
            throw ValidationFailure([FieldError(field: "base_branch", message: "branch '\(base)' does not exist in the repository")])
        }
        return repository
    }
}
