import Foundation

/// One changed path in a working tree.
public struct GitChangedFile: Sendable, Equatable, Codable {
    /// Path relative to the working tree.
    public var path: String
    /// `added`, `modified`, `deleted`, `renamed`, `untracked` or `conflicted`.
    public var state: String
}

/// A working tree's state.
public struct GitWorkingStatus: Sendable, Equatable {
    /// The checked-out branch (empty when detached).
    public var branch: String
    /// The head commit (empty before the first commit).
    public var head: String
    /// Every changed path.
    public var changedFiles: [GitChangedFile]
    /// Paths with unresolved conflicts.
    public var conflicts: [String]
    /// Whether a merge is waiting to be finished or aborted.
    public var mergeInProgress: Bool
}

/// One file of a diff.
public struct GitFileDiff: Sendable, Equatable, Codable {
    public var path: String
    public var added: Int
    public var removed: Int
    /// The unified diff of this file.
    public var patch: String
}

/// A branch and its newest commit.
public struct GitBranch: Sendable, Equatable {
    public var name: String
    public var head: String
    public var subject: String
    public var author: String
    public var date: Date
}

/// How a merge ended.
public enum GitMergeOutcome: Sendable, Equatable {
    /// Merged; the new head.
    case merged(commit: String)
    /// Nothing to merge; the head.
    case alreadyUpToDate(commit: String)
    /// Stopped on conflicts in these files; the merge stays in progress.
    case conflicts([String])
}

/// How a merge strategy combines a branch.
public enum GitMergeStrategy: String, Sendable, CaseIterable {
    /// A merge commit, always (`--no-ff`).
    case merge
    /// One new commit with the branch's changes (`--squash`).
    case squash
    /// Only when the target can simply move forward (`--ff-only`).
    case ffOnly = "ff-only"
}

/// How to finish a merge in progress.
public enum GitResolution: String, Sendable, CaseIterable {
    /// Keep the target's version of the conflicted files.
    case ours
    /// Take the merged branch's version.
    case theirs
    /// Use the supplied contents.
    case manual
    /// Give the merge up.
    case abort
}
