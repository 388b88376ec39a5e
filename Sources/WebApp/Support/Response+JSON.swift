import Foundation
import Hummingbird
import Orchestration

extension ResponseEncodable {
    /// This value as a JSON response with `status` and cookies.
    func response(status: HTTPResponse.Status = .ok, cookies: [Cookie] = [], from request: Request, context: AppRequestContext) throws -> Response {
        var response = try EditedResponse(status: status, response: self).response(from: request, context: context)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}

/// A small JSON object answer such as `{"logged_out": true}`.
struct Flag: ResponseEncodable {
    var values: [String: Bool]
    func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}
