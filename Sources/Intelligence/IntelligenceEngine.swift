import Foundation

/// The intelligence layer's answers: from the configured model when there is one and it answers usefully, else
/// from the heuristic. Facts (agent ids, states, counts) always come from the facts passed in; a model only
/// phrases, ranks and suggests, and what it returns is checked (``ModelReply``) and merged with the heuristic's.
public struct IntelligenceEngine: Sendable {
    /// The rules that answer without a model.
    public let heuristic = HeuristicProvider()
    /// The supervised model, if one is configured.
    public let supervisor: ModelSupervisor?

    /// An engine; without a supervisor every answer comes from the heuristic.
    public init(supervisor: ModelSupervisor?) { self.supervisor = supervisor }

    /// Who answers when the model does: its provider name, or `heuristic`.
    public var provider: String { supervisor?.model.provider ?? "heuristic" }

    /// The configured model's health (the heuristic is always healthy).
    public func health() async -> ModelHealth {
        guard let supervisor else {
            return ModelHealth(provider: "heuristic", model: nil, state: "healthy", lastError: nil, latencyMs: nil, consecutiveFailures: 0, requests: 0, failures: 0)
        }
        return await supervisor.health()
    }

    /// Requirements, team and estimate for a new project described in words.
    public func interpretProject(prompt: String, context: [String: String]) async -> Answered<ProjectInterpretation> {
        let fallback = heuristic.interpretProject(prompt: prompt, context: context)
        guard let supervisor else { return Answered(value: fallback, provider: "heuristic") }
        let roles = HeuristicProvider.roleOrder
        let system = """
            You plan software projects for a team of AI coding agents. Reply with one JSON object: \
            {"requirements": [short phrases, at most 12], "team": [roles, chosen from \(roles.joined(separator: ", "))], \
            "estimated_duration": "e.g. 3-5 days"}.
            """
        let contextLines = context.keys.sorted().map { "\($0): \(context[$0] ?? "")" }.joined(separator: "\n")
        let user = prompt + (contextLines.isEmpty ? "" : "\n\nContext:\n" + contextLines)
        switch await supervisor.ask([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)], json: true, maxTokens: 300) {
        case .failure(let error):
            return Answered(value: fallback, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            guard let object = ModelReply.jsonObject(in: text) else {
                return Answered(value: fallback, provider: "heuristic", degraded: true, error: ModelError.malformed("no JSON object").description)
            }
            let requirements = ModelReply.strings(object["requirements"], limit: 12)
            var team = ModelReply.strings(object["team"], limit: 8, maxLength: 40).map { $0.lowercased() }.filter { roles.contains($0) }
            if !team.contains("developer") { team.insert("developer", at: 0) }
            team = roles.filter { team.contains($0) }
            let duration = (object["estimated_duration"] as? String).flatMap { $0.count <= 40 && !$0.isEmpty ? $0 : nil }
            // A reply with no usable requirements keeps the heuristic's; its team and estimate still count.
            let merged = heuristic.interpretation(
                prompt: prompt, context: context, requirements: requirements.isEmpty ? fallback.understoodRequirements : requirements,
                team: team, duration: duration ?? fallback.estimatedDuration)
            return Answered(value: merged, provider: supervisor.model.provider)
        }
    }

    /// The fleet's health, alerts and recommendations; a model may add recommendations.
    public func analyze(_ facts: FleetFacts, previousScore: Int?) async -> Answered<FleetAnalysis> {
        var analysis = heuristic.analyze(facts, previousScore: previousScore)
        guard let supervisor else { return Answered(value: analysis, provider: "heuristic") }
        let system = """
            You advise the manager of a team of AI coding agents. From the facts, reply with one JSON object \
            {"recommendations": [at most 3 short, concrete actions]}. Name only agents and projects in the facts.
            """
        let user = Self.factsText(facts) + "\n\nAlerts:\n" + analysis.alerts.map { "- " + $0.message }.joined(separator: "\n")
        switch await supervisor.ask([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)], json: true, maxTokens: 250) {
        case .failure(let error):
            return Answered(value: analysis, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            let known = Self.agentIDs(facts)
            let extra = ModelReply.strings(ModelReply.jsonObject(in: text)?["recommendations"], limit: 3)
                .filter { ModelReply.unknownAgents(in: $0, known: known).isEmpty }
            guard !extra.isEmpty else {
                return Answered(value: analysis, provider: "heuristic", degraded: true, error: ModelError.malformed("no usable recommendations").description)
            }
            analysis.recommendations += extra.filter { !analysis.recommendations.contains($0) }
            return Answered(value: analysis, provider: supervisor.model.provider)
        }
    }

