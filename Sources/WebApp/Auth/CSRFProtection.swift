import Crypto
import Foundation
import Orchestration

/// CSRF tokens bound to a login session: `HMAC-SHA256(secret, session id)`, so nothing extra is stored.
///
/// Pages put the token in a `<meta name="csrf-token">` tag and in a hidden `csrf_token` form field;
/// cookie-authenticated unsafe requests must send it back (form field or `X-CSRF-Token` header).
public struct CSRFProtection: Sendable {
    private let key: SymmetricKey

    /// Creates the protection from a server secret (kept 0600 in the data dir).
    public init(secret: [UInt8]) { self.key = SymmetricKey(data: secret) }

    /// The token for a session.
    public func token(forSession sessionID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(sessionID.utf8), using: key)
        return Data(mac).base64URLEncoded
    }

    /// Whether `candidate` is the token for the session, compared in constant time.
    public func isValid(_ candidate: String, forSession sessionID: String) -> Bool {
        let expected = Array(token(forSession: sessionID).utf8)
        let given = Array(candidate.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
