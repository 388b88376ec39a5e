import Foundation
import Hummingbird
import Intelligence
import MCPTools
import OrchestratorCore
import Orchestration
import ServiceLifecycle
import Storage
import TmuxKit

/// The spec's V2 endpoints: projects from a prompt, asking a team, the intelligent dashboard, ask-AI, chat sessions
/// and the intelligence layer's health. Answers come from the configured model when it answers usefully, else from
/// the heuristic; each says which (`provider`) and whether it fell back (`degraded`).
struct IntelligenceController {
    let services: AppServices

    /// Longest prompt, question or chat message.
    static let maximumText = 20_000

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v2/daemon/health", .role(.viewer), health)
        routes.post("/api/v2/projects/natural", .role(.manager), natural)
        routes.post("/api/v2/projects/:id/communicate", .role(.manager), communicate)
        routes.get("/api/v2/monitoring/intelligent-dashboard", .role(.viewer), dashboard)
        routes.post("/api/v2/monitoring/ask-ai", .role(.viewer), askAI)
        routes.post("/api/v2/daemon/chat", .role(.viewer), startChat)
        routes.get("/api/v2/daemon/chat/:session_id", .role(.viewer), transcript)
        routes.post("/api/v2/daemon/chat/:session_id", .role(.viewer), chat)
    }

    private var intelligence: IntelligenceService { services.intelligence }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<DaemonHealthResponse> {
        let health = await intelligence.engine.health()
        let sessions = try await services.database.offloaded { [intelligence] in try intelligence.activeSessionCount() }
        return SnakeCaseJSON(DaemonHealthResponse(health: health, sessionsActive: sessions))
    }

    @Sendable func natural(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response.json(try SnakeCaseJSON(try await createNatural(request, context: context)).bytes(), status: .created)
    }

    /// Creates the project from the prompt (the handler and the page form share it).
    func createNatural(_ request: Request, context: AppRequestContext) async throws -> NaturalProjectResponse {
        var request = request
        let principal = try context.requirePrincipal()
        if principal.projectScope != nil { throw AuthFailure.forbidden(reason: "agent tokens cannot create projects") }
        let body = try await request.decodeBody(NaturalProjectRequest.self, context: context)
        var check = Validator()
        let prompt = body.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        check.require(!prompt.isEmpty, "prompt", "must not be empty")
        check.require(prompt.count <= Self.maximumText, "prompt", "must be at most \(Self.maximumText) characters")
        check.require(!prompt.contains("\u{0}"), "prompt", "must not contain NUL characters")
        let hints = (body.context ?? [:]).compactMapValues(Self.text(of:))
        check.require(hints.count <= 20, "context", "may hold at most 20 entries")
        check.require(hints.values.allSatisfy { $0.count <= 1000 }, "context", "values must be at most 1000 characters")
        try check.done()
        let started = ContinuousClock.now
        let answer: Answered<ProjectInterpretation> =
            body.useDaemon == false
            ? Answered(value: intelligence.engine.heuristic.interpretProject(prompt: prompt, context: hints), provider: "heuristic")
            : await intelligence.interpretProject(prompt: prompt, context: hints)
        let plan = answer.value
        let id = try await freeProjectID(plan.name)
        let path: String
        if let given = hints["project_path"] {
            path = given
        } else {
            guard let root = services.configuration.workspace.roots.first else {
                throw ValidationFailure([FieldError(field: "context.project_path", message: "is required: the server has no workspace root to put a new folder in")])
            }
            path = (root as NSString).appendingPathComponent(id)
        }
        // A size picked on a form means the manual form's team, whatever a model suggested.
        let team = hints["team_size_preference"].flatMap { TeamComposition.defaultSizes[$0.lowercased()] } ?? plan.suggestedTeam
        // A name a person reads ("React dashboard"), not the slug; the id is still made from it.
        let title = plan.understoodRequirements.first.map { String($0.prefix(80)) }.flatMap { $0.isEmpty ? nil : $0 } ?? id
        let project = try await services.runtime.create(
            ProjectRequest(
                name: title, description: String(prompt.prefix(200)), projectPath: path, specContent: plan.specMarkdown,
                teamComposition: team, agentCommand: body.agentCommand),
            creator: principal)
        // The conversation starts with the request and what was understood of it.
        let session = ChatSessionRecord(id: Self.newSessionID(), username: principal.username, projectId: project.id, title: String(prompt.prefix(80)))
        let understood = "Project \(project.id): " + plan.understoodRequirements.joined(separator: "; ")
            + ". Team: \(team.joined(separator: ", ")). Estimate: \(plan.estimatedDuration)."
        try await services.database.offloaded { [database = services.database] in
            try database.createChatSession(session, turns: [
                ChatMessageRecord(sessionId: session.id, role: "user", content: prompt),
                ChatMessageRecord(sessionId: session.id, role: "assistant", content: understood, provider: answer.provider, degraded: answer.degraded),
            ])
        }
        await intelligence.record("natural_project_created", answer, started: started)
        let response = NaturalProjectResponse(
            projectId: project.id,
            interpretation: .init(understoodRequirements: plan.understoodRequirements, suggestedTeam: team, estimatedDuration: plan.estimatedDuration),
            daemonSessionId: session.id, conversationUrl: "/api/v2/daemon/chat/\(session.id)", provider: answer.provider, degraded: answer.degraded)
        return response
    }

    @Sendable func communicate(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<CommunicateResponse> {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents message each other with `orchestrator send`") }
        let id = try context.parameters.require("id")
        let body = try await request.decodeBody(CommunicateRequest.self, context: context)
        var check = Validator()
        let text = body.naturalLanguage.trimmingCharacters(in: .whitespacesAndNewlines)
        check.require(!text.isEmpty, "natural_language", "must not be empty")
        check.require(text.count <= Self.maximumText, "natural_language", "must be at most \(Self.maximumText) characters")
        check.require(!text.contains("\u{0}"), "natural_language", "must not contain NUL characters")
        check.require(body.intent.map { IntentInterpretation.knownIntents.contains($0) } ?? true, "intent", "must be one of \(IntentInterpretation.knownIntents.joined(separator: ", "))")
        let wait = body.waitSeconds ?? 60
        check.require((0...600).contains(wait), "wait_seconds", "must be from 0 to 600")
        try check.done()
        guard let project = try await services.database.offloaded({ [database = services.database] in try database.project(id: id) }) else {
            throw APIError.notFound("no project with id '\(id)'")
        }
        guard project.status != .terminated else {
            throw APIError.conflict("project_terminated", "project \(id) is terminated; its agents take no messages")
        }
        guard let facts = try await intelligence.projectFacts(id) else { throw APIError.notFound("no project with id '\(id)'") }
        let understood = intelligence.engine.heuristic.interpretIntent(text: text, declaredIntent: body.intent, targetContext: body.targetContext, project: facts)
        // The question goes to each relevant agent as a message that asks for a reply.
        var sent: [String: Int64] = [:]
        for agent in understood.relevantAgents {
            let stored = try await services.runtime.send(
                MessageRecord(
                    projectId: id, targetAgent: agent, senderKind: principal.agentID == nil ? "user" : "agent", sender: principal.username,
                    content: text, requiresResponse: true))
            if let messageID = stored.id { sent[agent] = messageID }
        }
        let replies = await awaitReplies(Array(sent.values), seconds: wait)
        // Replies first; an agent that did not answer in time is described by its last report and state, marked so.
        let latest = try await intelligence.projectFacts(id) ?? facts
        var responses: [AgentReply] = []
        for agent in understood.relevantAgents {
            let current = latest.agents.first { $0.id == agent }
            if let messageID = sent[agent], let reply = replies.last(where: { $0.inReplyTo == messageID }) {
                responses.append(AgentReply(agent: agent, message: reply.content, progress: current?.progress, blockers: current?.blockers ?? [], answered: true))
                continue
            }
            // No reply in time: its last report, else what its screen shows last, marked as not an answer.
            var fallback = current?.lastReport.map { "last report: \($0)" }
            if fallback == nil, let pane = try await services.database.agent(projectID: id, id: agent)?.paneId,
                let screen = try? await services.runtime.tmux.capture(pane: pane, lines: 0)
            {
                let lines = ScreenText.plain(screen).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if !lines.isEmpty { fallback = "its screen shows: " + lines.suffix(3).joined(separator: " / ") }
            }
            responses.append(AgentReply(
                agent: agent, message: fallback ?? "no reply yet; the agent is \(current?.status ?? "unknown")", progress: current?.progress,
                blockers: current?.blockers ?? [], answered: false))
        }
        let started = ContinuousClock.now
        let summary = await intelligence.engine.summarize(question: text, replies: responses)
        await intelligence.record("communicate", summary, started: started)
        await intelligence.recordNaturalLanguage(intent: understood.intent, degraded: summary.degraded)
        var analysis: FleetAnalysis?
        if body.includeAnalysis == true {
            analysis = intelligence.engine.heuristic.analyze(FleetFacts(projects: [latest], now: Date()), previousScore: nil)
        }
        return SnakeCaseJSON(CommunicateResponse(
            daemonInterpretation: .init(understoodIntent: understood.understoodIntent, intent: understood.intent, relevantAgents: understood.relevantAgents, contextApplied: understood.contextApplied),
            responses: responses, aiSummary: summary.value, analysis: analysis, provider: summary.provider, degraded: summary.degraded))
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<IntelligentDashboardResponse> {
        let metrics = try await MonitoringReports(services: services).system()
        let (facts, answer) = try await intelligence.analyze(cpuPercent: nil)
        let analysis = answer.value
        let active = facts.projects.filter { $0.status == "running" || $0.status == "paused" }.map { project in
            let progress = project.agents.compactMap(\.progress)
            return IntelligentDashboardResponse.ActiveProject(
                projectId: project.id, name: project.name, status: project.status, agents: project.agents.count,
                working: project.agents.filter { $0.status == "active" }.count, waiting: project.agents.filter { $0.status == "waiting" }.count,
                progress: progress.isEmpty ? nil : progress.reduce(0, +) / Double(progress.count), costToday: project.spending?.dollarsToday,
                costTotal: project.spending?.dollarsTotal, tokensTotal: project.spending?.tokensTotal, budgetUsed: project.spending?.budgetUsed)
        }
        return SnakeCaseJSON(IntelligentDashboardResponse(
            metrics: metrics,
            aiAnalysis: .init(healthScore: analysis.healthScore, trend: analysis.trend, predictions: analysis.predictions, alerts: analysis.alerts, recommendations: analysis.recommendations),
            activeProjects: active, teamEfficiency: analysis.teamEfficiency, resourceUtilization: analysis.resourceUtilization,
            provider: answer.provider, degraded: answer.degraded, generatedAt: Date()))
    }

    @Sendable func askAI(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<AskAIResponse> {
        var request = request
        let body = try await request.decodeBody(AskAIRequest.self, context: context)
        var check = Validator()
        let question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
        check.require(!question.isEmpty, "question", "must not be empty")
        check.require(question.count <= 4000, "question", "must be at most 4000 characters")
        check.require((body.context?.count ?? 0) <= 4000, "context", "must be at most 4000 characters")
        try check.done()
        if let projectID = body.projectId, try await services.database.offloaded({ [database = services.database] in try database.project(id: projectID) }) == nil {
            throw APIError.notFound("no project with id '\(projectID)'")
        }
        let answer = try await intelligence.ask(
            question: question, context: body.context, projectID: body.projectId, cpuPercent: nil)
        let value = answer.value
        return SnakeCaseJSON(AskAIResponse(
            question: value.question, answer: value.answer, supportingData: value.supportingData, suggestedActions: value.suggestedActions,
            confidence: value.confidence, provider: answer.provider, degraded: answer.degraded))
    }

    @Sendable func startChat(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response.json(try SnakeCaseJSON(try await createChat(request, context: context)).bytes(), status: .created)
    }

    /// Starts a chat session (the handler and the page form share it).
    func createChat(_ request: Request, context: AppRequestContext) async throws -> ChatTranscriptResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(StartChatRequest.self, context: context)
        if let projectID = body.projectId, try await services.database.offloaded({ [database = services.database] in try database.project(id: projectID) }) == nil {
            throw APIError.notFound("no project with id '\(projectID)'")
        }
        let title = (body.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let session = ChatSessionRecord(
            id: Self.newSessionID(), username: principal.username, projectId: body.projectId, title: title.isEmpty ? "Chat" : String(title.prefix(80)))
        try await services.database.offloaded { [database = services.database] in try database.createChatSession(session) }
        return ChatTranscriptResponse(sessionId: session.id, title: session.title, projectId: session.projectId, messages: [])
    }

    @Sendable func transcript(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ChatTranscriptResponse> {
        let session = try await ownSession(context)
        let turns = try await services.database.offloaded { [database = services.database] in try database.chatMessages(sessionID: session.id) }
        return SnakeCaseJSON(ChatTranscriptResponse(
            sessionId: session.id, title: session.title, projectId: session.projectId,
            messages: turns.map { .init(role: $0.role, content: $0.content, provider: $0.provider, degraded: $0.degraded, createdAt: $0.createdAt) }))
    }

    @Sendable func chat(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ChatReplyResponse> {
        var request = request
        let session = try await ownSession(context)
        let body = try await request.decodeBody(ChatRequest.self, context: context)
        var check = Validator()
        let text = body.message.trimmingCharacters(in: .whitespacesAndNewlines)
        check.require(!text.isEmpty, "message", "must not be empty")
        check.require(text.count <= Self.maximumText, "message", "must be at most \(Self.maximumText) characters")
        check.require(!text.contains("\u{0}"), "message", "must not contain NUL characters")
        try check.done()
        let earlier = try await services.database.offloaded { [database = services.database] in try database.chatMessages(sessionID: session.id) }
        let transcript = earlier.map { ChatMessage(role: $0.role, content: $0.content) } + [ChatMessage(role: "user", content: text)]
        // The model may use the MCP tools, with exactly the rights of the person chatting (their own credential).
        let reply = try await intelligence.chatReply(transcript, projectID: session.projectId, toolbox: toolbox(for: request, context: context))
        // The person's turn and the reply are stored together: a failed reply leaves no half of a turn behind.
        _ = try await services.database.offloaded { [database = services.database] in
            try database.appendChatMessages([
                ChatMessageRecord(sessionId: session.id, role: "user", content: text),
                ChatMessageRecord(sessionId: session.id, role: "assistant", content: reply.value, provider: reply.provider, degraded: reply.degraded),
            ])
        }
        return SnakeCaseJSON(ChatReplyResponse(sessionId: session.id, reply: reply.value, provider: reply.provider, degraded: reply.degraded))
    }

    /// The tools a chat's model may call for this caller: their bearer token, API key or access cookie goes with each call.
    private func toolbox(for request: Request, context: AppRequestContext) -> MCPChatToolbox? {
        guard let api = OrchestratorAPI.asCaller(of: request, serverURL: services.runtime.serverURL), api.hasCredential else { return nil }
        var defaults: [String: String] = [:]
        if let principal = context.principal, let project = principal.projectScope { defaults["project_id"] = project }
        return MCPChatToolbox(api: api, defaults: defaults)
    }

    /// The session named in the path, if it is the caller's (admins read everyone's); 404 otherwise, so ids of
    /// other people's sessions are not confirmed.
    private func ownSession(_ context: AppRequestContext) async throws -> ChatSessionRecord {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("session_id")
        let session = try await services.database.offloaded { [database = services.database] in try database.chatSession(id: id) }
        guard let session, session.username == principal.username || principal.role == .admin else {
            throw APIError.notFound("no chat session '\(id)'")
        }
        return session
    }

    /// Replies to `ids`, waiting until each has one or `seconds` pass.
    private func awaitReplies(_ ids: [Int64], seconds: Double) async -> [MessageRecord] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var replies: [MessageRecord] = []
        while true {
            replies = (try? await services.database.offloaded { [database = services.database] in try database.replies(to: ids) }) ?? replies
            let answered = Set(replies.compactMap(\.inReplyTo))
            // A server that is stopping answers with what it has instead of holding its shutdown up.
            if ids.allSatisfy(answered.contains) || ContinuousClock.now >= deadline || Task.isShuttingDownGracefully || Task.isCancelled { return replies }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// A project id not yet taken, from a suggested name: `name`, `name-2`, …
    private func freeProjectID(_ name: String) async throws -> String {
        let base = ProjectSlug.make(from: name.isEmpty ? "project" : name)
        return try await services.database.offloaded { [database = services.database] in
            var candidate = base
            var number = 2
            while try database.projectExists(id: candidate) {
                candidate = "\(base)-\(number)"
                number += 1
            }
            return candidate
        }
    }

    static func newSessionID() -> String {
        "sess_" + SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A context value as text (numbers and booleans too); nested values are ignored.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }
}
