/// An answer and who gave it: the configured model, or the heuristic when no model is configured or it failed.
public struct Answered<Value: Sendable>: Sendable {
    /// The answer.
    public var value: Value
    /// `heuristic`, `openai` or `anthropic`.
    public var provider: String
    /// True when a model is configured but the heuristic answered instead (the model failed or its answer was unusable).
    public var degraded: Bool
    /// Why the model's answer was not used, when degraded.
    public var error: String?

    /// An answer.
    public init(value: Value, provider: String, degraded: Bool = false, error: String? = nil) {
        self.value = value
        self.provider = provider
        self.degraded = degraded
        self.error = error
    }
}
