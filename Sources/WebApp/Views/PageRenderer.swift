import Foundation
import Hummingbird
import Logging
import Mustache
import OrchestratorCore
import Orchestration

/// Renders typed page models with the Mustache templates in `Templates/`.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let csrf: CSRFProtection

    /// Loads every template under `directory` once.
    public init(directory: String, csrf: CSRFProtection) async throws {
        self.library = try await MustacheLibrary(directory: directory)
        self.csrf = csrf
    }

    /// The chrome for a page seen by `principal`.
    public func chrome(_ title: String, principal: Principal?, section: String = "", script: String = "") -> PageChrome {
        PageChrome(
            title: title, principal: principal, csrfToken: principal?.sessionID.map { csrf.token(forSession: $0) } ?? "", section: section,
            pageScript: script)
    }

    /// Renders `model` with the template `name` (e.g. `pages/login`).
    public func render(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok) -> HTML {
        guard let markup = library.render(model, withTemplate: name) else {
            return HTML(markup: "<!doctype html><title>Template missing</title><p>Template \(name) is missing.</p>", status: .internalServerError)
        }
        return HTML(markup: markup, status: status)
    }

    /// The error page for `error`.
    func errorPage(_ error: APIError, principal: Principal?) -> Response {
        let heading: String
        switch error.status {
        case .notFound: heading = "Page not found"
        case .forbidden: heading = "Not allowed"
        case .tooManyRequests: heading = "Slow down"
        case .internalServerError: heading = "Something went wrong"
        default: heading = error.status.reasonPhrase
        }
        let model = ErrorPageModel(
            chrome: chrome(heading, principal: principal), status: error.status.code, heading: heading, message: error.message)
        let html = render("pages/error", model, status: error.status)
        return Response(
            status: error.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }
}
