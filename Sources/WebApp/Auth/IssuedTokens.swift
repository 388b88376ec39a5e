import Hummingbird

/// The answer to a login or refresh, exactly as the spec shapes it.
public struct IssuedTokens: ResponseEncodable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public var tokenType = "bearer"
    /// Seconds until the access token expires.
    public var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}
