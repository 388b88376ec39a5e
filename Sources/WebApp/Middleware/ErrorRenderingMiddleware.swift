import Foundation
import GitKit
import TmuxKit
import Hummingbird
import Logging
import OrchestratorCore
import Storage
import Orchestration

/// Turns every thrown error into a response: the JSON error shape for the API, an HTML page (or a
/// redirect to the login page) for pages. Unknown errors are logged and answered 500 without detail.
public struct ErrorRenderingMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let pages: PageRenderer

    /// - Parameter pages: renders the HTML error page.
    public init(pages: PageRenderer) { self.pages = pages }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status == .internalServerError {
                context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            }
            switch RequestKind(request) {
            case .api:
                return Self.json(apiError)
            case .page:
                if apiError.status == .unauthorized {
                    return Response.redirect(to: LoginRedirect.loginURL(returningTo: request.uri), type: .found)
                }
                var response = pages.errorPage(apiError, principal: context.principal)
                for (name, value) in apiError.headers { response.headers[.init(name)!] = value }
                return response
            }
        }
    }

    /// The JSON response for an ``APIError``.
    static func json(_ error: APIError) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(ErrorBody(error))) ?? Data(#"{"error":{"code":"internal_error","message":"","details":null}}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        for (name, value) in error.headers { headers[.init(name)!] = value }
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Maps any error to the status, code and message the client sees.
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationFailure:
            return .validation(error)
        case let error as AuthFailure:
            switch error {
            case .unauthenticated(let reason): return APIError(.unauthorized, "unauthenticated", reason)
            case .forbidden(let reason): return APIError(.forbidden, "forbidden", reason)
            }
        case let error as StorageError:
            switch error {
            case .usernameTaken(let name): return .conflict("username_taken", "username '\(name)' is already taken")
            case .userNotFound(let name): return .notFound("no user named '\(name)'")
            case .lastAdmin: return .conflict("last_admin", "the last admin cannot be removed or demoted")
            case .apiKeyNotFound(let id): return .notFound("no API key with id \(id)")
            }
        case let error as TmuxError:
            return APIError(.serviceUnavailable, "tmux_failed", "tmux could not do it: \(error)")
        case let error as GitError:
            return APIError(.conflict, "git_failed", "git could not do it: \(error)")
        case let error as any HTTPResponseError:
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "payload_too_large"
            case .badRequest: code = "bad_request"
            default: code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            }
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return APIError(error.status, code, message)
        default:
            return APIError(.internalServerError, "internal_error", "the server could not complete the request")
        }
    }
}
