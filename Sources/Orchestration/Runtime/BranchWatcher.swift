import Foundation
import GitKit
import Logging
import OrchestratorCore
import Storage

/// Notices commits the agents make themselves by comparing each project's `orc/<project>/*` branch heads
/// (one `git for-each-ref` per project) with what it saw last, and records a `git_event` per new commit.
package actor BranchWatcher {
    private let database: AppDatabase
    private let events: EventHub
    private let logger: Logger
    private var heads: [String: [String: String]] = [:]
    private var learned = false
    /// Commits whose event is out (by this watcher or by the server's own commit), so each is reported once.
    private var reported: Set<String> = []
    /// Each project's refs signature at its last listing: unchanged refs need no `git` process.
    private var seen: [String: [Int64]] = [:]

    package init(database: AppDatabase, events: EventHub, logger: Logger) {
        self.database = database
        self.events = events
        self.logger = logger
    }

    /// Checks every running project once. The first pass after a start only learns where the branches stand
    /// (their commits were reported before); branches that appear later are reported from their base.
    package func scan() async {
        guard let projects = try? await database.projects(status: ProjectStatus.running.rawValue, limit: 10_000).items else { return }
        for project in projects { await scan(project, report: learned) }
        let running = Set(projects.map(\.id))
        seen = seen.filter { running.contains($0.key) }
        learned = true
    }

    /// The server itself committed `head` on `branch`: returns true when the caller should record its event, false
    /// when a scan that ran while the commit was being made has reported it already.
    package func claim(projectID: String, branch: String, head: String) -> Bool {
        heads[projectID, default: [:]][branch] = head
        return claimed(head)
    }

    private func claimed(_ hash: String) -> Bool {
        if reported.count > 10_000 { reported.removeAll() }
        return reported.insert(hash).inserted
    }

    private func scan(_ project: ProjectRecord, report: Bool) async {
        let repository = GitRepository(path: project.projectPath)
        // The branches' ref files say whether anything moved since the last listing (a few `stat` calls).
        let signature = repository.refsSignature(prefix: "orc/\(project.id)")
        if !signature.isEmpty, seen[project.id] == signature, heads[project.id] != nil { return }
        seen[project.id] = signature
        guard let branches = try? await repository.branches(prefix: "orc/\(project.id)/") else { return }
        let known = heads[project.id] ?? [:]
        heads[project.id] = Dictionary(uniqueKeysWithValues: branches.map { ($0.name, $0.head) })
        guard report else { return }
        for branch in branches where known[branch.name] != branch.head {
            let range = "\(known[branch.name] ?? project.baseBranch ?? "main")..\(branch.head)"
            let commits = (try? await repository.log(range, limit: 50)) ?? []
            for commit in commits.reversed() where claimed(commit.hash) {
                let event = GitEvent(
                    event: "commit", branch: branch.name, hash: commit.hash, message: commit.message, author: commit.author,
                    agentId: String(branch.name.split(separator: "/").last ?? ""))
                event.record(in: events, projectID: project.id)
            }
        }
    }
}
