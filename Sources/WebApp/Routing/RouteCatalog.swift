import Orchestration

/// Every route the app serves, with the access level it declared.
///
/// Routes are added only through ``RouteRegistrar``, which records them here; a test walks the router's
/// own route list and this catalog together, so no route can forget its check.
public struct RouteCatalog: Sendable {
    /// One route.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// HTTP method, e.g. `GET`.
        public var method: String
        /// Path pattern, e.g. `/api/v1/users/:username`.
        public var path: String
        /// The least the caller needs.
        public var access: AccessLevel

        public var description: String { "\(method) \(path) [\(access)]" }

        public static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.method == rhs.method && lhs.path == rhs.path }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(method)
            hasher.combine(path)
        }
    }

    /// Routes in the order they were added.
    public private(set) var entries: [Entry] = []

    mutating func record(_ entry: Entry) { entries.append(entry) }
}
