import Foundation
import Storage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts a notice to a chat or webhook channel in the format its service documents: a signed JSON webhook (as batch
/// webhooks are signed), Slack's and Discord's incoming webhooks, an ntfy topic (title, priority, click URL in
/// headers), Telegram's `sendMessage`. Outgoing hosts follow the batch webhook policy; redirects are not followed;
/// 429 and 5xx are retried with backoff.
package struct ChannelSender: Sendable {
    /// The kinds of channel there are.
    package static let kinds = ["webhook", "slack", "discord", "ntfy", "telegram"]

    let policy: WebhookPolicy
    /// Where links in messages point (the dashboard as people reach it).
    let publicURL: String
    /// Telegram's Bot API (a stand-in's address in tests).
    let telegramAPI: String
    let attempts: Int
    let backoff: Duration

    package init(policy: WebhookPolicy, publicURL: String, telegramAPI: String, attempts: Int = 3, backoff: Duration = .seconds(1)) {
        self.policy = policy
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.telegramAPI = telegramAPI.hasSuffix("/") ? String(telegramAPI.dropLast()) : telegramAPI
        self.attempts = attempts
        self.backoff = backoff
    }

    /// Where a channel's messages go.
    package func address(of channel: NotificationChannel) -> String? {
        channel.kind == "telegram" ? channel.secret.map { "\(telegramAPI)/bot\($0)/sendMessage" } : channel.url
    }

    /// Why `url` may not be a channel's address, or nil.
    package func problem(with url: String) -> String? { policy.problem(with: url) }

    /// Builds and posts the message; returns each try's outcome (`delivered` or `failed: …`), the final one last.
    package func send(_ message: PushMessage, to channel: NotificationChannel) async -> [String] {
        var tries: [String] = []
        let final = await send(message, to: channel) { tries.append($0) }
        return tries + [final]
    }

    private func send(_ message: PushMessage, to channel: NotificationChannel, retried: (String) -> Void) async -> String {
        guard let address = address(of: channel), let url = URL(string: address) else { return "failed: the channel has no address" }
        if let problem = policy.problem(with: address) { return "failed: refused: \(problem)" }
        let link = publicURL + message.url
        let text = [message.title, message.question ?? message.body, link].joined(separator: "\n")
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        do {
            switch channel.kind {
            case "webhook":
                var object: [String: Any] = [
                    "event": message.event, "title": message.title, "body": message.body, "url": link,
                    "options": message.options ?? [], "timestamp": ISO8601DateFormatter().string(from: Date()),
                ]
                object["project_id"] = message.projectId
                object["agent_id"] = message.agentId
                object["question"] = message.question
                let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                request.httpBody = body
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.setValue(WebhookSender.signature(of: body, secret: channel.secret ?? ""), forHTTPHeaderField: "X-Orchestrator-Signature")
                request.setValue(message.event, forHTTPHeaderField: "X-Orchestrator-Event")
            case "slack":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["text": text])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            case "discord":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["content": String(text.prefix(2000)), "username": "Tmux Orchestrator"])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            case "ntfy":
                request.httpBody = Data((message.question ?? message.body).utf8)
                request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
                // Header values must stay on one line.
                request.setValue(message.title.replacingOccurrences(of: "\n", with: " "), forHTTPHeaderField: "Title")
                request.setValue(message.event == "test" ? "default" : "high", forHTTPHeaderField: "Priority")
                request.setValue(link, forHTTPHeaderField: "Click")
                request.setValue("robot", forHTTPHeaderField: "Tags")
                if let token = channel.secret, !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            case "telegram":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["chat_id": channel.chatId ?? "", "text": text, "disable_web_page_preview": true])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            default:
                return "failed: unknown kind \(channel.kind)"
            }
        } catch {
            return "failed: \(error)"
        }
        var outcome = "failed"
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 {
                retried(outcome)
                try? await Task.sleep(for: backoff * (1 << (attempt - 1)))
            }
            do {
                let (_, response) = try await WebhookSender.session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return "delivered" }
                outcome = "failed: the service answered \(status)"
                if status != 429 && status < 500 { return outcome }
            } catch {
                outcome = "failed: \(error.localizedDescription)"
            }
        }
        return outcome
    }
}
