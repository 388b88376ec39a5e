import Foundation
import Storage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers one encrypted message to one subscription's push service (RFC 8030): `TTL`, `Urgency`, `Topic` (a newer
/// message with the same topic replaces one not yet shown), VAPID authorization; 429 and 5xx are retried with backoff.
package struct PushSender: Sendable {
    /// What a push service made of a message.
    package enum Outcome: Sendable, Equatable {
        /// Taken (2xx).
        case delivered(Int)
        /// The subscription is gone (404 or 410): forget it.
        case gone(Int)
        /// Refused, or no answer, after the retries.
        case failed(String)
    }

    let keys: VAPIDKeys
    let policy: WebhookPolicy
    let subject: String
    let attempts: Int
    let backoff: Duration

    package init(keys: VAPIDKeys, policy: WebhookPolicy, subject: String, attempts: Int = 3, backoff: Duration = .seconds(1)) {
        self.keys = keys
        self.policy = policy
        self.subject = subject
        self.attempts = attempts
        self.backoff = backoff
    }

    /// Why `endpoint` may not take pushes, or nil: https to a public host, or a host listed in
    /// `batch.webhook_allowed_hosts` (how tests reach a stand-in on loopback, over http too).
    package func problem(with endpoint: String) -> String? {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            return "must be an https URL"
        }
        if scheme == "http", !policy.allowedHosts.contains(host) { return "must be https (http only for a host in ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS)" }
        return policy.problem(with: endpoint)
    }

    /// Encrypts `message` to `subscription` and posts it; `retried` hears why each try before a retry failed.
    package func send(
        _ message: PushMessage, to subscription: PushSubscription, urgency: String, topic: String, ttl: Int = 3600,
        retried: (String) -> Void = { _ in }
    ) async -> Outcome {
        if let problem = problem(with: subscription.endpoint) { return .failed("refused: \(problem)") }
        guard let url = URL(string: subscription.endpoint), let receiver = Data(base64URLEncoded: subscription.p256dh),
            let auth = Data(base64URLEncoded: subscription.auth)
        else { return .failed("the subscription's keys are not base64url") }
        let body: Data
        let authorization: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            body = try WebPushEncryption.encrypt(try encoder.encode(message), receiverKey: receiver, authSecret: auth)
            authorization = try keys.authorization(for: url, subject: subject)
        } catch {
            return .failed("\(error)")
        }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("aes128gcm", forHTTPHeaderField: "Content-Encoding")
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        request.setValue(String(ttl), forHTTPHeaderField: "TTL")
        request.setValue(urgency, forHTTPHeaderField: "Urgency")
        request.setValue(topic, forHTTPHeaderField: "Topic")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        var outcome = Outcome.failed("not sent")
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 {
                if case .failed(let reason) = outcome { retried(reason) }
                try? await Task.sleep(for: backoff * (1 << (attempt - 1)))
            }
            do {
                let (_, response) = try await WebhookSender.session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                switch status {
                case 200..<300: return .delivered(status)
                case 404, 410: return .gone(status)
                case 429, 500..<600: outcome = .failed("the push service answered \(status)")
                default: return .failed("the push service answered \(status)")
                }
            } catch {
                outcome = .failed(error.localizedDescription)
            }
        }
        return outcome
    }
}
