import Intelligence

/// `GET /api/v2/daemon/health`: the intelligence layer's provider and model, their state, and active chats.
struct DaemonHealthResponse: Encodable, Sendable {
    var health: ModelHealth
    var sessionsActive: Int

    enum CodingKeys: String, CodingKey {
        case provider, model, state, requests, failures
        case lastError = "last_error"
        case latencyMs = "latency_ms"
        case consecutiveFailures = "consecutive_failures"
        case sessionsActive = "sessions_active"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(health.provider, forKey: .provider)
        try c.encode(health.model, forKey: .model)
        try c.encode(health.state, forKey: .state)
        try c.encode(health.lastError, forKey: .lastError)
        try c.encode(health.latencyMs, forKey: .latencyMs)
        try c.encode(health.consecutiveFailures, forKey: .consecutiveFailures)
        try c.encode(health.requests, forKey: .requests)
        try c.encode(health.failures, forKey: .failures)
        try c.encode(sessionsActive, forKey: .sessionsActive)
    }
}
