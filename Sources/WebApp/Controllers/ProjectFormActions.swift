import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// The project page's forms. Each runs the API handler a script would call, then redirects back to the page
/// with a notice, or with the problem in words when the handler refused.
struct ProjectFormActions {
    let services: AppServices

    private var projects: ProjectController { ProjectController(services: services) }
    private var git: GitController { GitController(services: services) }

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/projects/:id/messages", .role(.manager), message)
        routes.post("/projects/:id/pause", .role(.manager), pause)
        routes.post("/projects/:id/resume", .role(.manager), resume)
        routes.post("/projects/:id/terminate", .role(.manager), terminate)
        routes.post("/projects/:id/delete", .role(.manager), delete)
        routes.post("/projects/:id/merge", .role(.manager), merge)
        routes.post("/projects/:id/resolve", .role(.manager), resolve)
        routes.post("/projects/:id/checkins", .role(.manager), scheduleCheckin)
        routes.post("/projects/:id/checkins/:checkin_id/delete", .role(.manager), cancelCheckin)
        routes.post("/projects/:id/agents/:agent_id/keys", .role(.manager), keys)
        routes.post("/projects/:id/agents/:agent_id/allow-always", .role(.manager), allowAlways)
    }

    /// "Yes, and allow this from now on in this project" under a waiting agent's question.
    @Sendable func allowAlways(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try context.parameters.require("agent_id")
        return try await act(request, context, anchor: "agent-\(agent)") { id, _ in
            let rule = try await services.runtime.approvals.allowFromNowOn(projectID: id, agentID: agent, by: try context.requirePrincipal())
            return "Answered yes for \(agent), and rule \(rule.id ?? 0) allows “\(rule.pattern.prefix(80))” from now on in this project."
        }
    }

    /// A waiting agent's answer button, Interrupt (Esc), or the key box: space-separated tmux key names.
    @Sendable func keys(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try context.parameters.require("agent_id")
        return try await act(request, context, anchor: "agent-\(agent)") { id, form in
            let keys = (form["keys"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            // The answer's words, read before the keys change the screen: "Answered “Yes”", not "Sent 2".
            let asked = try await services.database.agent(projectID: id, id: agent).flatMap { $0.status == "waiting" ? $0.prompt : nil }
                .flatMap(AgentPrompt.init(storedText:))
            let chosen = asked?.options.first { $0.keys == keys }
            // The route's own `agent_id` parameter names the agent for the API handler.
            _ = try await AgentInteractionController(services: services).keys(
                try InternalRequest.make(.post, "/api/v1/projects/\(id)/agents/\(agent)/keys", json: ["keys": keys]), context: context)
            if let chosen { return "Answered “\(chosen.label)” for \(agent)." }
            return "Sent \(keys.joined(separator: " ")) to \(agent)."
        }
    }

    @Sendable func message(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, form in
            let target = form["target_agent"] ?? ""
            var json: [String: Any] = ["target_agent": target, "content": form["content"] ?? "", "priority": form["priority"] ?? "normal"]
            json["requires_response"] = form["requires_response"] != nil
            _ = try await MessageController(services: services).send(try InternalRequest.make(.post, "/api/v1/projects/\(id)/messages", json: json), context: context)
            return "Message queued for \(target)."
        }
    }

    /// Deletes an ended project's record, then back to the overview (the project page is gone).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let project = try await services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        do {
            _ = try await projects.terminate(try InternalRequest.make(.delete, "/api/v1/projects/\(id)?purge=true"), context: context)
            return PageFlash(kind: .notice, text: "Project \(project.name) was deleted. Its repository and branches are untouched.")
                .redirect(to: "/?status=all", secure: services.cookies.secure)
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/projects/\(id)", secure: services.cookies.secure)
        }
    }

    @Sendable func pause(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, _ in
            _ = try await projects.pause(try InternalRequest.make(.post, "/api/v1/projects/\(id)/pause"), context: context)
            return "Project paused. Its agents stopped; resume to start them again with a briefing."
        }
    }

    @Sendable func resume(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, _ in
            _ = try await projects.resume(try InternalRequest.make(.post, "/api/v1/projects/\(id)/resume"), context: context)
            return "Project resumed."
        }
    }

    @Sendable func terminate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, form in
            let remove = form["remove_worktrees"] != nil
            _ = try await projects.terminate(
                try InternalRequest.make(.delete, "/api/v1/projects/\(id)?remove_worktrees=\(remove)"), context: context)
            return remove ? "Project terminated and its worktrees removed." : "Project terminated. Its branches and worktrees are kept."
        }
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, form in
            let agent = form["agent_id"] ?? ""
            let result = try await git.merge(
                try InternalRequest.make(.post, "/api/v1/projects/\(id)/git/merge", json: ["source": agent, "strategy": form["strategy"] ?? "merge"]),
                context: context)
            return result.alreadyUpToDate
                ? "\(result.target) already has everything from \(agent)."
                : "Merged \(agent) into \(result.target) (\(result.strategy)), commit \(result.commitHash.prefix(8))."
        }
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, form in
            let strategy = form["strategy"] ?? ""
            let result = try await git.resolve(
                try InternalRequest.make(.post, "/api/v1/projects/\(id)/git/resolve", json: ["strategy": strategy]), context: context)
            return result.aborted ? "Merge aborted; nothing changed." : "Conflicts resolved with \(strategy); the merge is committed."
        }
    }

    @Sendable func scheduleCheckin(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, form in
            let agent = form["agent_id"] ?? ""
            var json: [String: Any] = ["target_agent": agent, "note": form["note"] ?? ""]
            let delay = form["delay_minutes"]?.trimmingCharacters(in: .whitespaces) ?? ""
            json["minutes"] = Double(delay).flatMap { $0.isFinite ? $0 : nil } ?? delay
            if let repeats = form["repeat_minutes"]?.trimmingCharacters(in: .whitespaces), !repeats.isEmpty { json["repeat_minutes"] = Int(repeats) ?? repeats }
            _ = try await CheckinController(services: services).create(
                try InternalRequest.make(.post, "/api/v1/projects/\(id)/checkins", json: json), context: context)
            return "Check-in scheduled for \(agent)."
        }
    }

    @Sendable func cancelCheckin(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { id, _ in
            let checkin = try context.parameters.require("checkin_id")
            _ = try await CheckinController(services: services).cancel(
                try InternalRequest.make(.delete, "/api/v1/projects/\(id)/checkins/\(checkin)"), context: context)
            return "Check-in cancelled."
        }
    }

    /// Reads the form, runs `work`, and redirects to the project page (or a local `return_to` page of it)
    /// with its notice, or with the problem when the handler refused.
    /// Runs a form's action and goes back with its outcome as a flash: to `return_to` when it is the project's own
    /// page, one of its agents' pages or the overview (`/`), else to the project page, at `anchor` when given (the
    /// page does not jump to its top).
    private func act(
        _ request: Request, _ context: AppRequestContext, anchor: String? = nil, _ work: (String, FormFields) async throws -> String
    ) async throws -> Response {
        var request = request
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let page = "/projects/\(id)"
        let asked = form["return_to"].flatMap { $0 == "/" || ($0.hasPrefix(page + "/") && !$0.contains("//") && !$0.contains("\\")) ? $0 : nil }
        let back = asked ?? (anchor.map { page + "#" + $0 } ?? page)
        let flash: PageFlash
        do {
            flash = PageFlash(kind: .notice, text: try await work(id, form))
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            flash = PageFlash(kind: .error, text: problem)
        }
        return flash.redirect(to: back, secure: services.cookies.secure)
    }
}
