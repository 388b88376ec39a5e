/// The verdict of ``AgentStatusClassifier``: a state plus words a person can read.
public struct AgentStatusClassification: Sendable, Equatable {
    /// The agent's state.
    public var state: AgentState
    /// When the limit resets, as printed by the agent (e.g. `3pm (America/New_York)`); only for `exhausted`.
    public var resetTime: String?
    /// Why: e.g. `prompt: Do you want to proceed?`, `output still for 12 s`, `process exited`.
    public var reason: String

    /// Creates a classification.
    /// - Parameters:
    ///   - state: the agent's state.
    ///   - resetTime: the reset time text printed by the agent, if any.
    ///   - reason: short words explaining the state.
    public init(state: AgentState, resetTime: String? = nil, reason: String) {
        self.state = state
        self.resetTime = resetTime
        self.reason = reason
    }
}
