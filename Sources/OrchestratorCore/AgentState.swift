/// What an agent is doing right now, as decided by ``AgentStatusClassifier``.
public enum AgentState: String, Codable, Sendable, CaseIterable {
    /// Launched moments ago and not ready for a message yet.
    case starting
    /// Working: printing output or showing its busy marker.
    case active
    /// Ready for the next message: output has been still and nothing asks for input.
    case idle
    /// Needs a person: a permission or confirmation prompt is on screen.
    case waiting
    /// Hit a usage, credit or quota limit.
    case exhausted
    /// The agent process is gone (pane dead, or the agent exited back to the shell).
    case failed
    /// The orchestrator paused or terminated it on purpose.
    case stopped
}
