import Foundation

/// A provider's assessment of the whole fleet.
public struct FleetAnalysis: Sendable, Codable, Equatable {
    /// Overall health, 0…100.
    public var healthScore: Int
    /// `improving`, `stable` or `declining`, compared with the previous score.
    public var trend: String
    /// What is likely to happen next, stated from the facts.
    public var predictions: [String]
    /// Things that need attention, most severe first.
    public var alerts: [FleetAlert]
    /// What to do about the alerts, in alert order.
    public var recommendations: [String]
    /// Per-project working figures.
    public var teamEfficiency: [TeamEfficiency]
    /// The machine's load.
    public var resourceUtilization: ResourceUtilization

    /// Creates an analysis.
    public init(
        healthScore: Int,
        trend: String,
        predictions: [String],
        alerts: [FleetAlert],
        recommendations: [String],
        teamEfficiency: [TeamEfficiency],
        resourceUtilization: ResourceUtilization
    ) {
        self.healthScore = healthScore
        self.trend = trend
        self.predictions = predictions
        self.alerts = alerts
        self.recommendations = recommendations
        self.teamEfficiency = teamEfficiency
        self.resourceUtilization = resourceUtilization
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case trend, predictions, alerts, recommendations
        case healthScore = "health_score"
        case teamEfficiency = "team_efficiency"
        case resourceUtilization = "resource_utilization"
    }
}
