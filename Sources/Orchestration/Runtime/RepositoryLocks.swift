/// Runs git operations on one repository one after another (merges, commits and pushes must not interleave).
package actor RepositoryLocks {
    private var tails: [String: Task<Void, Never>] = [:]

    /// Runs `body` after every earlier operation on `key` has finished.
    package func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task<T, any Error> {
            await previous?.value
            return try await body()
        }
        tails[key] = Task { _ = try? await task.value }
        return try await task.value
    }
}
