import Crypto
import Foundation
import Testing

@testable import Orchestration

/// RFC 8291's worked example (its Appendix A): the same keys, salt and message give the same bytes, byte for byte.
@Suite("Web Push encryption against RFC 8291's worked example")
struct WebPushEncryptionTests {
    private func bytes(_ text: String) throws -> Data { try #require(Data(base64URLEncoded: text)) }

    @Test func theWorkedExampleEncryptsToTheRFCsBytes() throws {
        let plaintext = Data("When I grow up, I want to be a watermelon".utf8)
        let senderKey = try P256.KeyAgreement.PrivateKey(rawRepresentation: try bytes("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
        #expect(
            senderKey.publicKey.x963Representation
                == (try bytes("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8")))
        let body = try WebPushEncryption.encrypt(
            plaintext,
            receiverKey: try bytes("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            authSecret: try bytes("BTBZMqHH6r4Tts7J_aSIgg"), senderKey: senderKey, salt: try bytes("DGv6ra1nlYgDCS1FRnbzlw"))
        let expected = try bytes(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN")
        #expect(body == expected)
    }

    @Test func badSubscriptionKeysAreRefused() {
        #expect(throws: WebPushEncryption.KeyError.self) {
            try WebPushEncryption.encrypt(Data("x".utf8), receiverKey: Data(repeating: 4, count: 65), authSecret: Data(count: 16))
        }
        #expect(throws: WebPushEncryption.KeyError.self) {
            try WebPushEncryption.encrypt(Data("x".utf8), receiverKey: Data(count: 65), authSecret: Data(count: 15))
        }
    }
}
