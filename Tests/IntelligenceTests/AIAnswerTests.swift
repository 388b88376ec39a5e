import Foundation
import Testing
@testable import Intelligence

@Suite("Answers", .timeLimit(.minutes(3)))
struct AIAnswerTests {
    let provider = HeuristicProvider()
    let facts = FleetFixtures.answerFleet()

    func ask(_ question: String, context: String? = nil) -> AIAnswer {
        provider.answer(question: question, context: context, facts: facts)
    }

    @Test func listsWaitingAgentsWithTheirQuestions() {
        let result = ask("Which agents are waiting?")
        #expect(result.answer == "2 agents are waiting for an answer: developer in shop (Proceed? (y/n)), writer in blog (Use Markdown?).")
        #expect(result.supportingData["waiting"] == "2")
        #expect(result.confidence == 0.9)
        // Both waits are warnings now (a person is needed either way), so they come in project order.
        #expect(result.suggestedActions == [
            "Answer writer in blog: Use Markdown?",
            "Answer developer in shop: it has waited 12 minutes",
        ])
    }

    @Test(arguments: ["Which agents need me?", "Who needs my attention?", "Is anything waiting for me?"])
    func whoNeedsMeNamesTheWaitingOnly(question: String) {
        let result = ask(question)
        #expect(result.answer.hasPrefix("2 agents need you: developer in shop, waiting 12 minutes: Proceed? (y/n); writer in blog"), "\(result.answer)")
        #expect(!result.answer.contains("reviewer") && !result.answer.contains("tester"), "\(result.answer)")
        #expect(result.supportingData["waiting"] == "2")
    }

    @Test func withoutAModelTheChatSaysWhichActionsItCannotTake() {
        let notice = provider.actionNotice(for: "Please tell the developer to add tests and merge its branch")
        #expect(notice?.contains("cannot send a message or merge a branch") == true, "\(notice ?? "nil")")
        #expect(notice?.contains("Merge in the project's git panel") == true)
        #expect(provider.actionNotice(for: "How is the shop project going?") == nil)
        #expect(provider.actionNotice(for: "Tell me which agents are waiting") == nil)
    }

    @Test func aNamedProjectNarrowsTheAnswer() {
        let result = ask("Is anyone waiting in shop?")
        #expect(result.answer == "1 agent is waiting for an answer: developer in shop (Proceed? (y/n)).")
        #expect(!result.answer.contains("writer"))
        #expect(result.supportingData["projects_mentioned"] == "shop")
        #expect(result.suggestedActions == ["Answer developer in shop: it has waited 12 minutes"])
    }

    @Test func contextCanNameTheProject() {
        let result = ask("Anything failed?", context: "blog")
        #expect(result.answer == "1 agent has failed: reviewer in blog (exit 1).")
        #expect(result.suggestedActions == ["Restart failed agent reviewer in blog"])
    }

    @Test func countsAgentsByStatus() {
        let result = ask("How many agents are there?")
        #expect(result.answer == "There are 2 projects (2 running) with 4 agents: 1 active, 2 waiting, 1 failed.")
        #expect(result.supportingData["agents"] == "4")
        #expect(result.supportingData["waiting"] == "2")
    }

    @Test func reportsProgressOfANamedProject() {
        let result = ask("How is shop doing?")
        #expect(result.answer.hasPrefix("shop is running with 2 agents (1 active, 1 waiting); average reported progress 50%"))
        #expect(result.answer.contains("tester: Writing tests (50%)."))
        #expect(result.supportingData["average_progress"] == "50%")
        #expect(result.confidence == 0.9)
    }

    @Test func healthUsesTheAnalysis() {
        // 100 − 5 (developer waiting 12 minutes) − 2 (writer waiting) − 15 (reviewer failed).
        let result = ask("Is the server healthy?")
        #expect(result.answer.hasPrefix("Fleet health is 78/100. Resource use is normal (CPU 30%, memory 40%, disk 50%)"))
        #expect(result.supportingData["health_score"] == "78")
    }

    @Test func unrecognisedQuestionGetsALessConfidentSummary() {
        let result = ask("Tell me a joke")
        #expect(result.confidence == 0.5)
        #expect(result.answer.contains("Fleet health is 78/100."))
        #expect(result.answer.hasPrefix("There are 2 projects"))
    }

    @Test(arguments: [
        "Which agents are waiting?", "What failed?", "Who is working?", "How is everything going?",
        "How many agents are there?", "Is the server healthy?", "Tell me a joke",
    ])
    func answersNameOnlyAgentsInTheFacts(_ question: String) {
        let result = ask(question)
        for absent in ["designer", "devops", "project-manager", "researcher"] {
            #expect(!result.answer.contains(absent))
            #expect(!result.suggestedActions.joined().contains(absent))
        }
    }

    @Test func noProjectsMeansLowConfidence() {
        let empty = FleetFacts(projects: [], now: FleetFixtures.now)
        let result = provider.answer(question: "Which agents are waiting?", context: nil, facts: empty)
        #expect(result.answer == "No agents are waiting for an answer.")
        #expect(result.confidence == 0.5)
    }
}
