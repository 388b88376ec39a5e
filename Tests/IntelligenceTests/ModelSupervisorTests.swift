import Foundation
import Testing

@testable import Intelligence

/// A stand-in for a model server (no network in unit tests): answers, fails or hangs as told, counting calls.
actor StandInModelBehaviour {
    enum Mode { case answer(String), fail, hang }
    var mode: Mode
    var calls = 0
    init(_ mode: Mode) { self.mode = mode }
    func set(_ mode: Mode) { self.mode = mode }
    func next() -> Mode {
        calls += 1
        return mode
    }
}

struct StandInModel: ChatModel {
    let provider = "openai"
    let model = "stand-in"
    let behaviour: StandInModelBehaviour

    func complete(_ messages: [ChatMessage], json: Bool, maxTokens: Int) async throws -> String {
        switch await behaviour.next() {
        case .answer(let text): return text
        case .fail: throw ModelError.unreachable("connection refused")
        case .hang:
            try await Task.sleep(for: .seconds(30))
            return "too late"
        }
    }
}

@Suite("Model supervision: timeout, retry, circuit breaker, recovery", .timeLimit(.minutes(3)))
struct ModelSupervisorTests {
    @Test func failuresOpenTheBreakerThenAProbeClosesIt() async throws {
        let behaviour = StandInModelBehaviour(.fail)
        let supervisor = ModelSupervisor(model: StandInModel(behaviour: behaviour), timeout: 60, retries: 1, breakerThreshold: 2, breakerCooldown: 3)
        let first = await supervisor.ask([ChatMessage(role: "user", content: "hi")])
        guard case .failure(.unreachable) = first else { Issue.record("expected a failure, got \(first)"); return }
        #expect(await behaviour.calls == 2, "one retry after a failure")
        #expect(await supervisor.health().state == "degraded")
        _ = await supervisor.ask([ChatMessage(role: "user", content: "hi")])
        #expect(await supervisor.health().state == "down", "two failures in a row open the breaker")
        let callsBefore = await behaviour.calls
        let refused = await supervisor.ask([ChatMessage(role: "user", content: "hi")])
        guard case .failure(.circuitOpen) = refused else { Issue.record("expected the breaker to refuse, got \(refused)"); return }
        #expect(await behaviour.calls == callsBefore, "an open breaker does not call the model")

        await behaviour.set(.answer("back"))
        try await Task.sleep(for: .milliseconds(3200))
        let recovered = await supervisor.ask([ChatMessage(role: "user", content: "hi")])
        #expect((try? recovered.get()) == "back")
        let health = await supervisor.health()
        #expect(health.state == "healthy" && health.lastError == nil && health.latencyMs != nil)
        #expect(health.requests == 3 && health.failures == 2, "a refused call never reached the model")
    }

    @Test func aHangingModelIsCutOffAtTheTimeout() async {
        let supervisor = ModelSupervisor(model: StandInModel(behaviour: StandInModelBehaviour(.hang)), timeout: 0.3)
        let started = ContinuousClock.now
        let result = await supervisor.ask([ChatMessage(role: "user", content: "hi")])
        guard case .failure(.timedOut) = result else { Issue.record("expected a timeout, got \(result)"); return }
        #expect(ContinuousClock.now - started < .seconds(20), "cut off long before the model's 30 s")
    }

    @Test func theEngineFallsBackToTheRulesAndSaysSo() async {
        let facts = FleetFacts(projects: [ProjectFacts(id: "shop", name: "Shop", status: "running", createdAt: Date(), agents: [AgentFacts(id: "developer", role: "developer", status: "idle")])], now: Date())
        let down = IntelligenceEngine(supervisor: ModelSupervisor(model: StandInModel(behaviour: StandInModelBehaviour(.fail)), timeout: 2, retries: 0))
        let answer = await down.answer(question: "How many agents are idle?", context: nil, facts: facts)
        #expect(answer.provider == "heuristic" && answer.degraded && answer.error != nil)
        #expect(answer.value.answer.contains("1 idle"), "the rules answer from the facts")

        // A reply that names an agent that does not exist is not used.
        let inventing = IntelligenceEngine(supervisor: ModelSupervisor(model: StandInModel(behaviour: StandInModelBehaviour(.answer("tester-3 is blocked."))), timeout: 2))
        let checked = await inventing.answer(question: "Who is blocked?", context: nil, facts: facts)
        #expect(checked.provider == "heuristic" && checked.degraded)
        let honest = IntelligenceEngine(supervisor: ModelSupervisor(model: StandInModel(behaviour: StandInModelBehaviour(.answer("The developer is idle."))), timeout: 2))
        let used = await honest.answer(question: "Who is idle?", context: nil, facts: facts)
        #expect(used.provider == "openai" && !used.degraded && used.value.answer == "The developer is idle.")
    }

    @Test func batchesRunByPriorityAndAModelOnlyReordersWithinOne() async {
        let specs = [BatchSpec(name: "spec1", content: "a long specification text", priority: "low"),
                     BatchSpec(name: "spec2", content: "short", priority: "high"),
                     BatchSpec(name: "spec3", content: "medium sized spec", priority: "medium"),
                     BatchSpec(name: "spec4", content: "tiny", priority: "medium")]
        let plan = HeuristicProvider().planBatch(specs, goals: ["minimize_time"], concurrency: 1, now: Date(timeIntervalSince1970: 0))
        #expect(plan.order == ["spec2", "spec4", "spec3", "spec1"])
        #expect(plan.estimatedCompletion > Date(timeIntervalSince1970: 0))
        let model = StandInModel(behaviour: StandInModelBehaviour(.answer(#"{"order":["spec1","spec3","spec4","spec2"],"reasoning":"Bigger first."}"#)))
        let planned = await IntelligenceEngine(supervisor: ModelSupervisor(model: model, timeout: 2)).planBatch(specs, goals: [], concurrency: 1, now: Date())
        #expect(planned.value.order == ["spec2", "spec3", "spec4", "spec1"], "priority stays first; the model's order within medium")
        #expect(planned.value.reasoning == "Bigger first." && planned.provider == "openai")
    }
}
