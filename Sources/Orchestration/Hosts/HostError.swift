/// Why something could not be done with a host.
public enum HostError: Error, Sendable, Equatable {
    /// It could not be reached, or refused the login.
    case unreachable(String)
    /// Its key is not the one pinned.
    case keyMismatch(String)
}
