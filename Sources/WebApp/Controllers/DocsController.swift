import Foundation
import Hummingbird
import Orchestration
import Synchronization

/// `GET /openapi.json` (the OpenAPI 3.1 document of every route) and `GET /docs` (a reference page rendered from it on
/// the server). Registered last, so the document covers every route, these two included.
struct DocsController {
    let services: AppServices

    /// The document, written once every route is registered.
    final class Document: Sendable {
        let bytes = Mutex(Data())
    }

    func addRoutes(to routes: inout RouteRegistrar) {
        let document = Document()
        let pages = services.pages
        routes.get("/openapi.json", .public) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(bytes: document.bytes.withLock { $0 })))
        }
        routes.get("/docs", .public) { request, context in
            let json = document.bytes.withLock { $0 }
            return pages.render("pages/docs", DocsPageModel(
                chrome: pages.chrome("API reference", principal: context.principal, section: "docs"),
                document: (try? JSONSerialization.jsonObject(with: json) as? [String: Any]) ?? [:],
                base: request.head.authority.map { "http://" + $0 } ?? "http://127.0.0.1:8000"))
        }
        let data = OpenAPIDocument.json(for: routes.catalog, version: SystemController.version)
        document.bytes.withLock { $0 = data }
    }
}
