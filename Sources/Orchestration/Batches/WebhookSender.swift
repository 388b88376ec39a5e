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

    /// A session that follows no redirect: a receiver's `307` to an internal address is an answer, not a hop.
    static let session = URLSession(configuration: .ephemeral, delegate: RedirectRefusal(), delegateQueue: nil)

    /// `sha256=` and the hex HMAC of `body`.
    package static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends `payload`; returns the outcome to record (`200`, or `failed: …`).
    package func send(_ payload: WebhookPayload, to address: String, secret: String) async -> String {
        // Checked again at each send: a name may resolve elsewhere than when the batch was created.
        let pinned: String?
        switch policy.check(address) {
        case .refused(let problem): return "refused: \(problem)"
        case .allowed(let address): pinned = address
        }
        guard let url = URL(string: address), let body = try? payload.body() else { return "failed: unusable payload or URL" }
        // Plain http goes to the address that was checked, with the name in Host: a second lookup cannot lead
        // inside. (https checks the certificate against the name, so an answer from elsewhere fails the handshake.)
        var target = url
        var hostHeader: String?
        if let pinned, let host = url.host, url.scheme?.lowercased() == "http", var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            parts.host = pinned.contains(":") ? "[\(pinned)]" : pinned
            if let direct = parts.url {
                target = direct
                hostHeader = url.port.map { "\(host):\($0)" } ?? host
            }
        }
        var request = URLRequest(url: target, timeoutInterval: 10)
        if let hostHeader { request.setValue(hostHeader, forHTTPHeaderField: "Host") }
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.signature(of: body, secret: secret), forHTTPHeaderField: "X-Orchestrator-Signature")
        request.setValue(payload.event, forHTTPHeaderField: "X-Orchestrator-Event")
        var outcome = "failed"
        for attempt in 0..<attempts {
            if attempt > 0 { try? await Task.sleep(for: .seconds(1 << (attempt - 1))) }
            do {
                let (_, response) = try await Self.session.data(for: request)
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
