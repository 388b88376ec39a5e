import Hummingbird
import Orchestration

/// Refuses logins posted from another site (login CSRF: being signed in to an attacker's account).
enum CrossSiteLogin {
    /// Throws 403 when the browser says the request came from another site.
    static func check(_ request: Request) throws {
        if request.headers[.init("Sec-Fetch-Site")!] == "cross-site" {
            throw APIError(.forbidden, "cross_site_request", "logins from other sites are refused")
        }
        guard let origin = request.headers[.origin], origin != "null" else { return }
        let originHost = origin.split(separator: "://", maxSplits: 1).last.map(String.init) ?? origin
        if let host = request.head.authority, originHost != host {
            throw APIError(.forbidden, "cross_site_request", "logins from other sites are refused")
        }
    }
}