    /// An answer to a question about the fleet; the supporting data and actions are the heuristic's facts.
    public func answer(question: String, context: String?, facts: FleetFacts) async -> Answered<AIAnswer> {
        var answer = heuristic.answer(question: question, context: context, facts: facts)
        guard let supervisor else { return Answered(value: answer, provider: "heuristic") }
        let system = """
            You answer questions about a team of AI coding agents managed in tmux. Use only the facts given; \
            name only agents and projects that appear in them. Answer in at most 4 sentences.
            """
        var user = Self.factsText(facts) + "\n\nWhat the rules found: " + answer.answer + "\n\nQuestion: " + question
        if let context, !context.isEmpty { user += "\nContext: " + context }
        switch await supervisor.ask([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)], maxTokens: 250) {
        case .failure(let error):
            return Answered(value: answer, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            guard let prose = ModelReply.prose(text, maxLength: 2000, knownAgents: Self.agentIDs(facts)) else {
                return Answered(value: answer, provider: "heuristic", degraded: true, error: ModelError.malformed("the answer was empty, too long or named unknown agents").description)
            }
            answer.answer = prose
            return Answered(value: answer, provider: supervisor.model.provider)
        }
    }

    /// One line on what the agents replied.
    public func summarize(question: String, replies: [AgentReply]) async -> Answered<String> {
        let fallback = heuristic.summarize(responses: replies)
        guard let supervisor else { return Answered(value: fallback, provider: "heuristic") }
        let system = "Summarise in one or two sentences what these agents said, with the overall progress. Name only the agents listed."
        let lines = replies.map { reply in
            "- \(reply.agent)\(reply.answered ? "" : " (no reply; from its last report)"): \(reply.message)"
                + (reply.progress.map { " [progress \(Int(($0 * 100).rounded()))%]" } ?? "")
                + (reply.blockers.isEmpty ? "" : " [blockers: \(reply.blockers.joined(separator: "; "))]")
        }
        let user = "Question: \(question)\n\nReplies:\n" + lines.joined(separator: "\n") + "\n\nFacts summary: " + fallback
        switch await supervisor.ask([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)], maxTokens: 150) {
        case .failure(let error):
            return Answered(value: fallback, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            guard let prose = ModelReply.prose(text, maxLength: 800, knownAgents: Set(replies.map(\.agent))) else {
                return Answered(value: fallback, provider: "heuristic", degraded: true, error: ModelError.malformed("unusable summary").description)
            }
            return Answered(value: prose, provider: supervisor.model.provider)
        }
    }

