import Foundation
import Testing

@testable import Intelligence

@Suite("Cost answers: the period asked for, unpriced models, budgets")
struct CostAnswerTests {
    let provider = HeuristicProvider()

    func fleet() -> FleetFacts {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let shop = ProjectFacts(
            id: "shop", name: "Shop", status: "running", createdAt: now.addingTimeInterval(-86_400 * 10),
            spending: SpendingFacts(
                dollarsToday: 0.42, dollarsWeek: 3.1, dollarsTotal: 12.5, tokensToday: 120_000, tokensWeek: 2_400_000, tokensTotal: 9_000_000,
                budget: "$15.00 total", budgetUsed: 12.5 / 15))
        let blog = ProjectFacts(
            id: "blog", name: "Blog", status: "running", createdAt: now,
            spending: SpendingFacts(
                dollarsToday: 0.1, dollarsWeek: 0.1, dollarsTotal: 0.1, tokensToday: 5_000, tokensWeek: 5_000, tokensTotal: 5_000,
                unpricedModels: ["local-llama"]))
        let idle = ProjectFacts(id: "idle", name: "Idle", status: "running", createdAt: now)
        return FleetFacts(projects: [shop, blog, idle], now: now, systemMetrics: SystemFacts())
    }

    @Test func aNamedProjectsWeek() {
        let answer = provider.answer(question: "What did project shop cost this week?", context: nil, facts: fleet())
        #expect(answer.answer == "shop cost $3.10 in the last 7 days (2.4M tokens); budget $15.00 total, 83 % used.", "\(answer.answer)")
        #expect(answer.supportingData["cost_shop"] == "3.1000" && answer.supportingData["period"] == "in the last 7 days")
        #expect(answer.suggestedActions.contains { $0.contains("shop") && $0.contains("83 %") }, "\(answer.suggestedActions)")
        #expect(answer.confidence == 0.9)
    }

    @Test func everyProjectTodayWithUnpricedModelsNamed() {
        let answer = provider.answer(question: "How much did we spend today?", context: nil, facts: fleet())
        #expect(answer.answer.contains("shop cost $0.42 today (120k tokens)"), "\(answer.answer)")
        #expect(answer.answer.contains("blog cost $0.10 today (5000 tokens), not counting local-llama (no price known)"), "\(answer.answer)")
        #expect(answer.answer.hasSuffix("Together: $0.52 and 125k tokens today."), "\(answer.answer)")
        #expect(!answer.answer.contains("idle"), "a project with nothing counted is left out")
    }

    @Test func nothingCountedIsSaidPlainly() {
        let answer = provider.answer(question: "What did idle cost?", context: nil, facts: fleet())
        #expect(answer.answer == "No usage has been counted for idle yet.", "\(answer.answer)")
    }
}
