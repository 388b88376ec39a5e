import Crypto
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts a batch's events to its webhook, signed `X-Orchestrator-Signature: sha256=<HMAC-SHA256 of the body>` with the
/// batch's secret, retried with backoff (1 s, 2 s, 4 s) until the receiver answers 2xx.
package struct WebhookSender: Sendable {
    let policy: WebhookPolicy
    let attempts: Int

    package init(policy: WebhookPolicy, attempts: Int = 4) {
        self.policy = policy
        self.attempts = attempts
    }

    /// `sha256=` and the hex HMAC of `body`.
    package static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends `payload`; returns the outcome to record (`200`, or `failed: …`).
    package func send(_ payload: WebhookPayload, to address: String, secret: String) async -> String {
        // Checked again at each send: a name may resolve elsewhere than when the batch was created.
        if let problem = policy.problem(with: address) { return "refused: \(problem)" }
        guard let url = URL(string: address), let body = try? payload.body() else { return "failed: unusable payload or URL" }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.signature(of: body, secret: secret), forHTTPHeaderField: "X-Orchestrator-Signature")
        request.setValue(payload.event, forHTTPHeaderField: "X-Orchestrator-Event")
        var outcome = "failed"
        for attempt in 0..<attempts {
            if attempt > 0 { try? await Task.sleep(for: .seconds(1 << (attempt - 1))) }
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return "\(status)" }
                outcome = "failed: the receiver answered \(status)"
            } catch {
                outcome = "failed: \(error.localizedDescription)"
            }
        }
        return outcome
    }
}
