import Foundation

/// How the configured model is doing, for `GET /api/v2/daemon/health` and `/system`.
public struct ModelHealth: Codable, Sendable, Equatable {
    /// `heuristic`, `openai` or `anthropic`.
    public var provider: String
    /// The model's name; nil for the heuristic.
    public var model: String?
    /// `healthy`, `degraded` (the last call failed; answers fall back) or `down` (the breaker is open).
    public var state: String
    /// The last failure, if the last call failed.
    public var lastError: String?
    /// How long the last successful answer took, in milliseconds.
    public var latencyMs: Double?
    /// Failures in a row.
    public var consecutiveFailures: Int
    /// Calls made and failed since the server started.
    public var requests: Int
    public var failures: Int

    /// A health report.
    public init(provider: String, model: String?, state: String, lastError: String?, latencyMs: Double?, consecutiveFailures: Int, requests: Int, failures: Int) {
        self.provider = provider
        self.model = model
        self.state = state
        self.lastError = lastError
        self.latencyMs = latencyMs
        self.consecutiveFailures = consecutiveFailures
        self.requests = requests
        self.failures = failures
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, state, requests, failures
        case lastError = "last_error"
        case latencyMs = "latency_ms"
        case consecutiveFailures = "consecutive_failures"
    }
}