    /// The next reply in a chat about the fleet, given the conversation so far (the last turn is the person's).
    /// - Parameter toolbox: tools the model may call, with the rights of the person chatting (nil: none).
    public func chat(_ transcript: [ChatMessage], facts: FleetFacts, toolbox: (any ChatToolbox)? = nil) async -> Answered<String> {
        let question = transcript.last(where: { $0.role == "user" })?.content ?? ""
        // Without a model nothing is done for the person: say which of the asked actions cannot be taken, and where
        // they are taken, before what the facts say.
        let facts_ = heuristic.answer(question: question, context: nil, facts: facts).answer
        let fallback = heuristic.actionNotice(for: question).map { $0 + " " + facts_ } ?? facts_
        guard let supervisor else { return Answered(value: fallback, provider: "heuristic") }
        let system = """
            You are the assistant of a tmux orchestrator of AI coding agents. Answer briefly from these facts; name only \
            agents and projects in them.

            \(Self.factsText(facts))
            """
        let conversation = [ChatMessage(role: "system", content: system)] + transcript.suffix(12)
        let reply = if let toolbox {
            await supervisor.ask(conversation, toolbox: toolbox, maxTokens: 300)
        } else {
            await supervisor.ask(conversation, maxTokens: 300)
        }
        switch reply {
        case .failure(let error):
            return Answered(value: fallback, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            guard let prose = ModelReply.prose(text, maxLength: 3000, knownAgents: Self.agentIDs(facts)) else {
                return Answered(value: fallback, provider: "heuristic", degraded: true, error: ModelError.malformed("unusable reply").description)
            }
            return Answered(value: prose, provider: supervisor.model.provider)
        }
    }

    /// A batch's processing order: priority always first; a model may reorder within a priority and give its reasons.
    public func planBatch(_ specs: [BatchSpec], goals: [String], concurrency: Int, now: Date) async -> Answered<BatchPlan> {
        let fallback = heuristic.planBatch(specs, goals: goals, concurrency: concurrency, now: now)
        guard let supervisor, specs.count > 1 else { return Answered(value: fallback, provider: "heuristic") }
        let system = """
            You schedule software projects. Reply with one JSON object {"order": [the names, each once], "reasoning":             "one sentence"}. Goals: \(goals.joined(separator: ", ")).
            """
        let user = specs.map { "- \($0.name) (priority \($0.priority)): \($0.content.prefix(300))" }.joined(separator: "\n")
        switch await supervisor.ask([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)], json: true, maxTokens: 200) {
        case .failure(let error):
            return Answered(value: fallback, provider: "heuristic", degraded: true, error: error.description)
        case .success(let text):
            let object = ModelReply.jsonObject(in: text)
            let order = ModelReply.strings(object?["order"], limit: specs.count, maxLength: 100)
            let reasoning = (object?["reasoning"] as? String).flatMap { ModelReply.prose($0, maxLength: 400, knownAgents: []) }
            guard Set(order) == Set(specs.map(\.name)), order.count == specs.count, let reasoning else {
                return Answered(value: fallback, provider: "heuristic", degraded: true, error: ModelError.malformed("the order was not a permutation of the specifications").description)
            }
            // The model's order within each priority; priority itself is never overruled.
            let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            let merged = specs.sorted { ($0.priorityRank, rank[$0.name] ?? 0) < ($1.priorityRank, rank[$1.name] ?? 0) }.map(\.name)
            return Answered(value: BatchPlan(order: merged, reasoning: reasoning, estimatedCompletion: fallback.estimatedCompletion), provider: supervisor.model.provider)
        }
    }

    /// Every agent id in the facts.
    static func agentIDs(_ facts: FleetFacts) -> Set<String> {
        Set(facts.projects.flatMap { $0.agents.map { $0.id.lowercased() } })
    }

    /// The facts as compact lines for a model.
    static func factsText(_ facts: FleetFacts) -> String {
        var lines = ["Projects:"]
        for project in facts.projects {
            lines.append("- \(project.id) (\(project.name)): \(project.status), \(project.agents.count) agents")
            for agent in project.agents {
                var line = "  - \(agent.id) (\(agent.role)): \(agent.status)"
                if let prompt = agent.prompt { line += ", asks: \(prompt.prefix(120))" }
                if let progress = agent.progress { line += ", progress \(Int((progress * 100).rounded()))%" }
                if let report = agent.lastReport { line += ", last report: \(report.prefix(160))" }
                if !agent.blockers.isEmpty { line += ", blockers: \(agent.blockers.joined(separator: "; ").prefix(160))" }
                lines.append(line)
            }
        }
        if facts.projects.isEmpty { lines.append("- (none)") }
        return lines.joined(separator: "\n")
    }
}
