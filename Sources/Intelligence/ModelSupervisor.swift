import Foundation

/// Asks a model with a timeout, retries with backoff, and a circuit breaker: after `breakerThreshold` failures in a
/// row the model is not asked for `breakerCooldown` seconds (callers answer from the heuristic at once), then one
/// call probes it again. It recovers by itself when the model answers again.
public actor ModelSupervisor {
    /// The model supervised.
    public nonisolated let model: any ChatModel
    let timeout: Double
    let retries: Int
    let breakerThreshold: Int
    let breakerCooldown: Double
    private var consecutiveFailures = 0
    private var openUntil: Date?
    private var lastError: String?
    private var latencyMs: Double?
    private var requests = 0
    private var failures = 0

    /// Supervises `model`.
    /// - Parameters:
    ///   - timeout: the longest wait for one call, retries included.
    ///   - retries: further attempts after a failed one (not after a timeout).
    public init(model: any ChatModel, timeout: Double, retries: Int = 1, breakerThreshold: Int = 3, breakerCooldown: Double = 10) {
        self.model = model
        self.timeout = timeout
        self.retries = retries
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
    }

    /// The model's answer after it used `toolbox`'s tools, or why there is none. Never waits longer than the timeout.
    public func ask(_ messages: [ChatMessage], toolbox: any ChatToolbox, rounds: Int = 3, maxTokens: Int = 400) async -> Result<String, ModelError> {
        await supervised { [model] in try await model.complete(messages, toolbox: toolbox, rounds: rounds, maxTokens: maxTokens) }
    }

    /// The model's answer, or why there is none. Never waits longer than the timeout.
    public func ask(_ messages: [ChatMessage], json: Bool = false, maxTokens: Int = 400) async -> Result<String, ModelError> {
        await supervised { [model] in try await model.complete(messages, json: json, maxTokens: maxTokens) }
    }

    private func supervised(_ work: @escaping @Sendable () async throws -> String) async -> Result<String, ModelError> {
        let now = Date()
        if let openUntil, now < openUntil { return .failure(.circuitOpen(retryInSeconds: openUntil.timeIntervalSince(now))) }
        requests += 1
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int(timeout * 1000))
        var attempt = 0
        var failure = ModelError.timedOut(seconds: timeout)
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            do {
                let answer = try await Self.withTimeout(remaining, seconds: timeout, work)
                let elapsed = ContinuousClock.now - started
                latencyMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                consecutiveFailures = 0
                openUntil = nil
                lastError = nil
                return .success(answer)
            } catch let error as ModelError {
                failure = error
            } catch {
                failure = .unreachable("\(error)")
            }
            if case .timedOut = failure { break }
            attempt += 1
            guard attempt <= retries else { break }
            try? await Task.sleep(for: .milliseconds(200 << (attempt - 1)))
        }
        failures += 1
        consecutiveFailures += 1
        lastError = failure.description
        if consecutiveFailures >= breakerThreshold { openUntil = Date().addingTimeInterval(breakerCooldown) }
        return .failure(failure)
    }

    /// The model's state now.
    public func health() -> ModelHealth {
        let state: String
        if let openUntil, Date() < openUntil {
            state = "down"
        } else if consecutiveFailures > 0 {
            state = "degraded"
        } else {
            state = "healthy"
        }
        return ModelHealth(
            provider: model.provider, model: model.model, state: state, lastError: lastError, latencyMs: latencyMs,
            consecutiveFailures: consecutiveFailures, requests: requests, failures: failures)
    }

    private static func withTimeout<T: Sendable>(_ limit: Duration, seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ModelError.timedOut(seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw ModelError.timedOut(seconds: seconds) }
            return first
        }
    }
}
