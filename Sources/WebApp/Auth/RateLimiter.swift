import Foundation
import Orchestration

/// Token buckets keyed by identity, address or username: `limit` events per `window`, refilled smoothly.
public actor RateLimiter {
    /// The answer for one event.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; try again after this many whole seconds.
        case limited(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let limit: Double
    private let window: TimeInterval
    private var buckets: [String: Bucket] = [:]
    private var lastPrune = Date.distantPast

    /// A limiter allowing `limit` events per `window` seconds for each key.
    public init(limit: Int, window: TimeInterval) {
        self.limit = Double(max(limit, 1))
        self.window = window
    }

    /// Counts one event for `key`, unless the bucket is empty.
    public func consume(_ key: String, now: Date = Date()) -> Decision {
        var bucket = refilled(key, now: now)
        guard bucket.tokens >= 1 else { return .limited(retryAfter: retryAfter(bucket)) }
        bucket.tokens -= 1
        buckets[key] = bucket
        pruneIfLarge(now: now)
        return .allowed
    }

    /// Whether an event for `key` would be allowed now, without counting one.
    public func check(_ key: String, now: Date = Date()) -> Decision {
        let bucket = refilled(key, now: now)
        return bucket.tokens >= 1 ? .allowed : .limited(retryAfter: retryAfter(bucket))
    }

    /// Forgets `key` (e.g. after a successful login).
    public func reset(_ key: String) { buckets[key] = nil }

    private var ratePerSecond: Double { limit / window }

    private func refilled(_ key: String, now: Date) -> Bucket {
        guard var bucket = buckets[key] else { return Bucket(tokens: limit, updated: now) }
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(limit, bucket.tokens + elapsed * ratePerSecond)
        bucket.updated = now
        return bucket
    }

    private func retryAfter(_ bucket: Bucket) -> Int {
        max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
    }

    /// Buckets untouched for a whole window are full again and carry no information: drop them when the
    /// table grows (at most once a second), and if a flood of fresh keys still leaves it huge, start over.
    private func pruneIfLarge(now: Date) {
        guard buckets.count > 10_000, now.timeIntervalSince(lastPrune) >= 1 else { return }
        lastPrune = now
        buckets = buckets.filter { _, bucket in now.timeIntervalSince(bucket.updated) < window }
        if buckets.count > 100_000 { buckets.removeAll() }
    }
}
