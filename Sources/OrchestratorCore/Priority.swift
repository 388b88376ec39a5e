/// Urgency of a project or message.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable {
    case low, normal, high, urgent

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
