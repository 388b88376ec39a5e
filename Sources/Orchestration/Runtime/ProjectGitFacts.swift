/// What a project's own repository shows on its base branch: the spec's `GitStatus` of the project.
public struct ProjectGitFacts: Sendable, Equatable {
    /// The checked-out branch (the base branch when HEAD is detached).
    public var branch: String
    public var commitHash: String
    /// Whether the project folder has changes not committed (untracked files count).
    public var uncommittedChanges: Bool
    public var path: String
}
