import Foundation
import GitKit
import Storage
import Synchronization

/// Each project's ``ProjectGitFacts``, read from its repository once and kept, so reading a project never runs a
/// git process.
///
/// The facts are re-read only when the repository's own files say it moved: the mtimes and sizes of `.git/HEAD`,
/// `.git/index`, `.git/logs/HEAD` and `.git/packed-refs` (commits, merges, checkouts, resets and staging all touch
/// one of them), a few `stat` calls per read. Edits in the folder that were never staged are seen at the next
/// such change.
package actor GitFactsCache {
    private struct Entry {
        package var signature: [Int64]
        package var facts: ProjectGitFacts?
    }

    private var entries: [String: Entry] = [:]
    private let counter = Atomic<UInt64>(0)

    /// Grows by one whenever any project's facts change; part of a project's entity tag.
    package nonisolated var version: UInt64 { counter.load(ordering: .relaxed) }

    /// The facts of `project`'s repository (nil when it has no commits or cannot be read).
    package func facts(for project: ProjectRecord) async -> ProjectGitFacts? {
        let signature = GitRepository(path: project.projectPath).stateSignature()
        if let entry = entries[project.id], entry.signature == signature, !signature.isEmpty { return entry.facts }
        let facts = await Self.read(project)
        if entries[project.id]?.facts != facts || entries[project.id] == nil { counter.add(1, ordering: .relaxed) }
        entries[project.id] = Entry(signature: signature, facts: facts)
        return facts
    }

    private static func read(_ project: ProjectRecord) async -> ProjectGitFacts? {
        let repository = GitRepository(path: project.projectPath)
        guard let head = try? await repository.headCommit() else { return nil }
        return ProjectGitFacts(
            branch: (try? await repository.currentBranch()) ?? project.baseBranch ?? "", commitHash: head,
            uncommittedChanges: !((try? await repository.isClean()) ?? true), path: project.projectPath)
    }
}
