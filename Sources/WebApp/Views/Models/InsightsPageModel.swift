import Foundation
import Intelligence

/// `/insights`: the fleet's health score and trend, alerts, recommendations, predictions and an Ask-AI box.
struct InsightsPageModel: Sendable {
    struct Alert: Sendable {
        var severity: String
        var kind: String
        var message: String
        var projectId: String?
        var agentId: String?
    }

    struct Efficiency: Sendable {
        var projectId: String
        var agents: Int
        var working: Int
        var waiting: Int
        var percent: Int
    }

    var chrome: PageChrome
    var score: Int
    var scoreClass: String
    var trend: String
    var provider: String
    var degraded: Bool
    var alerts: [Alert]
    var hasAlerts: Bool
    var recommendations: [String]
    var predictions: [String]
    var efficiency: [Efficiency]
    var scoreLine: SystemPageModel.Sparkline
    var assessment: String
    var ask: AskBoxModel

    init(chrome: PageChrome, analysis: Answered<FleetAnalysis>, history: [Int], ask: AskBoxModel) {
        let value = analysis.value
        self.chrome = chrome
        score = value.healthScore
        scoreClass = value.healthScore >= 80 ? "status-running" : value.healthScore >= 50 ? "status-paused" : "status-failed"
        trend = value.trend
        provider = analysis.provider
        degraded = analysis.degraded
        alerts = value.alerts.map { Alert(severity: $0.severity, kind: $0.kind, message: $0.message, projectId: $0.projectId, agentId: $0.agentId) }
        hasAlerts = !value.alerts.isEmpty
        recommendations = value.recommendations
        predictions = value.predictions
        efficiency = value.teamEfficiency.map {
            Efficiency(projectId: $0.projectId, agents: $0.agents, working: $0.working, waiting: $0.waiting, percent: Int(($0.efficiency * 100).rounded()))
        }
        scoreLine = SystemPageModel.sparkline("Health score out of 100 (each look at this page or the dashboard)", history.map(Double.init), maximum: 100)
        assessment = value.resourceUtilization.assessment
        self.ask = ask
    }
}
