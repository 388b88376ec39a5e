import Testing
@testable import Intelligence

@Suite("Team summary", .timeLimit(.minutes(3)))
struct TeamSummaryTests {
    let provider = HeuristicProvider()

    @Test func averagesProgressAndNamesBlockers() {
        let summary = provider.summarize(responses: [
            AgentReply(agent: "developer", message: "Login form done.", progress: 0.7),
            AgentReply(agent: "tester", message: "Writing tests", progress: 0.5, blockers: ["missing fixtures"]),
        ])
        #expect(summary == "Work is 60% complete on average across 2 agents. developer: Login form done (70%); "
            + "tester: Writing tests (50%), blocked by missing fixtures. Blocked: tester.")
    }

    @Test func mentionsAgentsThatDidNotAnswer() {
        let summary = provider.summarize(responses: [
            AgentReply(agent: "developer", message: "API ready", progress: 0.8),
            AgentReply(agent: "tester", message: "Suite green", progress: 0.4),
            AgentReply(agent: "designer", message: "Mockups ready", dependencies: ["developer"], answered: false),
        ])
        #expect(summary.hasPrefix("Work is 60% complete on average across the 2 of 3 agents that reported progress."))
        #expect(summary.contains("designer: Mockups ready, depends on developer"))
        #expect(summary.hasSuffix("designer did not answer; its last report was used."))
    }

    @Test func clampsProgressBeforeAveraging() {
        let summary = provider.summarize(responses: [
            AgentReply(agent: "developer", message: "Done", progress: 1.5),
            AgentReply(agent: "tester", message: "Half", progress: 0.5),
        ])
        #expect(summary.hasPrefix("Work is 75% complete"))
    }

    @Test func handlesNoReplies() {
        #expect(provider.summarize(responses: []) == "No agent replies to summarise.")
        let summary = provider.summarize(responses: [AgentReply(agent: "developer", message: "Looking into it")])
        #expect(summary.hasPrefix("No agent reported progress."))
    }
}
