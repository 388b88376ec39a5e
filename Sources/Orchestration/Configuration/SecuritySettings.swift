/// Tokens, passwords, cookies and rate limits.
public struct SecuritySettings: Codable, Sendable, Equatable {
    /// Lifetime of a JWT access token, in seconds (1 hour).
    public var accessTokenTTLSeconds = 3600
    /// Lifetime of a refresh token, in seconds (14 days).
    public var refreshTokenTTLSeconds = 14 * 24 * 3600
    /// bcrypt work factor (4…31); each step doubles the cost of a login.
    public var bcryptCost = 12
    /// Force the `Secure` cookie attribute even without `server.tls`.
    public var secureCookies = false
    /// Requests per minute allowed to one identity (user, API key, or anonymous address).
    public var rateLimitPerMinute = 1200
    /// Login attempts per minute allowed from one address.
    public var loginAttemptsPerMinute = 10
    /// Failed logins allowed per username in `login_failure_window_seconds`.
    public var loginFailuresPerUsername = 5
    /// The window for `login_failures_per_username`, in seconds.
    public var loginFailureWindowSeconds = 300

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case accessTokenTTLSeconds = "access_token_ttl_seconds"
        case refreshTokenTTLSeconds = "refresh_token_ttl_seconds"
        case bcryptCost = "bcrypt_cost"
        case secureCookies = "secure_cookies"
        case rateLimitPerMinute = "rate_limit_per_minute"
        case loginAttemptsPerMinute = "login_attempts_per_minute"
        case loginFailuresPerUsername = "login_failures_per_username"
        case loginFailureWindowSeconds = "login_failure_window_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        accessTokenTTLSeconds = try c.value(.accessTokenTTLSeconds, or: d.accessTokenTTLSeconds)
        refreshTokenTTLSeconds = try c.value(.refreshTokenTTLSeconds, or: d.refreshTokenTTLSeconds)
        bcryptCost = try c.value(.bcryptCost, or: d.bcryptCost)
        secureCookies = try c.value(.secureCookies, or: d.secureCookies)
        rateLimitPerMinute = try c.value(.rateLimitPerMinute, or: d.rateLimitPerMinute)
        loginAttemptsPerMinute = try c.value(.loginAttemptsPerMinute, or: d.loginAttemptsPerMinute)
        loginFailuresPerUsername = try c.value(.loginFailuresPerUsername, or: d.loginFailuresPerUsername)
        loginFailureWindowSeconds = try c.value(.loginFailureWindowSeconds, or: d.loginFailureWindowSeconds)
    }
}
