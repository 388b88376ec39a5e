/// What an agent asks permission for, as rules see it.
package struct ApprovalQuestion: Sendable, Equatable {
    /// The agent's profile: `claude`, `codex`, `aider`, …
    package var kind: String
    /// The tool asking, when the agent's hook says (`Bash`, `Edit`, …); nil for a question drawn on screen.
    package var tool: String?
    /// The command, the file, or the question's words (with what the screen showed above it).
    package var subject: String
    /// The agent's worktree: paths outside it always go to a person.
    package var worktree: String

    package init(kind: String, tool: String?, subject: String, worktree: String) {
        self.kind = kind
        self.tool = tool
        self.subject = subject
        self.worktree = worktree
    }
}
