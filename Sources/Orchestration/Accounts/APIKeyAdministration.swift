import Foundation
import OrchestratorCore
import Storage

/// Creating, listing, revoking and checking API keys. Keys are shown once and stored only as SHA-256 hashes.
public struct APIKeyAdministration: Sendable {
    /// Every key starts with this, so it is recognisable in configs and leak scanners.
    public static let keyPrefix = "orc_"

    package let database: AppDatabase
    /// Keys checked recently.
    package let checked: CredentialCache

    /// Creates the service.
    public init(database: AppDatabase) {
        self.database = database
        checked = CredentialCache(versions: database.versions, tables: [.apiKey, .user])
    }

    /// A new key with its secret, which is never shown again.
    public struct Created: Sendable {
        /// The stored key.
        public var key: APIKey
        /// The secret to hand to the caller.
        public var secret: String
    }

    /// Creates a key for `owner`; a key never gets more rights than its creator.
    public func create(name: String, role: String, owner: Principal) throws -> Created {
        var check = Validator()
        check.check("name", CredentialRules.keyNameProblem(name))
        let parsed = Role(parsing: role)
        check.require(parsed != nil, "role", "must be one of admin, manager, viewer")
        try check.done()
        if case .apiKey = owner.credential {
            // A leaked key must not be able to mint replacements that outlive its revocation.
            throw AuthFailure.forbidden(reason: "API keys cannot create API keys; sign in as a user")
        }
        guard owner.role.allows(parsed!) else {
            throw AuthFailure.forbidden(reason: "a key cannot have more rights than its creator (\(owner.role.rawValue))")
        }
        let secret = Self.keyPrefix + SecureRandom.token()
        let key = try database.createAPIKey(
            name: name.trimmingCharacters(in: .whitespaces), role: parsed!, keyHash: SecureRandom.sha256Hex(secret),
            prefix: String(secret.prefix(12)), ownerID: owner.userID)
        try database.recordAudit(actor: owner.actorLabel, action: "apikey.create", target: "\(key.id)", details: "name=\(key.name) role=\(key.role.rawValue)")
        return Created(key: key, secret: secret)
    }

    /// A token for an agent: a manager key limited to its project, owned by the project's creator.
    public func createAgentToken(projectID: String, agentID: String, ownerID: Int64) throws -> Created {
        let secret = Self.keyPrefix + SecureRandom.token()
        let key = try database.createAPIKey(
            name: "agent \(projectID)/\(agentID)", role: .manager, keyHash: SecureRandom.sha256Hex(secret), prefix: String(secret.prefix(12)),
            ownerID: ownerID, projectID: projectID, agentID: agentID)
        return Created(key: key, secret: secret)
    }

    /// The keys `viewer` may see: all of them for admins, their own for everybody else.
    public func list(for viewer: Principal) throws -> [APIKey] {
        try database.apiKeys(ownerID: viewer.role == .admin ? nil : viewer.userID)
    }

    /// Revokes a key: admins any key, others only their own (someone else's key reads as not found).
    public func revoke(id: Int64, by actor: Principal) throws {
        guard let key = try database.apiKey(id: id), actor.role == .admin || key.ownerID == actor.userID else {
            throw StorageError.apiKeyNotFound(id)
        }
        try database.revokeAPIKey(id: id)
        try database.recordAudit(actor: actor.actorLabel, action: "apikey.revoke", target: "\(id)", details: "name=\(key.name)")
    }

    /// The principal a key stands for: its owner, with the lesser of the key's role and the owner's current role.
    /// - Throws: ``AuthFailure/unauthenticated(reason:)`` for unknown or revoked keys.
    public func authenticate(key: String) throws -> Principal {
        if let known = checked.principal(for: key) { return known }
        let versions = checked.currentVersions()
        guard key.hasPrefix(Self.keyPrefix), let (apiKey, owner) = try database.authenticateAPIKey(hash: SecureRandom.sha256Hex(key)) else {
            throw AuthFailure.unauthenticated(reason: "API key is invalid or revoked")
        }
        let principal = Principal(
            userID: owner.id, username: owner.username, role: min(apiKey.role, owner.role), credential: .apiKey(id: apiKey.id),
            projectScope: apiKey.projectID, agentID: apiKey.agentID)
        checked.remember(principal, for: key, versions: versions)
        return principal
    }
}
