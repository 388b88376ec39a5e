import Foundation

/// What a person or program may do. Roles are ordered: `admin` ⊃ `manager` ⊃ `viewer`.
///
/// ```swift
/// Role.manager.allows(.viewer)  // true
/// Role.viewer.allows(.manager)  // false
/// ```
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Reads everything, changes nothing.
    case viewer
    /// Creates and runs projects, messages agents, reviews and merges their work.
    case manager
    /// A manager who also manages users and API keys.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .manager: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes every right of `required`.
    /// - Parameter required: the least role an action needs.
    public func allows(_ required: Role) -> Bool { self >= required }

    /// Parses a role name case-insensitively, ignoring surrounding spaces.
    /// - Parameter text: `admin`, `manager` or `viewer`.
    public init?(parsing text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
