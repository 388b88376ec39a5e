/// What one agent's sandbox is made of: the folders it may write and the program it runs.
package struct SandboxLayout: Sendable, Equatable {
    /// The agent's git worktree (writable).
    package var worktree: String
    /// The repository's shared git folder (`<project>/.git`, writable but for its config and hooks).
    package var gitCommonDir: String
    /// The worktree's own folder inside it (`<project>/.git/worktrees/<name>`).
    package var gitDir: String
    /// The agent's own HOME (writable).
    package var home: String
    /// Folders the agent's program needs, shown read-only (the program's own folder when it is named by path).
    package var programFolders: [String]

    package init(worktree: String, gitCommonDir: String, gitDir: String, home: String, programFolders: [String] = []) {
        self.worktree = worktree
        self.gitCommonDir = gitCommonDir
        self.gitDir = gitDir
        self.home = home
        self.programFolders = programFolders
    }
}
