import Crypto
import Foundation

/// Random secrets and their text forms.
package enum SecureRandom {
    /// `count` bytes from the system's cryptographically secure generator.
    package static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `count` random bytes as unpadded base64url, safe in cookies, headers and URLs.
    package static func token(bytes count: Int = 32) -> String {
        Data(bytes(count)).base64URLEncoded
    }

    /// Lowercase hex SHA-256 of `text`: how tokens and keys are stored.
    package static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    /// Unpadded base64url (RFC 4648 §5).
    package var base64URLEncoded: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
