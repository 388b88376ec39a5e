import Foundation
import GitKit
import Hummingbird
import TmuxKit
import OrchestratorCore
import Storage
import Orchestration

/// The project pages: `/projects/new`, `/projects/{id}` and `/projects/{id}/agents/{agent_id}`. Their forms run
/// the same API handlers scripts call (see ``InternalRequest``), then redirect back with a one-time notice.
struct ProjectPageController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/projects/new", .role(.manager), newProject)
        routes.post("/projects", .role(.manager), createProject)
        routes.get("/projects/:id", .role(.viewer), project)
        routes.get("/projects/:id/agents/:agent_id", .role(.viewer), agent)
        ProjectFormActions(services: services).addRoutes(to: &routes)
    }

    private var secure: Bool { services.cookies.secure }

    @Sendable func newProject(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        var model = ProjectNewPageModel(chrome: newProjectChrome(principal), roots: services.runtime.workspace.roots, defaultCommand: defaultCommand)
        model.offer(hosts: try services.database.hosts().map(\.name))
        // A refused "Create from a prompt" comes back here with its reason.
        model.promptError = PageFlash.read(request).flatMap { $0.kind == .error ? $0.text : nil }
        return services.pages.render("pages/project-new", model)
    }

    @Sendable func createProject(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let values = ProjectNewPageModel.Values(
            name: form["name"] ?? "", description: form["description"] ?? "", projectPath: form["project_path"] ?? "",
            specContent: form["spec_content"] ?? "", agentCommand: form["agent_command"] ?? "", roles: form["roles"] ?? "",
            host: form["host"].flatMap { $0.isEmpty ? nil : $0 } ?? "local")
        let roles = values.roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let body = ProjectRequest(
            name: values.name.trimmingCharacters(in: .whitespaces), description: values.description, projectPath: values.projectPath.trimmingCharacters(in: .whitespaces),
            specContent: values.specContent, teamComposition: roles.isEmpty ? nil : roles, size: form["size"] ?? "small",
            priority: form["priority"] ?? "normal", agentCommand: values.agentCommand.isEmpty ? nil : values.agentCommand, baseBranch: nil,
            host: values.host == "local" || values.host == "spread" ? nil : values.host, placement: values.host == "spread" ? "spread" : nil)
        do {
            let project = try await services.runtime.create(body, creator: principal)
            let count = try await services.database.agents(projectID: project.id).count
            return PageFlash(kind: .notice, text: "Project \(project.name) is running with \(count) agent\(count == 1 ? "" : "s").")
                .redirect(to: "/projects/\(project.id)", secure: secure)
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            let fields = (error as? ValidationFailure)?.fields ?? []
            var model = ProjectNewPageModel(
                chrome: newProjectChrome(principal), roots: services.runtime.workspace.roots, defaultCommand: defaultCommand, values: values,
                size: body.size ?? "small",
                priority: body.priority ?? "normal", error: problem, fieldErrors: fields)
            model.offer(hosts: (try? services.database.hosts().map(\.name)) ?? [])
            let status: HTTPResponse.Status = (error as? APIError)?.status ?? .unprocessableContent
            return try services.pages.render("pages/project-new", model, status: status).response(from: request, context: context)
        }
    }

    @Sendable func project(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try existing(context)
        // The live stream resumes after this id: read it before any state, so nothing falls between.
        let lastEventID = try services.database.lastEventID(projectID: record.id)
        let flash = PageFlash.read(request)
        let agents = try await services.database.agents(projectID: record.id)
        // A live pane's screen, else the one it showed when the project last stopped.
        var screens = try services.database.lastScreens(projectID: record.id)
        for agent in agents {
            if let pane = agent.paneId { screens[agent.id] = try? await services.runtime.tmux.capture(pane: pane, lines: 0) }
        }
        let diffAgent = request.uri.queryParameters["diff"].map(String.init).flatMap { id in agents.first { $0.id == id }?.id }
        let model = await ProjectPageModel(
            chrome: services.pages.chrome(record.name, principal: principal, section: "projects", script: "project.js"), flash: flash,
            project: record, lastEventID: lastEventID, agents: agents, screens: screens,
            messages: try services.database.messages(projectID: record.id, limit: 100).reversed(),
            git: await GitPanel(services: services, context: context).load(record, agents: agents, diffAgent: diffAgent, canManage: principal.role.allows(.manager)),
            checkins: try services.database.checkins(projectID: record.id), events: try services.database.recentEvents(projectID: record.id, limit: 50))
        var response = try services.pages.render("pages/project", model).response(from: request, context: context)
        if flash != nil { PageFlash.clear(&response, secure: secure) }
        return response
    }

    @Sendable func agent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try existing(context)
        let lastEventID = try services.database.lastEventID(projectID: record.id)
        let flash = PageFlash.read(request)
        let agentID = try context.parameters.require("agent_id")
        guard let agent = try await services.database.agent(projectID: record.id, id: agentID) else {
            throw APIError.notFound("project \(record.id) has no agent '\(agentID)'")
        }
        let stored = try services.database.lastScreens(projectID: record.id)[agent.id]
        let screen = await agent.paneId.asyncMap { try? await services.runtime.tmux.capture(pane: $0, lines: 2000) } ?? stored
        let reports = try services.database.recentEvents(projectID: record.id, limit: 500)
            .filter { $0.type == "agent_report" && $0.data.contains(#""agent_id":"\#(agent.id)""#) }
        let model = AgentPageModel(
            chrome: services.pages.chrome("\(agent.id) · \(record.name)", principal: principal, section: "projects", script: "agent.js"),
            project: record, agent: agent, screen: ScreenText.plain(screen ?? ""),
            messages: try await services.database.messages(projectID: record.id, agent: agent.id, limit: 100).reversed(), reports: Array(reports.prefix(20)),
            lastEventID: lastEventID, flash: flash)
        var response = try services.pages.render("pages/agent", model).response(from: request, context: context)
        if flash != nil { PageFlash.clear(&response, secure: secure) }
        return response
    }

    /// The command an agent runs when a project names none.
    private var defaultCommand: String {
        LaunchCommand.resolve(projectCommand: nil, configured: services.configuration.agents.defaultCommand)
    }

    private func newProjectChrome(_ principal: Principal) -> PageChrome {
        services.pages.chrome("New project", principal: principal, section: "projects", script: "project-new.js")
    }

    private func existing(_ context: AppRequestContext) throws -> ProjectRecord {
        let id = try context.parameters.require("id")
        guard let project = try services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return project
    }
}
