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
        let value = kind.rawValue + "." + Data(shown.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        response.setCookie(Cookie(name: Self.cookieName, value: value, maxAge: 60, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
        return response
    }

    /// The flash a request carries, if any.
    static func read(_ request: Request) -> PageFlash? {
        guard let value = request.cookies[cookieName]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        guard let kind = Kind(rawValue: String(value[..<dot])) else { return nil }
        var encoded = String(value[value.index(after: dot)...]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        return PageFlash(kind: kind, text: String(text.prefix(2000)))
    }

    /// Removes a shown flash.
    static func clear(_ response: inout Response, secure: Bool) {
        response.setCookie(
            Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }
}
