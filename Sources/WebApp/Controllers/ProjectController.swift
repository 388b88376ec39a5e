import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/projects`: create, list, read, update, pause, resume, complete and terminate projects.
struct ProjectController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v1/projects", .role(.manager), create)
        routes.get("/api/v1/projects", .role(.viewer), list)
        routes.get("/api/v1/projects/:id", .role(.viewer), show)
        routes.on(.put, "/api/v1/projects/:id", .role(.manager), update)
        routes.delete("/api/v1/projects/:id", .role(.manager), terminate)
        routes.post("/api/v1/projects/:id/pause", .role(.manager), pause)
        routes.post("/api/v1/projects/:id/resume", .role(.manager), resume)
        routes.post("/api/v1/projects/:id/complete", .role(.manager), complete)
    }

    /// The tables a project's representation is built from.
    static let tables: [DatabaseTable] = [.project, .agent]

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        if principal.projectScope != nil { throw AuthFailure.forbidden(reason: "agent tokens cannot create projects") }
        let body = try await request.decodeBody(ProjectRequest.self, context: context)
        let project = try await services.runtime.create(body, creator: principal)
        return try await response(for: project).response(status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var check = Validator()
        let status = query["status"].map(String.init)
        check.require(status == nil || ProjectStatus(rawValue: status!) != nil, "status", "must be one of \(ProjectStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        let priority = query["priority"].map(String.init)
        check.require(priority == nil || Priority(rawValue: priority!) != nil, "priority", "must be one of low, normal, high, urgent")
        let limit = query["limit"].map { Int(String($0)) } ?? 50
        check.require(limit.map { (1...500).contains($0) } ?? false, "limit", "must be a number from 1 to 500")
        let offset = query["offset"].map { Int(String($0)) } ?? 0
        check.require(offset.map { $0 >= 0 } ?? false, "offset", "must be a number of at least 0")
        try check.done()
        let versions = services.database.versions.versions(of: Self.tables)
        return try await services.representations.respond(to: request, key: request.uri.description, versions: versions) {
            // The page's ids, then the rows of only those projects whose kept entry is stale (one query for all
            // their agents, not one per project).
            let page = try services.database.projectPage(
                status: status, priority: priority, search: query["q"].map(String.init), limit: limit!, offset: offset!)
            let items = try services.projectPieces.items(of: page, database: services.database)
            return ProjectList(items: items, total: page.total, limit: limit!, offset: offset!).jsonBytes
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let versions = services.database.versions.versions(of: Self.tables)
        let project = try project(context)
        let facts = await services.runtime.gitFacts.facts(for: project)
        return try await services.representations.respond(
            to: request, key: request.uri.path, versions: versions + [services.runtime.gitFacts.version]
        ) {
            ProjectResponse(project, agents: try services.database.agents(projectID: project.id), gitInfo: facts.map(ProjectResponse.GitInfo.init))
                .jsonBytes
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> ProjectResponse {
        var request = request
        let id = try project(context).id
        let body = try await request.decodeBody(ProjectUpdate.self, context: context)
        return try await response(for: try await services.runtime.update(id, with: body, by: try context.requirePrincipal()))
    }

    /// `DELETE /api/v1/projects/{id}`: terminates the project; with `?purge=true`, deletes an ended project's record
    /// for good (204).
    @Sendable func terminate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try project(context).id
        let flag = { (name: String) in request.uri.queryParameters[name[...]].map { $0 == "true" || $0 == "1" } ?? false }
        if flag("purge") {
            try await services.runtime.purge(id, by: try context.requirePrincipal())
            return Response(status: .noContent)
        }
        let ended = try await services.runtime.terminate(id, removeWorktrees: flag("remove_worktrees"), by: try context.requirePrincipal())
        return try await response(for: ended).response(from: request, context: context)
    }

    @Sendable func pause(_ request: Request, context: AppRequestContext) async throws -> ProjectResponse {
        try await response(for: try await services.runtime.pause(try project(context).id, by: try context.requirePrincipal()))
    }

    /// A manager says the project is done: its agents stop, their branches stay for review.
    @Sendable func complete(_ request: Request, context: AppRequestContext) async throws -> ProjectResponse {
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents report progress; a manager completes the project") }
        return try await response(for: try await services.runtime.complete(try project(context).id, by: principal))
    }

    @Sendable func resume(_ request: Request, context: AppRequestContext) async throws -> ProjectResponse {
        try await response(for: try await services.runtime.resume(try project(context).id, by: try context.requirePrincipal()))
    }

    private func project(_ context: AppRequestContext) throws -> ProjectRecord {
        let id = try context.parameters.require("id")
        guard let project = try services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return project
    }

    /// The full status, with the base branch's git state (kept by ``GitFactsCache``).
    private func response(for project: ProjectRecord) async throws -> ProjectResponse {
        let facts = await services.runtime.gitFacts.facts(for: project)
        return await ProjectResponse(project, agents: try services.database.agents(projectID: project.id), gitInfo: facts.map(ProjectResponse.GitInfo.init))
    }
}
