import Foundation
import Hummingbird
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
        let model = SystemPageModel(
            chrome: services.pages.chrome("System", principal: principal, section: "system", script: "system.js"),
            system: try await MonitoringReports(services: services).system(), checks: await services.readiness.run(),
            databasePath: services.database.path)
        return services.pages.render("pages/system", model)
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
