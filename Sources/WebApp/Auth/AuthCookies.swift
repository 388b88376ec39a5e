import Foundation
import Hummingbird
import Orchestration

/// The login cookies: `HttpOnly; SameSite=Strict`, `Secure` under TLS or by config.
public struct AuthCookies: Sendable {
    /// Holds the JWT access token.
    public static let accessName = "orc_access"
    /// Holds the opaque refresh token.
    public static let refreshName = "orc_refresh"

    /// Whether to add `Secure`.
    public let secure: Bool

    /// Creates the cookie policy.
    public init(secure: Bool) { self.secure = secure }

    /// Cookies that carry a fresh token pair.
    public func issue(_ tokens: IssuedTokens, refreshTTL: Int) -> [Cookie] {
        [
            Cookie(
                name: Self.accessName, value: tokens.accessToken, maxAge: tokens.expiresIn, path: "/", secure: secure,
                httpOnly: true, sameSite: .strict),
            Cookie(
                name: Self.refreshName, value: tokens.refreshToken, maxAge: refreshTTL, path: "/", secure: secure,
                httpOnly: true, sameSite: .strict),
        ]
    }

    /// Cookies that make the browser forget both tokens.
    public func clear() -> [Cookie] {
        [Self.accessName, Self.refreshName].map {
            Cookie(name: $0, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
        }
    }
}
