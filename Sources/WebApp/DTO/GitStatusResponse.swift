import GitKit
import Hummingbird
import Orchestration

/// The spec's `GitStatus` plus ahead/behind the base and the changed files.
struct GitStatusResponse: ResponseEncodable {
    var branch: String
    var commitHash: String
    var uncommittedChanges: Bool
    var conflicts: [String]
    var worktreePath: String
    var ahead: Int
    var behind: Int
    var changedFiles: [GitChangedFile]
    var mergeInProgress: Bool
    var agent: String?

    enum CodingKeys: String, CodingKey {
        case branch, conflicts, ahead, behind, agent
        case commitHash = "commit_hash"
        case uncommittedChanges = "uncommitted_changes"
        case worktreePath = "worktree_path"
        case changedFiles = "changed_files"
        case mergeInProgress = "merge_in_progress"
    }
}
