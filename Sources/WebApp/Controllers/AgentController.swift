import TmuxKit
import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/projects/{id}/agents`: agents' states, their screens, and their reports.
struct AgentController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/agents", .role(.viewer), list)
        routes.get("/api/v1/projects/:id/agents/:agent_id/status", .role(.viewer), status)
        routes.get("/api/v1/projects/:id/agents/:agent_id/output", .role(.viewer), output)
        routes.post("/api/v1/projects/:id/agents/:agent_id/report", .role(.manager), report)
    }

    struct Output: ResponseEncodable {
        var agentId: String
        var lines: Int
        var output: String
        enum CodingKeys: String, CodingKey {
            case lines, output
            case agentId = "agent_id"
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let versions = services.database.versions.versions(of: ProjectController.tables)
        return try await services.representations.respond(to: request, key: request.uri.path, versions: versions) {
            guard try services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
            return JSONList(try services.database.agents(projectID: id).map(AgentStatusResponse.init)).jsonBytes
        }
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let versions = services.database.versions.versions(of: [.agent])
        return try await services.representations.respond(to: request, key: request.uri.path, versions: versions) {
            AgentStatusResponse(try agent(context)).jsonBytes
        }
    }

    @Sendable func output(_ request: Request, context: AppRequestContext) async throws -> Output {
        let agent = try agent(context)
        let text = request.uri.queryParameters["lines"].map(String.init) ?? "50"
        guard let lines = Int(text), (1...5000).contains(lines) else {
            throw ValidationFailure([FieldError(field: "lines", message: "must be a number from 1 to 5000")])
        }
        guard let pane = agent.paneId else {
            throw APIError.conflict("agent_not_running", "agent \(agent.id) has no live pane (\(agent.status))")
        }
        let captured = try await services.runtime.tmux.capture(pane: pane, lines: lines)
        var screen = ScreenText.plain(captured).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while screen.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { screen.removeLast() }
        return Output(agentId: agent.id, lines: lines, output: screen.suffix(lines).joined(separator: "\n"))
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> AgentStatusResponse {
        var request = request
        let agent = try agent(context)
        let principal = try context.requirePrincipal()
        if let speaker = principal.agentID, speaker != agent.id {
            throw AuthFailure.forbidden(reason: "agent \(speaker) may report only for itself")
        }
        let body = try await request.decodeBody(ReportRequest.self, context: context)
        var check = Validator()
        check.require(body.progress.map { (0...1).contains($0) } ?? true, "progress", "must be between 0 and 1")
        check.require(body.currentTask != nil || body.progress != nil || body.blockers != nil || body.message != nil, "current_task", "send at least one of current_task, progress, blockers, message")
        check.require((body.message?.count ?? 0) <= 20_000, "message", "must be at most 20000 characters")
        try check.done()
        let updated = try services.database.updateAgent(projectID: agent.projectId, id: agent.id) {
            if let task = body.currentTask { $0.currentTask = task }
            if let progress = body.progress { $0.progress = progress }
            if let blockers = body.blockers { $0.blockers = blockers.isEmpty ? nil : blockers }
            if let message = body.message { $0.lastReport = message }
            $0.lastCheckIn = Date()
        }
        try services.database.updateProject(id: agent.projectId) { _ in }
        services.runtime.events.log("agent_report", projectID: agent.projectId, AgentStatusResponse(updated ?? agent))
        return AgentStatusResponse(updated ?? agent)
    }

    private func agent(_ context: AppRequestContext) throws -> AgentRecord {
        let id = try context.parameters.require("id")
        let agentID = try context.parameters.require("agent_id")
        guard try services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        guard let agent = try services.database.agent(projectID: id, id: agentID) else {
            throw APIError.notFound("project \(id) has no agent '\(agentID)'")
        }
        return agent
    }
}
