import Hummingbird
import Orchestration

/// The answer to a login or refresh, exactly as the spec shapes it.
public struct IssuedTokens: ResponseEncodable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public var tokenType = "bearer"
    /// Seconds until the access token expires.
    public var expiresIn: Int
    /// False when the refresh token travels only in its HttpOnly cookie and must not reach page scripts.
    var revealsRefreshToken = true

    /// The same answer with the refresh token left out of the body (it is still set as a cookie).
    var withoutRefreshTokenInBody: IssuedTokens {
        var copy = self
        copy.revealsRefreshToken = false
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        if revealsRefreshToken { try container.encode(refreshToken, forKey: .refreshToken) }
        try container.encode(tokenType, forKey: .tokenType)
        try container.encode(expiresIn, forKey: .expiresIn)
    }
}
