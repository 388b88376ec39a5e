import Foundation
import Testing
@testable import Intelligence

@Suite("Fleet analysis", .timeLimit(.minutes(3)))
struct FleetAnalysisTests {
    let provider = HeuristicProvider()
    let now = FleetFixtures.now

    @Test func scoresFailedWaitingAndExhaustedAgents() {
        // 100 − 15 (failed) − 5 (waiting 12 minutes) − 10 (exhausted); the paused project does not count.
        let analysis = provider.analyze(FleetFixtures.troubledFleet(), previousScore: nil)
        #expect(analysis.healthScore == 70)
        #expect(analysis.trend == "stable")
        #expect(analysis.alerts.map(\.kind) == ["failed", "exhausted", "waiting"])
        #expect(analysis.alerts.map(\.severity) == ["critical", "warning", "warning"])
        #expect(analysis.alerts.allSatisfy { $0.projectId == "shop" })
        #expect(analysis.alerts.map(\.message) == [
            "tester in shop has failed: pane died",
            "designer in shop has hit its usage limit; it resets at 3pm",
            "developer in shop is waiting for an answer: Proceed? (y/n)",
        ])
        #expect(analysis.recommendations == [
            "Restart failed agent tester in shop",
            "designer in shop is exhausted: wait until 3pm or switch its model",
            "Answer developer in shop: it has waited 12 minutes",
        ])
        #expect(analysis.predictions.contains("designer in shop should resume after its limit resets at 3pm"))
        #expect(!analysis.predictions.contains("No issues expected"))
    }

    @Test func resourcesAndFailedMessagesLowerTheScore() {
        let metrics = SystemFacts(cpuPercent: 95, memoryPercent: 80, diskPercent: 50, messagesFailedLastHour: 7)
        let analysis = provider.analyze(FleetFixtures.troubledFleet(metrics: metrics), previousScore: nil)
        // 70 − 15 (CPU > 90) − 5 (memory > 75) − 10 (7 failed messages, capped).
        #expect(analysis.healthScore == 40)
        #expect(analysis.alerts.map(\.kind) == ["failed", "resources", "exhausted", "waiting", "messages", "resources"])
        #expect(analysis.resourceUtilization.assessment == "critical")
        #expect(analysis.recommendations.contains("Pause idle projects to free memory"))
    }

    @Test func scoreNeverDropsBelowZero() {
        let agents = (1...8).map { AgentFacts(id: "developer-\($0)", role: "developer", status: "failed") }
        #expect(provider.analyze(FleetFixtures.fleet(agents), previousScore: nil).healthScore == 0)
    }

    /// A person is needed even after a short wait: a warning, weighing less than a long one.
    @Test func shortWaitCostsLessButIsStillAWarning() {
        let agent = AgentFacts(id: "developer", role: "developer", status: "waiting", statusSince: FleetFixtures.ago(minutes: 1))
        let analysis = provider.analyze(FleetFixtures.fleet([agent]), previousScore: nil)
        #expect(analysis.healthScore == 98)
        #expect(analysis.alerts.map(\.severity) == ["warning"])
        #expect(analysis.recommendations == ["Answer developer in shop: it has waited 1 minute"])
    }

    @Test func silentActiveAgentIsStuck() {
        let agent = AgentFacts(id: "developer", role: "developer", status: "active", lastOutputAt: FleetFixtures.ago(minutes: 15))
        let analysis = provider.analyze(FleetFixtures.fleet([agent]), previousScore: nil)
        #expect(analysis.healthScore == 95)
        #expect(analysis.alerts.map(\.kind) == ["stuck"])
        #expect(analysis.alerts.first?.message == "developer in shop has shown no output for 15 minutes while active")
    }

    @Test func trendComparesWithThePreviousScore() {
        let facts = FleetFixtures.troubledFleet()
        #expect(provider.analyze(facts, previousScore: 80).trend == "declining")
        #expect(provider.analyze(facts, previousScore: 72).trend == "stable")
        #expect(provider.analyze(facts, previousScore: 60).trend == "improving")
    }

    @Test func quietFleetExpectsNoIssues() {
        let agent = AgentFacts(id: "developer", role: "developer", status: "active", lastOutputAt: FleetFixtures.ago(minutes: 1))
        let analysis = provider.analyze(FleetFixtures.fleet([agent], metrics: SystemFacts(cpuPercent: 20)), previousScore: nil)
        #expect(analysis.healthScore == 100)
        #expect(analysis.alerts.isEmpty)
        #expect(analysis.recommendations.isEmpty)
        #expect(analysis.predictions == ["No issues expected"])
        #expect(analysis.resourceUtilization.assessment == "normal")
        #expect(analysis.resourceUtilization.agentsRunning == 1)
    }

    @Test func idleFinishedProjectIsPredicted() {
        let agents = [
            AgentFacts(id: "developer", role: "developer", status: "idle", progress: 1.0),
            AgentFacts(id: "tester", role: "tester", status: "idle", progress: 0.9),
            AgentFacts(id: "designer", role: "designer", status: "stopped"),
        ]
        let analysis = provider.analyze(FleetFixtures.fleet(agents), previousScore: nil)
        #expect(analysis.predictions == [
            "shop: 2 of 3 agents idle — the project may be finished; review and merge its branches",
        ])
    }

    @Test func teamEfficiencyCountsActiveOverNonStopped() {
        let agents = [
            AgentFacts(id: "developer", role: "developer", status: "active", lastOutputAt: FleetFixtures.ago(minutes: 1)),
            AgentFacts(id: "developer-2", role: "developer", status: "active", lastOutputAt: FleetFixtures.ago(minutes: 1)),
            AgentFacts(id: "tester", role: "tester", status: "idle"),
            AgentFacts(id: "designer", role: "designer", status: "stopped"),
        ]
        let efficiency = provider.analyze(FleetFixtures.fleet(agents), previousScore: nil).teamEfficiency
        #expect(efficiency == [TeamEfficiency(projectId: "shop", agents: 4, working: 2, waiting: 0, idle: 1, efficiency: 0.67)])
    }

    @Test func sharedRolesAreNamedById() {
        let agents = [
            AgentFacts(id: "developer", role: "developer", status: "active"),
            AgentFacts(id: "developer-2", role: "developer", status: "failed"),
        ]
        let analysis = provider.analyze(FleetFixtures.fleet(agents), previousScore: nil)
        #expect(analysis.alerts.first?.message == "developer-2 in shop has failed")
        #expect(analysis.alerts.first?.agentId == "developer-2")
    }

    @Test func encodesSnakeCaseKeys() throws {
        let analysis = provider.analyze(FleetFixtures.troubledFleet(), previousScore: nil)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(analysis)) as? [String: Any]
        #expect(object?["health_score"] as? Int == 70)
        let alerts = object?["alerts"] as? [[String: Any]]
        #expect(alerts?.first?["project_id"] as? String == "shop")
        #expect(alerts?.first?["agent_id"] as? String == "tester")
        let utilization = object?["resource_utilization"] as? [String: Any]
        #expect(utilization?["agents_running"] as? Int == 2)
        let efficiency = object?["team_efficiency"] as? [[String: Any]]
        #expect(efficiency?.first?["project_id"] as? String == "shop")
    }
}
