import Foundation
import Testing
@testable import Intelligence

@Suite("Intent interpretation", .timeLimit(.minutes(3)))
struct IntentInterpretationTests {
    let provider = HeuristicProvider()
    let shop = ProjectFacts(
        id: "shop", name: "shop", status: "running", createdAt: FleetFixtures.now,
        agents: [
            AgentFacts(id: "developer", role: "developer", status: "active"),
            AgentFacts(id: "tester", role: "tester", status: "idle"),
            AgentFacts(id: "designer", role: "designer", status: "stopped"),
        ])

    func interpret(_ text: String, declared: String? = nil, target: String? = nil) -> IntentInterpretation {
        provider.interpretIntent(text: text, declaredIntent: declared, targetContext: target, project: shop)
    }

    @Test(arguments: [
        ("How is the login coming along?", "request_status"),
        ("What's the progress on checkout?", "request_status"),
        ("Please fix the login bug", "assign_task"),
        ("Implement the cart page", "assign_task"),
        ("Review the pull request", "request_review"),
        ("Can you look at the failing build?", "request_review"),
        ("I'm stuck on the database migration", "report_blocker"),
        ("What database do we use?", "question"),
        ("Do you have the test results?", "question"),
    ])
    func intentFromVerbs(_ text: String, _ expected: String) {
        #expect(interpret(text).intent == expected)
    }

    @Test func knownDeclaredIntentWins() {
        #expect(interpret("Please fix it", declared: "request_review").intent == "request_review")
        #expect(interpret("Please fix it", declared: "bogus").intent == "assign_task")
    }

    @Test func restatesIntentWithTopicWords() {
        #expect(interpret("Please fix the login bug").understoodIntent == "Assigns a task: fix login bug.")
        #expect(interpret("How is the login coming along?").understoodIntent == "Asks for a status update on login.")
        #expect(interpret("I'm stuck on the database migration").understoodIntent == "Reports a blocker: database migration.")
    }

    @Test func mentionedAgentsAreTheRecipients() {
        let result = interpret("tester, please check the tests")
        #expect(result.relevantAgents == ["tester"])
        #expect(result.contextApplied)
        #expect(result.intent == "request_review")
    }

    @Test func unknownAgentsAreNeverNamed() {
        let result = interpret("Can developer-9 fix the build?")
        #expect(!result.relevantAgents.contains("developer-9"))
        #expect(result.relevantAgents == ["developer", "tester"])
        #expect(!result.contextApplied)
        #expect(result.relevantAgents.allSatisfy { id in shop.agents.contains { $0.id == id } })
    }

    @Test func targetContextChoosesRecipients() {
        let testing = interpret("Run the suite again", target: "testing")
        #expect(testing.relevantAgents == ["tester"])
        #expect(testing.contextApplied)
        #expect(interpret("Run the suite again", target: "development_team").relevantAgents == ["developer", "tester"])
        #expect(interpret("Run the suite again", target: "all").relevantAgents == ["developer", "tester"])
    }

    @Test func withoutMentionOrTargetAllAgentsButStoppedOnesAreRelevant() {
        let result = interpret("What database do we use?")
        #expect(result.relevantAgents == ["developer", "tester"])
        #expect(!result.contextApplied)
    }
}
