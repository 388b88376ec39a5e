import Foundation
import Hummingbird
import Intelligence
import OrchestratorCore
import Storage
import Orchestration

/// `/system` (health, readiness, metrics with sparklines) and `POST /api/v1/markdown` (the preview the
/// create form shows while a spec is typed).
struct SystemPageController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/system", .role(.viewer), system)
        routes.post("/api/v1/markdown", .role(.viewer), markdown)
    }

    @Sendable func system(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        var model = SystemPageModel(
            chrome: services.pages.chrome("System", principal: principal, section: "system", script: "system.js"),
            system: try await MonitoringReports(services: services).system(), checks: await services.readiness.run(),
            databasePath: services.database.path, intelligence: Self.describe(await services.intelligence.engine.health()))
        if principal.role == .admin {
            model.backups = await BackupsCardModel(schedule: services.runtime.backups, notice: request.uri.queryParameters["notice"].map(String.init))
        }
        return services.pages.render("pages/system", model)
    }

    /// `openai smollm2: healthy (140 ms)`, `heuristic: healthy`, `openai …: down (the model server could not be reached…)`.
    static func describe(_ health: ModelHealth) -> String {
        var text = health.provider + (health.model.map { " \($0)" } ?? "") + ": " + health.state
        if let latency = health.latencyMs, health.state == "healthy" { text += " (\(Int(latency.rounded())) ms)" }
        if let error = health.lastError { text += " (\(error))" }
        return text
    }

    struct MarkdownRequest: Decodable { var text: String }

    struct MarkdownResponse: ResponseEncodable { var html: String }

    /// Renders Markdown the way the pages do (raw HTML dropped).
    @Sendable func markdown(_ request: Request, context: AppRequestContext) async throws -> MarkdownResponse {
        var request = request
        let body = try await request.decodeBody(MarkdownRequest.self, context: context)
        var check = Validator()
        check.require(body.text.utf8.count <= 200_000, "text", "must be at most 200000 bytes")
        try check.done()
        return MarkdownResponse(html: Markdown.html(body.text))
    }
}
