/// One entry of `git worktree list --porcelain`.
public struct GitWorktree: Sendable, Equatable, Codable {
    /// The absolute path of the worktree, as git reports it.
    public let path: String
    /// The commit checked out (empty for a bare repository).
    public let head: String
    /// The branch checked out, without `refs/heads/`; `nil` when detached or bare.
    public let branch: String?
    /// Whether `HEAD` is detached in this worktree.
    public let isDetached: Bool
    /// Whether this entry is a bare repository.
    public let isBare: Bool
    /// Whether the worktree is locked (`git worktree lock`).
    public let isLocked: Bool
    /// Whether git considers the worktree prunable (for example its folder was deleted).
    public let isPrunable: Bool

    /// Creates a worktree value.
    public init(
        path: String,
        head: String,
        branch: String?,
        isDetached: Bool,
        isBare: Bool = false,
        isLocked: Bool = false,
        isPrunable: Bool = false
    ) {
        self.path = path
        self.head = head
        self.branch = branch
        self.isDetached = isDetached
        self.isBare = isBare
        self.isLocked = isLocked
        self.isPrunable = isPrunable
    }

    /// Parses the output of `git worktree list --porcelain`.
    public static func parsePorcelain(_ output: String) -> [GitWorktree] {
        var result: [GitWorktree] = []
        var path: String?
        var head = ""
        var branch: String?
        var detached = false
        var bare = false
        var locked = false
        var prunable = false

        func flush() {
            if let path {
                result.append(GitWorktree(
                    path: path, head: head, branch: branch, isDetached: detached,
                    isBare: bare, isLocked: locked, isPrunable: prunable
                ))
            }
            path = nil
            head = ""
            branch = nil
            detached = false
            bare = false
            locked = false
            prunable = false
        }

        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                flush()
                continue
            }
            let (key, value) = split(line)
            switch key {
            case "worktree":
                flush()
                path = value
            case "HEAD":
                head = value
            case "branch":
                let prefix = "refs/heads/"
                branch = value.hasPrefix(prefix) ? String(value.dropFirst(prefix.count)) : value
            case "detached":
                detached = true
            case "bare":
                bare = true
            case "locked":
                locked = true
            case "prunable":
                prunable = true
            default:
                continue
            }
        }
        flush()
        return result
    }

    private static func split(_ line: Substring) -> (key: String, value: String) {
        guard let space = line.firstIndex(of: " ") else { return (String(line), "") }
        return (String(line[..<space]), String(line[line.index(after: space)...]))
    }
}
