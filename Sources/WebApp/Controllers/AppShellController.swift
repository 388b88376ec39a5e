import Foundation
import Hummingbird
import NIOCore
import Orchestration

/// `GET /manifest.webmanifest` and `GET /sw.js`: what makes the dashboard an installable app. The service worker is
/// served from the root so its scope is the whole site; both come from `Public/`.
struct AppShellController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/manifest.webmanifest", .public) { _, _ in try serve("manifest.webmanifest", type: "application/manifest+json") }
        routes.get("/sw.js", .public) { _, _ in try serve("sw.js", type: "text/javascript; charset=utf-8") }
    }

    private func serve(_ name: String, type: String) throws -> Response {
        guard let folder = services.publicFolder, let data = FileManager.default.contents(atPath: folder + "/" + name) else {
            throw APIError.notFound("\(name) is not installed")
        }
        // A new service worker or manifest is picked up on the next visit, never held by a cache.
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
