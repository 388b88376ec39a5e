import Foundation

/// What usage figures are summed by.
public enum UsageGrouping: String, Sendable, CaseIterable {
    case agent, model, day, project

    /// The SQL expression of the key (days are UTC: dates are stored as UTC text).
    var sql: String {
        switch self {
        case .agent: "agent_id"
        case .model: "model"
        case .day: "substr(occurred_at, 1, 10)"
        case .project: "project_id"
        }
    }
}
