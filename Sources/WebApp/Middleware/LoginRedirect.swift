import Foundation
import Hummingbird
import HummingbirdCore
import Orchestration

/// Builds and checks the `next` target of the login page, refusing anything that leaves this site.
enum LoginRedirect {
    /// `/login?next=<the page asked for>`.
    static func loginURL(returningTo uri: URI) -> String {
        var target = uri.path
        if let query = uri.query, !query.isEmpty { target += "?" + query }
        guard target != "/" else { return "/login" }
        let encoded = target.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? "/"
        return "/login?next=" + encoded
    }

    /// `next` when it is a path on this site, else `/`.
    static func safeTarget(_ next: String?) -> String {
        // Browsers drop tabs and newlines and treat `\` as `/` while parsing, so `/\t/evil` would leave the site:
        // refuse any whitespace, control character or backslash, and anything that parses with a scheme or host.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            !next.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
            let components = URLComponents(string: next), components.scheme == nil, components.host == nil
        else { return "/" }
        return next
    }
}
