import Hummingbird
import Orchestration

/// Whether a request is for the API (JSON answers) or a page (HTML answers, redirects to the login page).
enum RequestKind {
    case api
    case page

    init(_ request: Request) {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/auth/") || path.hasPrefix("/ws/") || path == "/metrics" || path == "/mcp" {
            self = .api
        } else {
            self = .page
        }
    }
}
