import Crypto
import Foundation

/// The server's VAPID key (RFC 8292): made on first start, kept 0600 in `<data>/vapid-keys.json` (a backup holds
/// it), so browsers' subscriptions stay valid across restarts and restores.
package struct VAPIDKeys: Sendable {
    package let privateKey: P256.Signing.PrivateKey

    /// The public key as browsers' `applicationServerKey` wants it: the uncompressed point, base64url.
    package var publicKeyBase64URL: String { privateKey.publicKey.x963Representation.base64URLEncoded }

    private struct Stored: Codable {
        var pem: String
        var createdAt: Date
    }

    /// Loads the key from `<dataDir>/vapid-keys.json`, making it the first time.
    package static func loadOrCreate(dataDir: String) throws -> VAPIDKeys {
        let path = dataDir + "/" + DataFiles.vapidKeys
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        if let data = FileManager.default.contents(atPath: path), let stored = try? decoder.decode(Stored.self, from: data) {
            return VAPIDKeys(privateKey: try P256.Signing.PrivateKey(pemRepresentation: stored.pem))
        }
        let key = P256.Signing.PrivateKey()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(Stored(pem: key.pemRepresentation, createdAt: Date()))
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else { throw BackupError("cannot write \(path)") }
        return VAPIDKeys(privateKey: key)
    }

    /// `Authorization: vapid t=<JWT>, k=<public key>` for a push to `endpoint`: an ES256 JWT whose audience is the
    /// endpoint's origin, valid 12 hours.
    package func authorization(for endpoint: URL, subject: String, now: Date = Date()) throws -> String {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { throw WebPushEncryption.KeyError(description: "the endpoint has no origin") }
        let audience = scheme + "://" + host + (endpoint.port.map { ":\($0)" } ?? "")
        let header = Data(#"{"typ":"JWT","alg":"ES256"}"#.utf8).base64URLEncoded
        let claims = try JSONSerialization.data(
            withJSONObject: ["aud": audience, "exp": Int(now.timeIntervalSince1970) + 12 * 3600, "sub": subject], options: [.sortedKeys])
        let signingInput = header + "." + claims.base64URLEncoded
        let signature = try privateKey.signature(for: Data(signingInput.utf8)).rawRepresentation
        return "vapid t=\(signingInput).\(signature.base64URLEncoded), k=\(publicKeyBase64URL)"
    }
}

extension Data {
    /// Decodes unpadded (or padded) base64url.
    package init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 = base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
