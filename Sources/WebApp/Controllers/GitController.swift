import Foundation
import GitKit
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/projects/{id}/git/…`: review and integrate the agents' work on real repositories.
///
/// Every endpoint works on the project (its base branch in `project_path`) or, with `agent`, on that agent's
/// worktree. Operations on one project run one at a time.
struct GitController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/git/status", .role(.viewer), status)
        routes.get("/api/v1/projects/:id/git/log", .role(.viewer), log)
        routes.get("/api/v1/projects/:id/git/diff", .role(.viewer), diff)
        routes.get("/api/v1/projects/:id/git/branches", .role(.viewer), branches)
        routes.post("/api/v1/projects/:id/git/commit", .role(.manager), commit)
        routes.post("/api/v1/projects/:id/git/merge", .role(.manager), merge)
        routes.post("/api/v1/projects/:id/git/resolve", .role(.manager), resolve)
        routes.post("/api/v1/projects/:id/git/push", .role(.manager), push)
    }

    // MARK: reads

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> GitStatusResponse {
        let (project, agent) = try target(context, agent: request.uri.queryParameters["agent"].map(String.init))
        let base = project.baseBranch ?? "main"
        return try await Self.git {
            let path: String
            if let agent { path = agent.worktreePath } else { path = try await existingMergeLocation(project) }
            let repository = GitRepository(path: path)
            let state = try await repository.status()
            let counts = agent != nil ? try await repository.aheadBehind("HEAD", base: base) : (0, 0)
            return GitStatusResponse(
                branch: state.branch, commitHash: state.head, uncommittedChanges: !state.changedFiles.isEmpty,
                conflicts: state.conflicts, worktreePath: path, ahead: counts.0, behind: counts.1, changedFiles: state.changedFiles,
                mergeInProgress: state.mergeInProgress, agent: agent?.id)
        }
    }

    struct CommitEntry: ResponseEncodable {
        var hash: String
        var author: String
        var date: Date
        var message: String
    }

    @Sendable func log(_ request: Request, context: AppRequestContext) async throws -> [CommitEntry] {
        let query = request.uri.queryParameters
        let (project, agent) = try target(context, agent: query["agent"].map(String.init))
        var check = Validator()
        let limit = query["limit"].map { Int(String($0)) } ?? 20
        check.require(limit.map { (1...500).contains($0) } ?? false, "limit", "must be a number from 1 to 500")
        let skip = query["skip"].map { Int(String($0)) } ?? 0
        check.require(skip.map { $0 >= 0 } ?? false, "skip", "must be a number of at least 0")
        let branch = query["branch"].map(String.init)
        if let branch { check.require(await GitRepository.isValidBranchName(branch), "branch", "is not a valid branch name") }
        try check.done()
        let ref = branch ?? agent?.branch ?? project.baseBranch ?? "HEAD"
        return try await Self.git {
            try await GitRepository(path: project.projectPath).log(ref, limit: limit!, skip: skip!)
                .map { CommitEntry(hash: $0.hash, author: $0.author, date: $0.date, message: $0.message) }
        }
    }

    struct DiffResponse: ResponseEncodable {
        var base: String
        var agent: String?
        var files: [GitFileDiff]
        var added: Int
        var removed: Int
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) async throws -> DiffResponse {
        let (project, agent) = try target(context, agent: request.uri.queryParameters["agent"].map(String.init))
        let base = agent == nil ? "HEAD" : project.baseBranch ?? "main"
        let files = try await Self.git { try await GitRepository(path: agent?.worktreePath ?? project.projectPath).diff(against: base) }
        return DiffResponse(base: base, agent: agent?.id, files: files, added: files.reduce(0) { $0 + $1.added }, removed: files.reduce(0) { $0 + $1.removed })
    }

    struct BranchEntry: ResponseEncodable {
        var name: String
        var agent: String?
        var ahead: Int
        var behind: Int
        var lastCommit: CommitEntry
        enum CodingKeys: String, CodingKey {
            case name, agent, ahead, behind
            case lastCommit = "last_commit"
        }
    }

    @Sendable func branches(_ request: Request, context: AppRequestContext) async throws -> [BranchEntry] {
        let (project, _) = try target(context, agent: nil)
        let base = project.baseBranch ?? "main"
        let agents = try await services.database.agents(projectID: project.id)
        return try await Self.git {
            let repository = GitRepository(path: project.projectPath)
            var entries: [BranchEntry] = []
            for branch in try await repository.branches(prefix: "orc/\(project.id)/") {
                let counts = try await repository.aheadBehind(branch.name, base: base)
                entries.append(BranchEntry(
                    name: branch.name, agent: agents.first { $0.branch == branch.name }?.id, ahead: counts.ahead, behind: counts.behind,
                    lastCommit: CommitEntry(hash: branch.head, author: branch.author, date: branch.date, message: branch.subject)))
            }
            return entries
        }
    }

    // MARK: writes

    struct CommitResponse: ResponseEncodable {
        var commitHash: String
        var branch: String
        var message: String
        var author: String
        enum CodingKeys: String, CodingKey {
            case branch, message, author
            case commitHash = "commit_hash"
        }
    }

    @Sendable func commit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(GitCommitRequest.self, context: context)
        let (project, agent) = try target(context, agent: body.agent)
        var check = Validator()
        check.require(!body.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "message", "must not be empty")
        check.require(body.paths.map { !$0.isEmpty } ?? true, "paths", "must name at least one path when given")
        for path in body.paths ?? [] {
            check.require(!path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.contains("\0"), "paths", "'\(path)' must be relative and stay inside the worktree")
        }
        try check.done()
        let author = Self.author(principal)
        let path = agent?.worktreePath ?? project.projectPath
        let result: CommitResponse = try await services.runtime.locks.run(project.projectPath) {
            try await Self.git {
                let repository = GitRepository(path: path)
                guard let hash = try await repository.commit(message: body.message, author: author, paths: body.paths) else {
                    throw APIError.conflict("nothing_to_commit", "there are no changes to commit")
                }
                return CommitResponse(commitHash: hash, branch: try await repository.currentBranch(), message: body.message, author: author.name)
            }
        }
        try services.database.recordAudit(actor: principal.actorLabel, action: "git.commit", target: project.id, details: "\(result.branch) \(result.commitHash.prefix(8))")
        // The branch watcher may have seen the new head already; exactly one of us reports the commit.
        if await services.runtime.branches.claim(projectID: project.id, branch: result.branch, head: result.commitHash) {
            GitEvent(event: "commit", branch: result.branch, hash: result.commitHash, message: body.message, author: author.name, agentId: agent?.id)
                .record(in: services.runtime.events, projectID: project.id)
        }
        return try result.response(status: .created, from: request, context: context)
    }

    struct MergeResponse: ResponseEncodable {
        var merged: Bool
        var commitHash: String
        var source: String
        var target: String
        var strategy: String
        var alreadyUpToDate: Bool
        enum CodingKeys: String, CodingKey {
            case merged, source, target, strategy
            case commitHash = "commit_hash"
            case alreadyUpToDate = "already_up_to_date"
        }
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> MergeResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(GitMergeRequest.self, context: context)
        let (project, _) = try target(context, agent: nil)
        let agents = try await services.database.agents(projectID: project.id)
        let source = agents.first { $0.id == body.source }?.branch ?? body.source
        let target = body.target ?? project.baseBranch ?? "main"
        var check = Validator()
        let strategy = GitMergeStrategy(rawValue: body.strategy ?? "merge")
        check.require(strategy != nil, "strategy", "must be one of merge, squash, ff-only")
        check.require(await GitRepository.isValidBranchName(source), "source", "is neither an agent of this project nor a valid branch name")
        check.require(await GitRepository.isValidBranchName(target), "target", "is not a valid branch name")
        try check.done()
        let author = Self.author(principal)
        // Agents on an SSH host: their latest commits come home first (what was fetched before is merged if the
        // host does not answer).
        _ = try? await services.runtime.fetchBack(project)
        let outcome: GitMergeOutcome = try await services.runtime.locks.run(project.projectPath) {
            try await Self.git {
                let main = GitRepository(path: project.projectPath)
                guard try await main.branchExists(source) else { throw APIError.notFound("no branch '\(source)'") }
                guard try await main.branchExists(target) else { throw APIError.notFound("no branch '\(target)'") }
                let location = try await mergeLocation(project, target: target)
                let repository = GitRepository(path: location)
                let state = try await repository.status()
                if state.mergeInProgress {
                    throw APIError(.conflict, "merge_in_progress", "a merge is waiting to be resolved in \(location); resolve or abort it first",
                                   details: .object(["conflicts": .array(state.conflicts.map(JSONValue.string)), "worktree_path": .string(location)]))
                }
                if state.changedFiles.contains(where: { $0.state != "untracked" }) {
                    throw APIError(.conflict, "dirty_worktree", "\(location) has uncommitted changes; commit or stash them before merging",
                                   details: .object(["files": .array(state.changedFiles.map { .string($0.path) })]))
                }
                return try await repository.merge(source, strategy: strategy!, author: author)
            }
        }
        switch outcome {
        case .conflicts(let files):
            try services.database.recordAudit(actor: principal.actorLabel, action: "git.merge_conflict", target: project.id, details: "\(source) into \(target)")
            GitEvent(event: "merge_conflict", branch: target, hash: "", message: "Merge \(source) stopped on conflicts", author: author.name, conflicts: files)
                .record(in: services.runtime.events, projectID: project.id)
            throw APIError(
                .conflict, "merge_conflict", "merging \(source) into \(target) stopped on conflicts in \(files.joined(separator: ", ")); resolve them with POST git/resolve",
                details: .object(["conflicts": .array(files.map(JSONValue.string)), "source": .string(source), "target": .string(target)]))
        case .merged(let commit), .alreadyUpToDate(let commit):
            try services.database.recordAudit(actor: principal.actorLabel, action: "git.merge", target: project.id, details: "\(source) into \(target) \(commit.prefix(8))")
            GitEvent(event: "merge", branch: target, hash: commit, message: "Merge \(source)", author: author.name)
                .record(in: services.runtime.events, projectID: project.id)
            let upToDate = if case .alreadyUpToDate = outcome { true } else { false }
            return MergeResponse(merged: true, commitHash: commit, source: source, target: target, strategy: strategy!.rawValue, alreadyUpToDate: upToDate)
        }
    }

    struct ResolveResponse: ResponseEncodable {
        var resolved: Bool
        var aborted: Bool
        var commitHash: String?
        enum CodingKeys: String, CodingKey {
            case resolved, aborted
            case commitHash = "commit_hash"
        }
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> ResolveResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(GitResolveRequest.self, context: context)
        let (project, _) = try target(context, agent: nil)
        var check = Validator()
        let resolution = GitResolution(rawValue: body.strategy)
        check.require(resolution != nil, "strategy", "must be one of ours, theirs, manual, abort")
        check.require(resolution != .manual || !(body.contents ?? [:]).isEmpty, "contents", "must give each file's new text for the manual strategy")
        try check.done()
        let author = Self.author(principal)
        let commit: String? = try await services.runtime.locks.run(project.projectPath) {
            try await Self.git {
                let location = try await existingMergeLocation(project)
                let repository = GitRepository(path: location)
                guard try await repository.status().mergeInProgress else {
                    throw APIError.conflict("no_merge_in_progress", "there is no merge to resolve")
                }
                return try await repository.resolveMerge(resolution!, files: body.files, contents: body.contents ?? [:], author: author)
            }
        }
        try services.database.recordAudit(actor: principal.actorLabel, action: "git.resolve", target: project.id, details: body.strategy)
        GitEvent(event: "resolve", branch: project.baseBranch ?? "", hash: commit ?? "", message: "Merge \(body.strategy)", author: author.name)
            .record(in: services.runtime.events, projectID: project.id)
        return ResolveResponse(resolved: commit != nil, aborted: commit == nil, commitHash: commit)
    }

    struct PushResponse: ResponseEncodable {
        var pushed: Bool
        var remote: String
        var branch: String
    }

    @Sendable func push(_ request: Request, context: AppRequestContext) async throws -> PushResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(GitPushRequest.self, context: context)
        let (project, agent) = try target(context, agent: body.agent)
        let remote = body.remote ?? "origin"
        let branch = body.branch ?? agent?.branch ?? project.baseBranch ?? "main"
        var check = Validator()
        check.require(!remote.isEmpty && !remote.hasPrefix("-") && !remote.contains(where: { $0.isWhitespace || $0 == "\0" }), "remote", "is not a valid remote name")
        check.require(await GitRepository.isValidBranchName(branch), "branch", "is not a valid branch name")
        try check.done()
        try await services.runtime.locks.run(project.projectPath) {
            try await Self.git {
                let repository = GitRepository(path: project.projectPath)
                let remotes = try await GitCommandRunner().run(["remote"], in: project.projectPath).split(separator: "\n").map(String.init)
                guard remotes.contains(remote) else {
                    throw ValidationFailure([FieldError(field: "remote", message: "the repository has no remote named '\(remote)'")])
                }
                do {
                    try await repository.push(remote: remote, branch: branch)
                } catch GitError.commandFailed(_, _, let stderr) {
                    throw APIError(.conflict, "push_rejected", "git refused the push: \(stderr)")
                }
            }
        }
        try services.database.recordAudit(actor: principal.actorLabel, action: "git.push", target: project.id, details: "\(branch) to \(remote)")
        GitEvent(event: "push", branch: branch, hash: "", message: "Pushed to \(remote)", author: Self.author(principal).name)
            .record(in: services.runtime.events, projectID: project.id)
        return PushResponse(pushed: true, remote: remote, branch: branch)
    }

    // MARK: helpers

    /// The project and, when `agent` is given, that agent (404s for unknown ones).
    private func target(_ context: AppRequestContext, agent: String?) throws -> (ProjectRecord, AgentRecord?) {
        let id = try context.parameters.require("id")
        guard let project = try services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        guard let agent else { return (project, nil) }
        guard let record = try services.database.agent(projectID: id, id: agent) else {
            throw APIError.notFound("project \(id) has no agent '\(agent)'")
        }
        return (project, record)
    }

    /// Where merges into `target` happen: `project_path` when it has the target checked out, else the
    /// project's integration worktree (created on demand).
    private func mergeLocation(_ project: ProjectRecord, target: String? = nil) async throws -> String {
        let target = target ?? project.baseBranch ?? "main"
        let main = GitRepository(path: project.projectPath)
        if try await main.currentBranch() == target { return project.projectPath }
        let integration = services.runtime.worktreeRoot + "/\(project.id)/.integration"
        let existing = try await main.worktrees().first { $0.path == integration || $0.path.hasSuffix("/\(project.id)/.integration") }
        if existing == nil || existing?.branch != target {
            if existing != nil {
                if (try? await GitRepository(path: integration).status().mergeInProgress) == true {
                    throw APIError(.conflict, "merge_in_progress", "a merge into \(existing?.branch ?? "another branch") is waiting to be resolved; resolve or abort it first")
                }
                try await main.removeWorktree(at: integration, force: true)
            }
            try await main.addWorktree(at: integration, branch: target, from: target)
        }
        return integration
    }

    /// Where a merge may be in progress, without creating anything (reads must not change the repository):
    /// the integration worktree when it exists and holds a merge, else `project_path`.
    private func existingMergeLocation(_ project: ProjectRecord) async throws -> String {
        let integration = services.runtime.worktreeRoot + "/\(project.id)/.integration"
        if FileManager.default.fileExists(atPath: integration), (try? await GitRepository(path: integration).status().mergeInProgress) == true {
            return integration
        }
        return project.projectPath
    }

    /// Commits by people carry their username; an agent's carry the agent's id.
    private static func author(_ principal: Principal) -> GitAuthor {
        let name = principal.agentID ?? principal.username
        return GitAuthor(name: name, email: "\(name)@orchestrator.local")
    }

    /// Runs git work, turning git's errors into API errors a person can act on.
    private static func git<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as GitError {
            switch error {
            case .invalidBranchName(let name): throw ValidationFailure([FieldError(field: "branch", message: "'\(name)' is not a valid branch name")])
            case .invalidPath(let path, let reason): throw ValidationFailure([FieldError(field: "paths", message: "'\(path)' \(reason)")])
            case .invalidReference(let ref): throw ValidationFailure([FieldError(field: "branch", message: "'\(ref)' is not a valid reference")])
            default: throw APIError(.conflict, "git_failed", "\(error)")
            }
        }
    }
}
