/// A write refused because it would break an invariant, or aimed at a row that is not there.
public enum StorageError: Error, Sendable, Equatable {
    /// Another user already has this name (names are unique regardless of case).
    case usernameTaken(String)
    /// No user has this name.
    case userNotFound(String)
    /// The change would leave no admin.
    case lastAdmin
    /// No live API key has this id.
    case apiKeyNotFound(Int64)
}
