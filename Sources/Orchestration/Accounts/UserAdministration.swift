import Foundation
import OrchestratorCore
import Storage

/// Creating, changing and deleting users, with validation, hashing and an audit trail.
/// Shared by the API, the admin page and the CLI so all three keep the same rules.
public struct UserAdministration: Sendable {
    package let database: AppDatabase
    package let hasher: PasswordHasher

    /// Creates the service.
    public init(database: AppDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// Creates a user after checking name, password and role.
    /// - Parameters:
    ///   - role: role name as given (`admin`, `manager`, `viewer`).
    ///   - actor: who is doing it, for the audit log.
    public func create(username: String, password: String, role: String, actor: String) async throws -> User {
        var check = Validator()
        check.check("username", CredentialRules.usernameProblem(username))
        check.check("password", CredentialRules.passwordProblem(password))
        let parsedRole = Role(parsing: role)
        check.require(parsedRole != nil, "role", "must be one of admin, manager, viewer")
        try check.done()
        if try database.user(named: username) != nil { throw StorageError.usernameTaken(username) }
        let user = try database.createUser(username: username, passwordHash: try await hasher.hash(password), role: parsedRole!)
        try database.recordAudit(actor: actor, action: "user.create", target: username, details: "role=\(user.role.rawValue)")
        return user
    }

    /// Changes a user's role; the last admin cannot be demoted.
    public func changeRole(username: String, to role: String, actor: String) throws -> User {
        guard let parsed = Role(parsing: role) else {
            throw ValidationFailure([FieldError(field: "role", message: "must be one of admin, manager, viewer")])
        }
        let user = try database.changeRole(username: username, to: parsed)
        try database.recordAudit(actor: actor, action: "user.role", target: username, details: "role=\(parsed.rawValue)")
        return user
    }

    /// Sets a new password and ends the user's sessions.
    public func changePassword(username: String, to password: String, actor: String) async throws {
        try ValidationFailure.throwing("password", CredentialRules.passwordProblem(password))
        guard try database.user(named: username) != nil else { throw StorageError.userNotFound(username) }
        try database.changePasswordHash(username: username, to: try await hasher.hash(password))
        try database.recordAudit(actor: actor, action: "user.password", target: username)
    }

    /// Changes role and/or password together: validated first, then written in one transaction.
    public func update(username: String, role: String?, password: String?, actor: String) async throws -> User {
        var check = Validator()
        let parsedRole = role.flatMap { Role(parsing: $0) }
        check.require(role == nil || parsedRole != nil, "role", "must be one of admin, manager, viewer")
        check.check("password", password.flatMap(CredentialRules.passwordProblem))
        check.require(role != nil || password != nil, "role", "send role and/or password")
        try check.done()
        let hash: String? = if let password { try await hasher.hash(password) } else { nil }
        let user = try database.updateUser(username: username, role: parsedRole, passwordHash: hash)
        let changes = [parsedRole.map { "role=\($0.rawValue)" }, hash.map { _ in "password" }].compactMap { $0 }
        try database.recordAudit(actor: actor, action: "user.update", target: username, details: changes.joined(separator: " "))
        return user
    }

    /// Deletes a user with their sessions and keys; the last admin cannot be deleted.
    public func delete(username: String, actor: String) throws {
        try database.deleteUser(username: username)
        try database.recordAudit(actor: actor, action: "user.delete", target: username)
    }

    /// Creates the first admin when the database has no users yet.
    /// - Parameter password: the configured password, or nil to generate one.
    /// - Returns: the generated password when one was made, so the caller can show it once.
    public func ensureFirstAdmin(username: String, password: String?) async throws -> String? {
        guard try database.userCount() == 0 else { return nil }
        let chosen = password ?? SecureRandom.token(bytes: 18)
        _ = try await create(username: username, password: chosen, role: Role.admin.rawValue, actor: "system")
        return password == nil ? chosen : nil
    }
}

extension ValidationFailure {
    /// Throws a one-field failure when `problem` is non-nil.
    package static func throwing(_ field: String, _ problem: String?) throws {
        if let problem { throw ValidationFailure([FieldError(field: field, message: problem)]) }
    }
}
