import Foundation
import Hummingbird
import Intelligence
import OrchestratorCore
import Orchestration
import Storage

/// The intelligence layer's pages: `/insights`, the Ask-AI answer page, chat sessions, a project made from a prompt
/// on `/projects/new`, and batches. Forms run the V2 API handlers a script would call.
struct IntelligencePageController {
    let services: AppServices

    private var api: IntelligenceController { IntelligenceController(services: services) }
    private var secure: Bool { services.cookies.secure }

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/insights", .role(.viewer), insights)
        routes.post("/ask", .role(.viewer), ask)
        routes.get("/chat", .role(.viewer), chats)
        routes.post("/chat", .role(.viewer), startChat)
        routes.get("/chat/:session_id", .role(.viewer), chat)
        routes.post("/chat/:session_id", .role(.viewer), sendChat)
        routes.post("/projects/new/prompt", .role(.manager), createFromPrompt)
        routes.get("/batches", .role(.viewer), batches)
        routes.post("/batches", .role(.manager), startBatch)
        routes.get("/batches/:batch_id", .role(.viewer), batch)
    }

    @Sendable func insights(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let chrome = services.pages.chrome("Insights", principal: principal, section: "insights", script: "insights.js")
        let (_, analysis) = try await services.intelligence.analyze(cpuPercent: nil)
        let model = InsightsPageModel(
            chrome: chrome, analysis: analysis, history: await services.intelligence.scoreHistory, ask: AskBoxModel(csrfToken: chrome.csrfToken))
        return services.pages.render("pages/insights", model)
    }

    /// The Ask-AI box's form: the answer on a page of its own, with the box to ask again.
    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> HTML {
        var request = request
        let principal = try context.requirePrincipal()
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let chrome = services.pages.chrome("Ask", principal: principal, section: "insights")
        var json: [String: Any] = ["question": form["question"] ?? ""]
        let projectID = (form["project_id"] ?? "").isEmpty ? nil : form["project_id"]
        if let projectID { json["project_id"] = projectID }
        do {
            let answer = try await api.askAI(try InternalRequest.make(.post, "/api/v2/monitoring/ask-ai", json: json), context: context).value
            let box = AskBoxModel(
                csrfToken: chrome.csrfToken, projectId: projectID,
                answer: .init(
                    question: answer.question, text: answer.answer, provider: answer.provider, degraded: answer.degraded,
                    confidence: Int((answer.confidence * 100).rounded()), actions: answer.suggestedActions,
                    data: answer.supportingData.sorted { $0.key < $1.key }.map { .init(name: $0.key.replacingOccurrences(of: "_", with: " "), value: $0.value) }))
            return services.pages.render("pages/ask", AskPage(chrome: chrome, ask: box, error: nil))
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return services.pages.render("pages/ask", AskPage(chrome: chrome, ask: AskBoxModel(csrfToken: chrome.csrfToken, projectId: projectID), error: problem), status: .unprocessableContent)
        }
    }

    struct AskPage: Sendable {
        var chrome: PageChrome
        var ask: AskBoxModel
        var error: String?
    }

    @Sendable func chats(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let sessions = try await services.database.offloaded { [database = services.database] in try database.chatSessions(username: principal.username) }
        let projects = try services.database.projectSummaries().filter { $0.status != .terminated }
        var model = ChatPageModel(
            chrome: services.pages.chrome("Chats", principal: principal, section: "chats"),
            sessions: sessions.map(Self.summary), hasSessions: !sessions.isEmpty, session: nil, turns: [], flash: PageFlash.read(request)?.text)
        model.projects = projects.map { .init(id: $0.id, name: $0.name) }
        return services.pages.render("pages/chats", model)
    }

    @Sendable func startChat(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        var json: [String: Any] = ["title": form["title"] ?? ""]
        if let project = form["project_id"], !project.isEmpty { json["project_id"] = project }
        do {
            let session = try await api.createChat(try InternalRequest.make(.post, "/api/v2/daemon/chat", json: json), context: context)
            return Response(status: .seeOther, headers: [.location: "/chat/\(session.sessionId)"])
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/chat", secure: secure)
        }
    }

    @Sendable func chat(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("session_id")
        let transcript = try await api.transcript(try InternalRequest.make(.get, "/api/v2/daemon/chat/\(id)"), context: context).value
        let session = ChatPageModel.Session(id: transcript.sessionId, title: transcript.title, projectId: transcript.projectId, created: "")
        return services.pages.render("pages/chat", ChatPageModel(
            chrome: services.pages.chrome(transcript.title, principal: principal, section: "chats"), sessions: [], hasSessions: false,
            session: session,
            turns: transcript.messages.map {
                .init(isUser: $0.role == "user", html: Markdown.html($0.content), provider: $0.provider, degraded: $0.degraded, time: DisplayTime.text($0.createdAt))
            },
            flash: PageFlash.read(request)?.text))
    }

    @Sendable func sendChat(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let id = try context.parameters.require("session_id")
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        do {
            _ = try await api.chat(
                try InternalRequest.make(.post, "/api/v2/daemon/chat/\(id)", json: ["message": form["message"] ?? ""], credentialsOf: request), context: context)
            return Response(status: .seeOther, headers: [.location: "/chat/\(id)#latest"])
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/chat/\(id)", secure: secure)
        }
    }

    /// "Create from a prompt" on `/projects/new`.
    @Sendable func createFromPrompt(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        var hints: [String: Any] = [:]
        if let size = form["team_size_preference"], !size.isEmpty { hints["team_size_preference"] = size }
        if let path = form["project_path"]?.trimmingCharacters(in: .whitespaces), !path.isEmpty { hints["project_path"] = path }
        var json: [String: Any] = ["prompt": form["prompt"] ?? "", "context": hints]
        if let command = form["agent_command"]?.trimmingCharacters(in: .whitespaces), !command.isEmpty { json["agent_command"] = command }
        do {
            let created = try await api.createNatural(try InternalRequest.make(.post, "/api/v2/projects/natural", json: json), context: context)
            let team = created.interpretation.suggestedTeam.joined(separator: ", ")
            return PageFlash(kind: .notice, text: "Project \(created.projectId) is running with \(team), from your prompt (\(created.provider)).")
                .redirect(to: "/projects/\(created.projectId)", secure: secure)
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/projects/new#from-prompt", secure: secure)
        }
    }

    /// The batch form on `/batches`: specifications separated by a line holding only `---`, run through the API's
    /// own handler; back to the new batch's page, or to the form with the problem in words.
    @Sendable func startBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let specs = Self.splitSpecifications(form["specifications"] ?? "")
        var json: [String: Any] = [
            "specifications": specs.map { ["content": $0, "priority": form["priority"] ?? "medium"] },
            "processing_mode": form["processing_mode"] ?? "intelligent",
        ]
        if let concurrent = form["max_concurrent"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { json["max_concurrent"] = concurrent }
        if let command = form["agent_command"]?.trimmingCharacters(in: .whitespaces), !command.isEmpty { json["agent_command"] = command }
        do {
            let id = try await BatchController(services: services).start(
                try InternalRequest.make(.post, "/api/v2/batch/process", json: json), context: context).batchId
            return PageFlash(kind: .notice, text: "Batch \(id) started with \(specs.count) specification\(specs.count == 1 ? "" : "s").")
                .redirect(to: "/batches/\(id)", secure: secure)
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/batches", secure: secure)
        }
    }

    /// Specifications typed in one box: split at lines holding only `---`, blank ones dropped.
    static func splitSpecifications(_ text: String) -> [String] {
        var specs: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                specs.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        specs.append(current.joined(separator: "\n"))
        return specs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    @Sendable func batches(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let (batches, counts) = try await services.database.offloaded { [database = services.database] in
            let batches = try database.recentBatches()
            return (batches, try batches.map { try database.batchItems(batchID: $0.id).count })
        }
        let summaries = zip(batches, counts).map { BatchPageModel.Summary(id: $0.id, status: $0.status, created: DisplayTime.text($0.createdAt), items: $1) }
        var model = BatchPageModel(
            chrome: services.pages.chrome("Batches", principal: principal, section: "batches"), batches: summaries, hasBatches: !summaries.isEmpty,
            batch: nil, reasoning: "", percent: 0, items: [])
        let flash = PageFlash.read(request)
        model.notice = flash?.kind == .notice ? flash?.text : nil
        model.error = flash?.kind == .error ? flash?.text : nil
        model.defaultConcurrent = services.configuration.batch.maxConcurrentProjects
        return services.pages.render("pages/batches", model)
    }

    @Sendable func batch(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("batch_id")
        let status = try await BatchController(services: services).status(try InternalRequest.make(.get, "/api/v2/batch/\(id)/status"), context: context).value
        let items = status.items.map { item in
            BatchPageModel.Item(
                name: item.name, title: item.name, priority: item.priority, status: item.status, projectId: item.projectId,
                percent: Int(((item.progress ?? 0) * 100).rounded()), error: item.error)
        }
        return services.pages.render("pages/batch", BatchPageModel(
            chrome: services.pages.chrome("Batch \(id)", principal: principal, section: "batches", script: "batch.js"), batches: [], hasBatches: false,
            batch: .init(id: status.batchId, status: status.status, created: DisplayTime.text(status.createdAt), items: status.total),
            reasoning: status.reasoning, percent: Int((status.progress * 100).rounded()), items: items,
            estimated: status.estimatedCompletion.map(DisplayTime.text), webhook: status.webhookLastDelivery))
    }

    static func summary(_ session: ChatSessionRecord) -> ChatPageModel.Session {
        .init(id: session.id, title: session.title, projectId: session.projectId, created: DisplayTime.text(session.createdAt))
    }
}
