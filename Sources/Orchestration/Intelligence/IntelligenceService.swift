import Foundation
import Intelligence
import Logging
import OrchestratorCore
import Storage

/// The server's intelligence service (the spec's "daemon"): the engine with its supervised model, the facts it
/// reasons about, chat sessions kept in the database, and counters for `/metrics`.
package actor IntelligenceService {
    package nonisolated let engine: IntelligenceEngine
    package nonisolated let settings: IntelligenceSettings
    let database: AppDatabase
    let facts: FleetFactsReader
    let logger: Logger
    private var previousScore: Int?
    /// Health scores of the last analyses (at most 120), for the insights page's sparkline.
    package private(set) var scoreHistory: [Int] = []
    /// `daemon_requests_total` by request type and status (`ok`, `degraded`).
    package private(set) var requestCounts: [String: [String: Int]] = [:]
    /// `natural_language_requests_total` by intent and status.
    package private(set) var naturalLanguageCounts: [String: [String: Int]] = [:]
    /// `ai_insights_generated_total` by insight type.
    package private(set) var insightCounts: [String: Int] = [:]
    /// `daemon_response_seconds` per request type: cumulative bucket counts, sum and count since the start.
    package private(set) var responseHistograms: [String: ResponseHistogram] = [:]

    /// The alerts already announced as `ai_insight` events (an alert that clears and comes back is announced again).
    private var announced: Set<String> = []
    private var insightTables = TableChangeWatch([.agent, .project])
    private var lastInsightPass = Date.distantPast

    package init(settings: IntelligenceSettings, database: AppDatabase, dataDir: String, prices: PriceTable = PriceTable(prices: [:]), logger: Logger) {
        self.settings = settings
        self.database = database
        self.facts = FleetFactsReader(database: database, dataDir: dataDir, prices: prices)
        self.logger = logger
        self.engine = IntelligenceEngine(supervisor: Self.model(for: settings).map { ModelSupervisor(model: $0, timeout: settings.timeoutSeconds) })
    }

    /// The configured model, or nil for the heuristic (or a setting that names no usable model).
    static func model(for settings: IntelligenceSettings) -> (any ChatModel)? {
        let model = settings.model ?? "default"
        switch settings.provider {
        case "openai":
            guard let base = settings.baseURL.flatMap(URL.init(string:)) else { return nil }
            return OpenAIChatModel(baseURL: base, model: model, apiKey: settings.apiKey, timeout: settings.timeoutSeconds)
        case "anthropic":
            return AnthropicChatModel(baseURL: settings.baseURL.flatMap(URL.init(string:)), model: settings.model ?? "claude-sonnet-4-5", apiKey: settings.apiKey, timeout: settings.timeoutSeconds)
        default:
            return nil
        }
    }

    /// Counts one answer for the metrics.
    package func record<T>(_ type: String, _ answer: Answered<T>, started: ContinuousClock.Instant) {
        requestCounts[type, default: [:]][answer.degraded ? "degraded" : "ok", default: 0] += 1
        let elapsed = ContinuousClock.now - started
        responseHistograms[type, default: ResponseHistogram()].observe(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if answer.degraded, let error = answer.error { logger.warning("intelligence: \(type) answered by the heuristic: \(error)") }
    }

    /// Counts a natural-language request by the intent understood.
    package func recordNaturalLanguage(intent: String, degraded: Bool) {
        naturalLanguageCounts[intent, default: [:]][degraded ? "degraded" : "ok", default: 0] += 1
    }

    /// The fleet's analysis, with the trend against the last one.
    package func analyze(cpuPercent: Double?) async throws -> (facts: FleetFacts, analysis: Answered<FleetAnalysis>) {
        let started = ContinuousClock.now
        let fleet = try await database.offloaded { [facts] in try facts.read(cpuPercent: cpuPercent) }
        let analysis = await engine.analyze(fleet, previousScore: previousScore)
        previousScore = analysis.value.healthScore
        scoreHistory.append(analysis.value.healthScore)
        if scoreHistory.count > 120 { scoreHistory.removeFirst(scoreHistory.count - 120) }
        record("analyze_system_health", analysis, started: started)
        return (fleet, analysis)
    }

    /// An answer to a question about the fleet (or one project).
    package func ask(question: String, context: String?, projectID: String? = nil, cpuPercent: Double?) async throws -> Answered<AIAnswer> {
        let started = ContinuousClock.now
        let fleet = try await database.offloaded { [facts] in try facts.read(projectID: projectID, cpuPercent: cpuPercent) }
        let answer = await engine.answer(question: question, context: context, facts: fleet)
        record("ask_ai", answer, started: started)
        return answer
    }

    /// A new project read from a request in words.
    package func interpretProject(prompt: String, context: [String: String]) async -> Answered<ProjectInterpretation> {
        let started = ContinuousClock.now
        let answer = await engine.interpretProject(prompt: prompt, context: context)
        record("natural_project", answer, started: started)
        recordNaturalLanguage(intent: "create_project", degraded: answer.degraded)
        return answer
    }

    /// The next reply in a chat session, given its turns so far (the person's last).
    package func chatReply(_ transcript: [ChatMessage], projectID: String?, toolbox: (any ChatToolbox)? = nil) async throws -> Answered<String> {
        let started = ContinuousClock.now
        let fleet = try await database.offloaded { [facts] in try facts.read(projectID: projectID) }
        let reply = await engine.chat(transcript, facts: fleet, toolbox: toolbox)
        record("chat", reply, started: started)
        return reply
    }

    /// Announces what is new among the fleet's alerts as `ai_insight` events on each project's stream: looked at
    /// when an agent or project changed, at most every 2 seconds (the rules only: facts, no model call).
    package func announceInsights(to events: EventHub, now: Date = Date()) async {
        guard now.timeIntervalSince(lastInsightPass) >= 2, insightTables.changed(in: database.versions) else { return }
        lastInsightPass = now
        guard let fleet = try? await database.offloaded({ [facts] in try facts.read() }) else {
            insightTables.reset()
            return
        }
        let analysis = engine.heuristic.analyze(fleet, previousScore: nil)
        var current: Set<String> = []
        for alert in analysis.alerts {
            guard let projectID = alert.projectId else { continue }
            let key = [alert.kind, projectID, alert.agentId ?? "", alert.message].joined(separator: "|")
            current.insert(key)
            guard !announced.contains(key) else { continue }
            events.log("ai_insight", projectID: projectID, AIInsightEvent(alert: alert, projectID: projectID, recommendations: analysis.recommendations, provider: "heuristic"))
            insightCounts[alert.kind, default: 0] += 1
        }
        announced = current
    }

    /// The facts about one project (communicate).
    package func projectFacts(_ projectID: String) async throws -> ProjectFacts? {
        try await database.offloaded { [facts] in try facts.read(projectID: projectID) }.projects.first
    }

    /// Chat sessions with a turn in the last 30 minutes (`daemon_sessions_active`).
    package nonisolated func activeSessionCount(now: Date = Date()) throws -> Int {
        try database.activeChatSessions(since: now.addingTimeInterval(-1800))
    }
}
