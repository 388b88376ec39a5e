import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the request threads.
public struct PasswordHasher: Sendable {
    /// bcrypt work factor.
    public let cost: UInt8

    private let decoyHash: String

    /// Creates a hasher with the given work factor (4…31).
    public init(cost: Int) {
        self.cost = UInt8(clamping: cost)
        self.decoyHash = Bcrypt.hash(SecureRandom.token(), cost: self.cost)
    }

    /// Hashes `password` on the shared thread pool.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; a nil hash (unknown user) still costs one bcrypt round so timing reveals nothing.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return hash != nil && matches
    }
}
