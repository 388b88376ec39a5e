import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import Orchestration

@Suite("Webhook targets: public addresses, or hosts listed by the operator", .timeLimit(.minutes(3)))
struct WebhookPolicyTests {
    @Test func internalAddressesAreRefusedUnlessListed() {
        let policy = WebhookPolicy(allowedHosts: ["127.0.0.1"])
        #expect(policy.problem(with: "http://127.0.0.1:9000/hook") == nil, "listed")
        for url in ["http://localhost/x", "http://127.0.0.2/x", "http://10.1.2.3/x", "http://192.168.1.1/x", "http://172.20.0.1/x",
                    "http://169.254.169.254/latest", "http://[::1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x"] {
            #expect(policy.problem(with: url)?.contains("internal address") == true, "\(url) is refused")
        }
        #expect(policy.problem(with: "ftp://example.com/x") == "must be an http or https URL")
        #expect(policy.problem(with: "http://user:secret@127.0.0.1/x") != nil)
        #expect(policy.problem(with: "not a url") != nil)
        #expect(WebhookPolicy.isInternal("::ffff:10.0.0.1") && !WebhookPolicy.isInternal("93.184.216.34"))
        for address in ["::127.0.0.1", "192.0.2.7", "198.18.0.1", "198.19.255.1", "240.0.0.1", "255.255.255.255", "224.0.0.1",
                        "fec0::1", "ff02::1", "fe80::1%eth0", "2001:db8::1", "64:ff9b::a00:1"] {
            #expect(WebhookPolicy.isInternal(address), "\(address) is internal")
        }
        for url in ["http://[::127.0.0.1]/x", "http://[::ffff:127.0.0.1]/x", "http://192.0.2.1/x", "http://240.1.2.3/x"] {
            #expect(policy.problem(with: url)?.contains("internal address") == true, "\(url) is refused")
        }
        #expect(!WebhookPolicy.isInternal("2606:4700::1111") && !WebhookPolicy.isInternal("8.8.8.8"))
    }

    /// A receiver (allowed: loopback, listed) answers `307` to an internal address: the sender records the 307 and
    /// never calls the address it was sent to (a stand-in receiver on loopback, named as such).
    @Test func aRedirectIsAnAnswerNotAHop() async throws {
        let internalHits = Mutex(0)
        let internalRouter = Router()
        internalRouter.post("/secret") { _, _ in
            internalHits.withLock { $0 += 1 }
            return "inside"
        }
        try await Application(router: internalRouter).test(.live) { inside in
            let insidePort = try #require(inside.port)
            let receiver = Router()
            receiver.post("/hook") { _, _ in
                Response(status: .temporaryRedirect, headers: [.location: "http://127.0.0.1:\(insidePort)/secret"])
            }
            try await Application(router: receiver).test(.live) { client in
                let port = try #require(client.port)
                let sender = WebhookSender(policy: WebhookPolicy(allowedHosts: ["127.0.0.1"]), attempts: 1)
                let payload = WebhookPayload(event: "batch_item_completed", batchId: "b1", item: nil)
                let outcome = await sender.send(payload, to: "http://127.0.0.1:\(port)/hook", secret: "s")
                #expect(outcome == "failed: the receiver answered 307")
                #expect(internalHits.withLock { $0 } == 0, "the redirect was not followed")
            }
        }
    }

    @Test func theSignatureIsTheHMACOfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signature = WebhookSender.signature(of: Data("what do ya want for nothing?".utf8), secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
