import Foundation
import GRDB

/// A machine agents may run on, reached over SSH.
public struct HostRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "host"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Its name (a slug; `local` is the server's own machine and never stored).
    public var name: String
    /// `user@host[:port]`.
    public var ssh: String
    /// The private key the server logs in with (none: ssh's defaults for the server's user).
    public var identityFile: String?
    /// Where projects' checkouts and worktrees go on the host.
    public var workspaceRoot: String
    /// Most agents it runs at once (nil: no limit).
    public var maxAgents: Int?
    /// Labels as JSON `["gpu", "fast"]`.
    public var labels: String
    /// The host keys' fingerprints pinned when it was added (or trusted again), as JSON `["SHA256:…"]`.
    public var fingerprints: String
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date

    /// A host.
    public init(
        name: String, ssh: String, identityFile: String?, workspaceRoot: String, maxAgents: Int?, labels: String, fingerprints: String,
        createdBy: String, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.name = name
        self.ssh = ssh
        self.identityFile = identityFile
        self.workspaceRoot = workspaceRoot
        self.maxAgents = maxAgents
        self.labels = labels
        self.fingerprints = fingerprints
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
