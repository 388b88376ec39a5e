/// Who is making a request, after authentication.
public struct Principal: Sendable, Equatable {
    /// How the caller proved who they are.
    public enum Credential: Sendable, Equatable {
        /// A JWT access token from a login; `sessionID` names the refresh-token family.
        case session(sessionID: String)
        /// An API key, by its id.
        case apiKey(id: Int64)
    }

    /// The user acting, or the owner of the API key.
    public var userID: Int64
    /// The user's name (for keys: the owner's name).
    public var username: String
    /// The effective role: for a key, the lesser of the key's role and its owner's current role.
    public var role: Role
    /// How the caller authenticated.
    public var credential: Credential
    /// For an agent's token: the only project it may act on.
    public var projectScope: String?
    /// For an agent's token: the agent it speaks for.
    public var agentID: String?

    /// Creates a principal.
    public init(userID: Int64, username: String, role: Role, credential: Credential, projectScope: String? = nil, agentID: String? = nil) {
        self.userID = userID
        self.username = username
        self.role = role
        self.credential = credential
        self.projectScope = projectScope
        self.agentID = agentID
    }

    /// The session id when this principal came from a login, else nil.
    public var sessionID: String? {
        if case .session(let id) = credential { return id }
        return nil
    }

    /// A short label for logs and audit records, such as `alice` or `alice (key 3)`.
    public var actorLabel: String {
        switch credential {
        case .session: username
        case .apiKey(let id): agentID.map { "agent \($0)" } ?? "\(username) (key \(id))"
        }
    }
}
