import Foundation
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
    }

    @Test func theSignatureIsTheHMACOfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signature = WebhookSender.signature(of: Data("what do ya want for nothing?".utf8), secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
