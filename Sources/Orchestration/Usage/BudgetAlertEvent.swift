import Foundation

/// A `budget_alert` event: a project used 80 % of one of its limits, or reached it.
package struct BudgetAlertEvent: Encodable, Sendable {
    package var projectId: String
    /// `daily_dollars`, `total_dollars`, `daily_tokens` or `total_tokens`.
    package var limit: String
    /// 80 or 100.
    package var percent: Int
    package var spent: Double
    package var allowed: Double
    /// What was done: `alert`, or `pause` (the agents were paused).
    package var action: String
    package var message: String

    package enum CodingKeys: String, CodingKey {
        case projectId = "project_id"
        case limit, percent, spent, allowed, action, message
    }
}
