import Foundation

/// What the overview shows of a project.
public struct ProjectSummary: Sendable, Equatable {
    /// Stable id, also the tmux session suffix.
    public var id: String
    /// Display name.
    public var name: String
    /// One-paragraph description.
    public var description: String
    /// Lifecycle state.
    public var status: ProjectStatus
    /// Urgency.
    public var priority: Priority
    /// Overall progress, 0…1.
    public var progress: Double
    /// Last change of any kind.
    public var updatedAt: Date

    /// Creates a summary.
    public init(id: String, name: String, description: String, status: ProjectStatus, priority: Priority, progress: Double, updatedAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.status = status
        self.priority = priority
        self.progress = progress
        self.updatedAt = updatedAt
    }
}
