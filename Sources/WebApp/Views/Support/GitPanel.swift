import Foundation
import GitKit
import Hummingbird
import Storage
import Orchestration

/// The project page's git panel, read through the git API's own handlers.
struct GitPanel {
    let services: AppServices
    let context: AppRequestContext

    private var git: GitController { GitController(services: services) }

    func load(_ project: ProjectRecord, agents: [AgentRecord], diffAgent: String?, canManage: Bool) async -> ProjectPageModel.Git {
        let base = project.baseBranch ?? "main"
        var rows: [ProjectPageModel.GitAgent] = []
        for agent in agents {
            guard let status = try? await git.status(try InternalRequest.make(.get, "/api/v1/projects/\(project.id)/git/status?agent=\(agent.id)"), context: context)
            else { continue }
            let changed = status.changedFiles.count
            let new = status.changedFiles.filter { $0.state == "untracked" }.count
            rows.append(
                .init(
                    agentId: agent.id, branch: agent.branch, ahead: status.ahead, behind: status.behind, changedFiles: changed, hasChanges: changed > 0,
                    changesText: ProjectPageModel.GitAgent.changesText(changed: changed - new, new: new), canMerge: canManage && status.ahead > 0))
        }
        let log = (try? await git.log(try InternalRequest.make(.get, "/api/v1/projects/\(project.id)/git/log?limit=15"), context: context)) ?? []
        var diffLines: [ProjectPageModel.DiffLine] = []
        if let diffAgent, let diff = try? await git.diff(try InternalRequest.make(.get, "/api/v1/projects/\(project.id)/git/diff?agent=\(diffAgent)"), context: context) {
            diffLines = ProjectPageModel.diffLines(diff.files)
        }
        // A merge waiting for resolution, if one was started (reading never creates the merge worktree).
        let merging = try? await git.status(try InternalRequest.make(.get, "/api/v1/projects/\(project.id)/git/status"), context: context)
        let conflicts = merging.map { $0.mergeInProgress ? $0.conflicts : [] } ?? []
        return ProjectPageModel.Git(
            baseBranch: base, agents: rows,
            log: log.map { .init(shortSha: String($0.hash.prefix(8)), subject: $0.message, author: $0.author, when: DisplayTime.text($0.date)) },
            diffAgent: diffAgent, diffLines: diffLines, hasDiff: !diffLines.isEmpty,
            conflictFiles: conflicts.map { .init(path: $0) }, hasConflict: !conflicts.isEmpty,
            mergeStrategies: [("merge", "Merge commit"), ("squash", "Squash"), ("ff-only", "Fast-forward only")].map { .init(value: $0.0, label: $0.1, selected: $0.0 == "merge") })
    }
}
