/// One specification handed to a batch.
public struct BatchSpec: Sendable, Equatable {
    /// `spec1`, `spec2`, … in the order given.
    public var name: String
    public var content: String
    /// `urgent`, `high`, `medium`/`normal` or `low`.
    public var priority: String

    /// A specification.
    public init(name: String, content: String, priority: String) {
        self.name = name
        self.content = content
        self.priority = priority
    }

    /// Lower runs first: urgent 0, high 1, medium/normal 2, low 3.
    public var priorityRank: Int {
        switch priority.lowercased() {
        case "urgent": 0
        case "high": 1
        case "low": 3
        default: 2
        }
    }
}
