import Foundation
import JWTKit
import Orchestration

/// Keeps the ES256 keys that sign access tokens in `<data>/jwt-keys.json` (mode 0600).
///
/// The newest key signs; older keys still verify, so a key can be rotated without logging everybody out.
public struct SigningKeyStore: Sendable {
    struct StoredKey: Codable, Sendable {
        var kid: String
        var alg: String
        var pem: String
        var createdAt: Date
    }

    struct KeyFile: Codable, Sendable {
        var keys: [StoredKey]
    }

    /// The key file's path.
    public let path: String

    /// A store for the key file at `path`.
    public init(path: String) { self.path = path }

    /// Loads the keys, generating the first one when the file does not exist yet.
    /// - Returns: a key collection that verifies with every stored key and signs with the newest, and the newest kid.
    public func loadOrCreate() async throws -> (keys: JWTKeyCollection, activeKID: String) {
        var file = try read() ?? KeyFile(keys: [])
        if file.keys.isEmpty {
            file.keys.append(Self.newKey())
            try write(file)
        }
        let collection = JWTKeyCollection()
        for stored in file.keys {
            let key = try ES256PrivateKey(pem: stored.pem)
            await collection.add(ecdsa: key, kid: JWKIdentifier(string: stored.kid))
        }
        return (collection, file.keys[file.keys.count - 1].kid)
    }

    /// Adds a new signing key; older keys keep verifying tokens already issued.
    /// - Returns: the new key's id.
    @discardableResult
    public func rotate() throws -> String {
        var file = try read() ?? KeyFile(keys: [])
        let key = Self.newKey()
        file.keys.append(key)
        file.keys = Array(file.keys.suffix(3))
        try write(file)
        return key.kid
    }

    private static func newKey() -> StoredKey {
        let key = ES256PrivateKey()
        return StoredKey(kid: "k" + SecureRandom.token(bytes: 9), alg: "ES256", pem: key.pemRepresentation, createdAt: Date())
    }

    private func read() throws -> KeyFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(KeyFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func write(_ file: KeyFile) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecretFile.write(encoder.encode(file), to: path)
    }
}
