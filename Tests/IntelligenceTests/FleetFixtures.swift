import Foundation
@testable import Intelligence

/// Fleets shared by the tests, built around one fixed instant.
enum FleetFixtures {
    /// The instant every snapshot is taken at.
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// `minutes` before ``now``.
    static func ago(minutes: Double) -> Date {
        now.addingTimeInterval(-minutes * 60)
    }

    /// "shop": a failed tester, a developer waiting 12 minutes and an exhausted designer; plus a paused "blog"
    /// whose failed agent must not count.
    static func troubledFleet(metrics: SystemFacts = SystemFacts(cpuPercent: 40, memoryPercent: 50, diskPercent: 60)) -> FleetFacts {
        let shop = ProjectFacts(
            id: "shop", name: "shop", status: "running", createdAt: ago(minutes: 60),
            agents: [
                AgentFacts(id: "developer", role: "developer", status: "waiting", prompt: "Proceed? (y/n)", statusSince: ago(minutes: 12)),
                AgentFacts(id: "tester", role: "tester", status: "failed", statusReason: "pane died"),
                AgentFacts(id: "designer", role: "designer", status: "exhausted", resetTime: "3pm"),
            ],
            commitsLastDay: 2)
        let blog = ProjectFacts(
            id: "blog", name: "blog", status: "paused", createdAt: ago(minutes: 60),
            agents: [AgentFacts(id: "writer", role: "writer", status: "failed")])
        return FleetFacts(projects: [shop, blog], now: now, systemMetrics: metrics)
    }

    /// "shop" (developer waiting 12 minutes, tester active at 50%) and "blog" (writer waiting, reviewer failed).
    static func answerFleet() -> FleetFacts {
        let shop = ProjectFacts(
            id: "shop", name: "shop", status: "running", createdAt: ago(minutes: 60),
            agents: [
                AgentFacts(id: "developer", role: "developer", status: "waiting", prompt: "Proceed? (y/n)", statusSince: ago(minutes: 12)),
                AgentFacts(
                    id: "tester", role: "tester", status: "active", currentTask: "Writing tests", progress: 0.5,
                    lastOutputAt: ago(minutes: 0.5)),
            ])
        let blog = ProjectFacts(
            id: "blog", name: "blog", status: "running", createdAt: ago(minutes: 60),
            agents: [
                AgentFacts(id: "writer", role: "writer", status: "waiting", prompt: "Use Markdown?"),
                AgentFacts(id: "reviewer", role: "reviewer", status: "failed", statusReason: "exit 1"),
            ])
        return FleetFacts(projects: [shop, blog], now: now, systemMetrics: SystemFacts(cpuPercent: 30, memoryPercent: 40, diskPercent: 50))
    }

    /// A running project "shop" with the given agents, created an hour ago.
    static func fleet(_ agents: [AgentFacts], metrics: SystemFacts = SystemFacts()) -> FleetFacts {
        FleetFacts(
            projects: [ProjectFacts(id: "shop", name: "shop", status: "running", createdAt: ago(minutes: 60), agents: agents)],
            now: now, systemMetrics: metrics)
    }
}
