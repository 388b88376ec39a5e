import Foundation

/// Remembers compiled ``PatternSet``s by profile so each profile's patterns compile once.
final class PatternCache: @unchecked Sendable {
    // @unchecked: every access to `sets` holds `lock`.

    /// The process-wide cache.
    static let shared = PatternCache()

    /// Most profiles kept; the cache starts over beyond this (profiles edited again and again).
    private let limit = 256
    private let lock = NSLock()
    private var sets: [AgentProfile: PatternSet] = [:]

    /// The compiled patterns of `profile`, compiling them on first use.
    func patterns(for profile: AgentProfile) -> PatternSet {
        lock.lock()
        defer { lock.unlock() }
        if let known = sets[profile] { return known }
        let compiled = PatternSet(profile: profile)
        if sets.count >= limit { sets.removeAll(keepingCapacity: true) }
        sets[profile] = compiled
        return compiled
    }
}
