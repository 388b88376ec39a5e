import Crypto
import Foundation

/// RFC 8291 message encryption for Web Push, `aes128gcm` content coding (RFC 8188): one record, the sender's
/// ephemeral P-256 public key as the key id.
package enum WebPushEncryption {
    /// Why a subscription's keys cannot be used.
    package struct KeyError: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    /// The record size announced in the header.
    static let recordSize: UInt32 = 4096

    /// Encrypts `plaintext` for a browser.
    /// - Parameters:
    ///   - receiverKey: the subscription's `p256dh`, an uncompressed P-256 point (65 bytes).
    ///   - authSecret: the subscription's `auth` (16 bytes).
    ///   - senderKey: the ephemeral key (a fresh one by default; fixed only by tests against known values).
    ///   - salt: 16 random bytes (fixed only by tests).
    /// - Returns: the request body: salt, record size, key id and the one encrypted record.
    package static func encrypt(
        _ plaintext: Data, receiverKey: Data, authSecret: Data,
        senderKey: P256.KeyAgreement.PrivateKey = P256.KeyAgreement.PrivateKey(), salt: Data = Data(SecureRandom.bytes(16))
    ) throws -> Data {
        guard authSecret.count == 16 else { throw KeyError(description: "the auth secret must be 16 bytes") }
        guard receiverKey.count == 65, receiverKey.first == 0x04,
            let receiver = try? P256.KeyAgreement.PublicKey(x963Representation: receiverKey)
        else { throw KeyError(description: "p256dh must be an uncompressed P-256 public key (65 bytes)") }
        guard plaintext.count <= Int(recordSize) - 17 - 86 else { throw KeyError(description: "the message is too long for one record") }
        let senderPublic = senderKey.publicKey.x963Representation
        let shared = try senderKey.sharedSecretFromKeyAgreement(with: receiver)
        // IKM = HKDF(salt: auth, ikm: ECDH secret, info: "WebPush: info" 0x00 ua_public as_public), 32 bytes.
        let keyInfo = Data("WebPush: info".utf8) + [0] + receiverKey + senderPublic
        let ikm = shared.withUnsafeBytes { secret in
            HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(secret)), salt: authSecret, info: keyInfo, outputByteCount: 32)
        }
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
        let cek = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Data("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonceBytes = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Data("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        let nonce = try nonceBytes.withUnsafeBytes { try AES.GCM.Nonce(data: Data($0)) }
        // The last (and only) record ends with the delimiter 0x02.
        let sealed = try AES.GCM.seal(plaintext + [2], using: cek, nonce: nonce)
        var body = salt
        withUnsafeBytes(of: recordSize.bigEndian) { body.append(contentsOf: $0) }
        body.append(UInt8(senderPublic.count))
        body.append(senderPublic)
        body.append(sealed.ciphertext)
        body.append(sealed.tag)
        return body
    }
}
