import Foundation
import Intelligence

/// An `ai_insight` event: what the intelligence layer noticed about an agent (waiting, exhausted, failed, stuck),
/// in the spec's relay shape, `data` with `project_id`, `agent`, `message` and `metadata`, and `ai_insight`.
package struct AIInsightEvent: Encodable, Sendable {
    package struct Insight: Encodable, Sendable {
        package var kind: String
        package var severity: String
        package var summary: String
        package var recommendation: String?
    }

    package var projectId: String
    package var agent: String?
    package var message: String
    package var metadata: [String: String]
    package var aiInsight: Insight

    enum CodingKeys: String, CodingKey {
        case agent, message, metadata
        case projectId = "project_id"
        case aiInsight = "ai_insight"
    }

    /// The event for one alert, with the recommendation that names its agent, if any.
    package init(alert: FleetAlert, projectID: String, recommendations: [String], provider: String) {
        projectId = projectID
        agent = alert.agentId
        message = alert.message
        metadata = ["severity": alert.severity, "kind": alert.kind, "provider": provider]
        let recommendation = alert.agentId.flatMap { agent in recommendations.first { $0.contains(agent) && $0.contains(projectID) } }
        aiInsight = Insight(kind: alert.kind, severity: alert.severity, summary: alert.message, recommendation: recommendation)
    }
}
