import Storage

/// Which agents' usage the server reads, and why not for the others: their tokens are "unknown", never estimated.
package enum UsageCoverage {
    /// Programs whose usage is read: Claude Code's and Gemini CLI's transcripts (named by their hooks), Codex's
    /// rollouts (named by `notify`), aider's cost lines on its screen.
    package static let measuredProfiles: Set<String> = ["claude", "codex", "gemini", "aider"]

    /// Why `agent`'s usage is unknown, or nil when it is read.
    package static func unmeasuredReason(_ agent: AgentRecord) -> String? {
        if let host = agent.host { return "runs on host \(host): usage is not read from hosts yet" }
        if measuredProfiles.contains(agent.profile) { return nil }
        return agent.profile == "shell"
            ? "a shell reports no model usage"
            : "\(agent.profile) leaves no usage record the server reads (only Claude Code, Codex, Gemini CLI and aider do)"
    }
}
