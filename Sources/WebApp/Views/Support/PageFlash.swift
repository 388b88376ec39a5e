import Foundation
import Hummingbird
import Orchestration

/// A one-time notice carried across a form's redirect in a short-lived cookie (not the URL, so links
/// cannot plant text in a page).
struct PageFlash: Sendable, Equatable {
    /// Whether it reports success or a problem.
    enum Kind: String, Sendable { case notice, error }

    static let cookieName = "orc_flash"

    var kind: Kind
    var text: String

    /// A redirect to `location` that shows this flash there.
    func redirect(to location: String, secure: Bool) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        // Cookies past about 4 KB are dropped by browsers: long texts (git's own words) are cut.
        let shown = text.utf8.count > 1000 ? String(decoding: Array(text.utf8.prefix(1000)), as: UTF8.self).replacingOccurrences(of: "\u{FFFD}", with: "") + "…" : text
        // The flash belongs to the page it was made for: the path is kept with it, and no other page shows it.
        let path = String(location.prefix { $0 != "?" && $0 != "#" })
        let value = kind.rawValue + "." + Self.encode(shown) + "." + Self.encode(path)
        response.setCookie(Cookie(name: Self.cookieName, value: value, maxAge: 30, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
        return response
    }

    /// The flash a request carries for its own page, if any.
    static func read(_ request: Request) -> PageFlash? {
        guard let value = request.cookies[cookieName]?.value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let kind = Kind(rawValue: parts[0]), let text = decode(parts[1]), decode(parts[2]) == request.uri.path else {
            return nil
        }
        return PageFlash(kind: kind, text: String(text.prefix(2000)))
    }

    private static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ text: String) -> String? {
        var encoded = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while encoded.count % 4 != 0 { encoded += "=" }
        return Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// Removes a shown flash.
    static func clear(_ response: inout Response, secure: Bool) {
        response.setCookie(
            Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }
}
